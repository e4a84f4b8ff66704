"""The user's own knowledge files, loaded once per session into one `Knowledge`."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pytest_privacy.classify.cookiedb import load_cookie_db
from pytest_privacy.classify.filters import load_filter_list, parse_filter_list_option
from pytest_privacy.classify.knowledge import Knowledge


def load_user_knowledge(cookie_dbs: Iterable[Path | str] = (),
                        filter_lists: Iterable[str | tuple[Path | str, str]] = ()
                        ) -> Knowledge | None:
    """Cookie databases first, then filter lists, each in the order given (earlier wins).

    `filter_lists` items are "FILE[=CATEGORY]" option values or (path, category) pairs.
    None when there is nothing to load. Raises ConfigError on the first bad file.
    """
    parts: list[Knowledge] = [load_cookie_db(path) for path in cookie_dbs]
    for item in filter_lists:
        path, category = parse_filter_list_option(item) if isinstance(item, str) else item
        parts.append(load_filter_list(path, category))
    if not parts:
        return None
    total = parts[0]
    for part in parts[1:]:
        total = total + part
    return total
