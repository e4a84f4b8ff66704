"""Which analytics and advertising SDKs a page carries, from the built-in catalogue (sdks.json).

Pure functions over what a visit recorded: the URLs of the page's requests and the page
globals found (`fbq`, `gtag`, `analytics._writeKey`, ...). The visit's page script
(browser/sdks.js) only reports which of `global_paths()` exist.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from pytest_privacy.classify.knowledge import sdk_data


@dataclass(frozen=True)
class Sdk:
    name: str
    category: str
    globals: tuple[str, ...]
    scripts: tuple[re.Pattern[str], ...]
    cookies: tuple[re.Pattern[str], ...]
    storage: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class SdkSeen:
    name: str
    category: str
    via: tuple[str, ...]  # "global fbq", "script https://connect.facebook.net/..."


def _cdn(package: str) -> re.Pattern[str]:
    return re.compile(r"//(cdn\.jsdelivr\.net/npm/|unpkg\.com/|esm\.sh/|cdn\.skypack\.dev/)"
                      + re.escape(package) + "(@|/)")


@cache
def catalogue() -> tuple[Sdk, ...]:
    return tuple(Sdk(
        name=item["name"], category=item["category"], globals=tuple(item.get("globals", ())),
        scripts=tuple([re.compile(r) for r in item.get("scripts", ())]
                      + [_cdn(p) for p in item.get("npm", ())]),
        cookies=tuple(re.compile(r) for r in item.get("cookies", ())),
        storage=tuple(re.compile(r) for r in item.get("storage", ())),
    ) for item in sdk_data()["sdks"])


@cache
def global_paths() -> tuple[str, ...]:
    """Every page global (a dotted path) that gives an SDK away."""
    return tuple(dict.fromkeys(g for sdk in catalogue() for g in sdk.globals))


def sdks_seen(urls: Iterable[str], globals_found: Iterable[str]) -> list[SdkSeen]:
    """The SDKs whose scripts were fetched or whose globals exist, in catalogue order."""
    found = set(globals_found)
    urls = list(dict.fromkeys(urls))
    out = []
    for sdk in catalogue():
        via = [f"global {g}" for g in sdk.globals if g in found]
        via += [f"script {u}" for u in urls if any(r.search(u) for r in sdk.scripts)][:3]
        if via:
            out.append(SdkSeen(sdk.name, sdk.category, tuple(via)))
    return out


def sdk_behind(name: str, set_by: str | None = None, storage: bool = False,
               seen: Iterable[str] = ()) -> str | None:
    """The SDK that wrote a cookie or storage key: by the script that wrote it, else by its
    name's documented format (preferring SDKs seen on the page)."""
    if set_by:
        for sdk in catalogue():
            if any(r.search(set_by) for r in sdk.scripts):
                return sdk.name
    present = set(seen)
    matches = [sdk.name for sdk in catalogue()
               if any(r.fullmatch(name) for r in (sdk.storage + sdk.cookies if storage
                                                   else sdk.cookies))]
    preferred = [m for m in matches if m in present]
    chosen = preferred or matches
    return chosen[0] if chosen else None
