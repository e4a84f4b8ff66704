"""Whether a regular expression a spec gives compiles, said as a sentence."""

from __future__ import annotations

import re


def regex_problem(pattern: str) -> list[str]:
    """[] when `pattern` compiles, else one sentence saying why not."""
    try:
        re.compile(pattern)
    except re.error as exc:
        return [f"invalid regular expression {pattern!r} ({exc.msg} at position {exc.pos})."]
    except (RecursionError, OverflowError, ValueError):
        return [f"regular expression {pattern!r} is too large or nested to compile; "
                "simplify it."]
    return []
