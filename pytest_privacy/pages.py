"""The pages a spec's checks run on when it asks for more (site.crawl, site.sitemap): found
once per test session, and the same in every pytest-xdist worker (each worker collects on its
own, and xdist requires that they all collect the same items: the first worker to ask
discovers and writes the result into a file named after xdist's run id, the others read it).
No pytest here."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from pytest_privacy.browser.fetch import discover_in_browser
from pytest_privacy.browser.runner import Visits
from pytest_privacy.discover import DiscoveryError, origin_of
from pytest_privacy.errors import PrivacyError
from pytest_privacy.spec import Spec

WAIT_POLL_S = 0.2


@dataclass(frozen=True)
class Found:
    """The pages of a spec (its own first, as written) and what discovery left out."""

    pages: tuple[str, ...]
    notes: tuple[str, ...]
    origin: str


_CACHE: dict[str, Found] = {}
_OWNED: list[Path] = []  # the answer files this process wrote for the other xdist workers


def absolute(page: str, base: str | None) -> str:
    if page.startswith(("http://", "https://")) or not base:
        return page
    return urljoin(base.rstrip("/") + "/", page.lstrip("/"))


def spec_pages(spec: Spec, base: str | None, visits: Visits, run_id: str | None = None,
               context_args: dict[str, Any] | None = None) -> Found:
    """site.pages and, with site.crawl or site.sitemap, the pages found from them, fetched in
    a browser context made with `context_args` (the spec's visits' own: its log-in, HTTP
    credentials, proxy).

    Raises DiscoveryError (a sentence) when the site cannot be reached."""
    if spec.crawl is None:
        return Found(spec.pages, (), "")
    urls = [absolute(p, base) for p in spec.pages]
    key = hashlib.sha1(repr((urls, spec.crawl)).encode("utf-8")).hexdigest()[:16]
    found = _CACHE.get(key)
    if found is None:
        args = context_args if context_args is not None else visits.base_context_args()
        found = _shared(key, run_id, lambda: _discover(spec, urls, visits, args),
                        spec.crawl.seconds + 3 * visits.cfg.timeout_ms / 1000 + 120)
        _CACHE[key] = found
    return found


def _discover(spec: Spec, urls: list[str], visits: Visits, args: dict[str, Any]) -> Found:
    crawl = spec.crawl
    assert crawl is not None
    bound = crawl.seconds + 2 * visits.cfg.timeout_ms / 1000 + 60  # the launch included
    try:
        found = visits.with_browser(
            lambda browser: discover_in_browser(browser, urls, crawl, visits.cfg, args),
            bound)
    except (TimeoutError, asyncio.TimeoutError):
        raise DiscoveryError(f"discovering the pages of {urls[0]} did not finish within "
                             f"{bound:.0f} s; lower site.crawl.seconds or "
                             "--privacy-timeout.") from None
    pages = list(spec.pages) + found.pages[len(spec.pages):]
    return Found(tuple(pages), tuple(found.notes), origin_of(urls[0]))


def _shared(key: str, run_id: str | None, make: Callable[[], Found], wait_s: float) -> Found:
    """`make()` in one process of an xdist run, its result read by the others."""
    if run_id is None:
        return make()
    folder = Path(tempfile.gettempdir()) / f"pytest-privacy-pages-{run_id}"
    folder.mkdir(parents=True, exist_ok=True)
    result, lock = folder / f"{key}.json", folder / f"{key}.lock"
    try:
        os.close(os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:  # another worker discovers: wait for its answer
        deadline = time.monotonic() + wait_s
        while not result.exists():
            if time.monotonic() > deadline:
                raise DiscoveryError("another pytest-xdist worker did not finish discovering "
                                     f"the pages within {wait_s:.0f} s.") from None
            time.sleep(WAIT_POLL_S)
        data = json.loads(result.read_text(encoding="utf-8"))
        if data.get("error"):
            raise DiscoveryError(data["error"]) from None
        return Found(tuple(data["pages"]), tuple(data["notes"]), data["origin"])
    _OWNED.append(result)
    try:
        found = make()
        data = {"pages": found.pages, "notes": found.notes, "origin": found.origin}
    except PrivacyError as exc:
        data = {"error": str(exc)}
        _write(result, data)
        raise
    _write(result, data)
    return found


def forget() -> None:
    """At the end of the session (every worker collected long before): remove the answers
    this process wrote, and their folder when it is empty."""
    while _OWNED:
        result = _OWNED.pop()
        for path in (result, result.with_suffix(".lock")):
            path.unlink(missing_ok=True)
        try:
            result.parent.rmdir()
        except OSError:
            pass  # another spec's answer is still there


def _write(path: Path, data: dict[str, object]) -> None:
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(data), encoding="utf-8")
    partial.replace(path)


def found_lines(found: dict[str, Found]) -> list[str]:
    """The terminal summary of discovery: how many pages each spec runs on, what was left
    out and why (the first few)."""
    lines = []
    for path, one in found.items():
        lines.append(f"privacy: {len(one.pages)} pages of {one.origin} discovered for "
                     f"{Path(path).name}" + (f"; {len(one.notes)} notes:" if one.notes else ""))
        lines += [f"    {note}" for note in one.notes[:10]]
        if len(one.notes) > 10:
            lines.append(f"    … and {len(one.notes) - 10} more")
    return lines
