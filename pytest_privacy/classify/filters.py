"""Adblock-style filter lists (EasyPrivacy, EasyList, hosts files) through Brave's engine.

Each list stands for one category chosen by the user ("easyprivacy.txt=analytics"); a
request that a list would block gets that category, and the verdict quotes the filter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pytest_privacy.classify.knowledge import Knowledge, Verdict, read_user_file
from pytest_privacy.errors import ConfigError
from pytest_privacy.taxonomy import TAXONOMY, canonical_category

# A list named like one of these gets its category without "=CATEGORY".
DEFAULT_CATEGORIES = (("easyprivacy", "analytics"), ("easylist", "marketing"))

# Playwright's resource types -> the request types filter options speak of.
_REQUEST_TYPES = {
    "document": "document",
    "stylesheet": "stylesheet",
    "image": "image",
    "media": "media",
    "font": "font",
    "script": "script",
    "texttrack": "media",
    "xhr": "xmlhttprequest",
    "fetch": "xmlhttprequest",
    "eventsource": "other",
    "websocket": "websocket",
    "manifest": "other",
    "ping": "ping",
    "beacon": "ping",
    "object": "object",
    "sub_frame": "sub_frame",
    "subdocument": "sub_frame",
    "xmlhttprequest": "xmlhttprequest",
    "other": "other",
}

_HOSTS_LINE = re.compile(r"^(?:0\.0\.0\.0|127\.0\.0\.1|::1?|::)\s+[A-Za-z0-9_.-]+\s*(?:#.*)?$")
_COSMETIC = re.compile(r"#[@?$%]?#|#@?\$\?#|#\+js\(")


def request_type(resource_type: str, third_party: bool = False) -> str:
    """The filter-list request type for a browser resource type.

    A third-party "document" is a frame inside the page ($subdocument), not the page itself.
    """
    kind = _REQUEST_TYPES.get(resource_type.lower(), "other")
    if kind == "document" and third_party:
        return "sub_frame"
    return kind


@dataclass(frozen=True)
class FilterList:
    """One compiled list: its file name, its category, the engine and the rules it ignored."""

    path: Path
    category: str
    engine: Any = field(repr=False, compare=False)
    rules: int
    ignored: tuple[tuple[int, str], ...] = ()

    @property
    def name(self) -> str:
        return self.path.name

    def match(self, url: str, source_url: str, request_type: str) -> str | None:
        """The text of the filter that blocks `url` loaded by `source_url`, or None."""
        result = self.engine.check_network_urls(url, source_url or url, request_type)
        if not result.matched:
            return None
        return str(result.filter) if result.filter else "(a filter)"

    def verdict(self, url: str, source_url: str, request_type: str) -> Verdict | None:
        text = self.match(url, source_url, request_type)
        if text is None:
            return None
        return Verdict(self.category, f"filter: {text} in {self.name}")

    def warning(self) -> str:
        if not self.ignored:
            return ""
        line, text = self.ignored[0]
        more = f" and {len(self.ignored) - 1} more" if len(self.ignored) > 1 else ""
        return (f"{self.path}:{line}: the filter engine cannot use {text!r}{more}; "
                f"{self.rules} other rules of this list are in use.")


def parse_filter_list_option(value: str) -> tuple[Path, str]:
    """`FILE[=CATEGORY]` -> (path, category); EasyPrivacy/EasyList names imply a category."""
    text = value.strip()
    head, sep, tail = text.rpartition("=")
    if sep and tail.strip() and "/" not in tail and "\\" not in tail:
        category = canonical_category(tail.strip().lower())
        if category not in TAXONOMY:
            raise ConfigError(
                f"--privacy-filter-list {value}: unknown category {tail.strip()!r}; "
                f"use one of {', '.join(TAXONOMY)} (or an alias such as targeting).")
        return Path(head.strip()), category
    path = Path(text)
    lowered = path.name.lower()
    for marker, category in DEFAULT_CATEGORIES:
        if marker in lowered:
            return path, category
    raise ConfigError(
        f"--privacy-filter-list {value}: no category for this list; "
        f"name one, e.g. --privacy-filter-list {value}=marketing.")


def load_filter_list(path: Path | str, category: str) -> Knowledge:
    """Compiles an adblock-style list (ABP/uBO syntax or a hosts file) for one category."""
    path = Path(path)
    canonical = canonical_category(category.strip().lower())
    if canonical not in TAXONOMY:
        raise ConfigError(f"{path}: unknown category {category!r} for a filter list; "
                          f"use one of {', '.join(TAXONOMY)}.")
    text = read_user_file(path, "filter list")
    standard: list[tuple[int, str]] = []
    hosts: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith(("!", "#", "[")):
            continue
        if line.startswith("<") and not standard and not hosts:
            raise ConfigError(f"{path}:{number}: this looks like an HTML page, not a filter "
                              "list; download the list's raw text.")
        if _HOSTS_LINE.match(line):
            hosts.append(line)
        elif not _COSMETIC.search(line):
            standard.append((number, line))
    if not standard and not hosts:
        raise ConfigError(f"{path}: no network filter rules found (only comments or "
                          "element-hiding rules); give a list such as EasyPrivacy or EasyList.")
    engine = _compile([rule for _, rule in standard], hosts)
    disabled = {_without_badfilter(rule) for _, rule in standard if "badfilter" in rule}
    ignored = tuple((n, rule) for n, rule in standard
                    if rule not in disabled and "badfilter" not in rule
                    and not engine.filter_exists(rule))
    used = len(standard) - len(ignored) + len(hosts)
    if used == 0:
        number, rule = ignored[0]
        raise ConfigError(f"{path}:{number}: the filter engine cannot use {rule!r}, nor any "
                          "other rule of this list; check its syntax (Adblock Plus / uBlock).")
    return Knowledge(filters=(FilterList(path, canonical, engine, used, ignored),))


def _without_badfilter(rule: str) -> str:
    """The rule a `$badfilter` rule switches off."""
    head, _, options = rule.rpartition("$")
    kept = [o for o in options.split(",") if o.strip() != "badfilter"]
    return f"{head}${','.join(kept)}" if kept else head


def _compile(standard: list[str], hosts: list[str]) -> Any:
    try:
        import adblock
    except ImportError:  # pragma: no cover - the package depends on it
        raise ConfigError("filter lists need the 'adblock' package (Brave's adblock-rust); "
                          "install it with: pip install 'pytest-privacy[filters]'") from None
    filter_set = adblock.FilterSet(debug=True)
    if standard:
        filter_set.add_filters(standard, format="standard")
    if hosts:
        filter_set.add_filters(hosts, format="hosts")
    # Not optimised: optimising merges rules, and a verdict must quote the one that matched.
    return adblock.Engine(filter_set, optimize=False)
