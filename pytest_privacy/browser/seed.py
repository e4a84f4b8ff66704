"""A consent given once: what the entry page showed until the banner was answered, and the
browser state it left, from which every visit in that consent state starts.

A visitor answers the banner once and the choice holds on every page after; the harness
does the same. The first visit in a consent state (per entry page, signals, context) answers
the banner in a context of its own; its cookies, localStorage and sessionStorage seed a fresh
context for each page of that state, which then loads only its own page. Each page's
evidence starts with the entry page's records (requests, cookies, storage before the choice,
the banner, the action) as if it had answered the banner itself."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

from pytest_privacy.evidence import (
    BannerRecord,
    ConsentAction,
    CookieRecord,
    FingerprintRecord,
    RequestRecord,
    StorageRecord,
)

CookieKey = tuple[str, str, str, str]  # name, domain, path, phase
MAX_SESSION_ITEMS = 2000  # sessionStorage keys carried over per origin

# sessionStorage of every frame (origin -> [key, value]); Playwright's storage state has
# cookies and localStorage only, and some consent managers keep the choice per tab.
SESSION_STORAGE = """(most) => {
  const out = [];
  try { for (let i = 0; i < sessionStorage.length && i < most; i++) {
    const k = sessionStorage.key(i); out.push([k, sessionStorage.getItem(k)]); } }
  catch (e) {}
  return {origin: location.origin, items: out};
}"""


@dataclass(frozen=True)
class ConsentSeed:
    """The entry page's records up to the choice, and the state the choice left."""

    storage_state: dict[str, Any]  # Playwright's: cookies and localStorage per origin
    session_storage: dict[str, list[tuple[str, str]]]  # origin -> items (per tab)
    elapsed_s: float  # how long answering the banner took; the page's times follow it
    status: int | None  # the entry page's HTTP status
    settled: bool
    initial_ms: float
    requests: tuple[RequestRecord, ...]
    cookies: dict[CookieKey, CookieRecord]  # before the choice (phase "initial")
    storage: tuple[StorageRecord, ...]
    fingerprinting: tuple[FingerprintRecord, ...]
    banner: BannerRecord | None
    consent: ConsentAction
    # who wrote what, read on the entry page after the choice (the next page cannot know)
    cookie_setters: dict[tuple[str, str, str], tuple[str | None, str | None, float]] = \
        field(default_factory=dict)
    storage_setters: dict[tuple[str, str, str], str] = field(default_factory=dict)

    def restore_script(self) -> str | None:
        """An init script that puts the entry tab's sessionStorage back, origin by origin,
        without overwriting what a page already wrote (None when there was none)."""
        if not any(self.session_storage.values()):
            return None
        data = json.dumps(self.session_storage)
        return ("(() => { const seed = " + data + "; const items = seed[location.origin]; "
                "if (!items) return; try { for (const [k, v] of items) { if ("
                "sessionStorage.getItem(k) === null) sessionStorage.setItem(k, v); } } "
                "catch (e) {} })();")

    def copy_records(self) -> tuple[dict[CookieKey, CookieRecord], list[StorageRecord],
                                    list[FingerprintRecord], list[RequestRecord]]:
        """Fresh copies of the entry page's records for one visit's evidence."""
        return ({k: replace(c) for k, c in self.cookies.items()},
                [replace(s) for s in self.storage],
                [replace(f) for f in self.fingerprinting],
                [replace(r) for r in self.requests])

    def credit(self, cookies: list[CookieRecord], storage: list[StorageRecord]) -> None:
        """Name the writer of a cookie or storage key the seed brought along (the page of the
        visit only loaded with it; the entry page wrote it)."""
        for cookie in cookies:
            if cookie.set_by is None:
                found = self.cookie_setters.get((cookie.name, cookie.domain, cookie.path))
                if found is not None:
                    cookie.set_by, cookie.set_by_kind, cookie.seen_ms = found
        for record in storage:
            if record.set_by is None:
                record.set_by = self.storage_setters.get((record.kind, record.origin,
                                                          record.key))


def session_items(found: list[dict[str, Any]]) -> dict[str, list[tuple[str, str]]]:
    """SESSION_STORAGE's answers from several frames, one list per origin."""
    out: dict[str, list[tuple[str, str]]] = {}
    for answer in found:
        origin = answer.get("origin")
        if not origin or origin == "null":
            continue
        items = out.setdefault(origin, [])
        known = {k for k, _ in items}
        items.extend((str(k), str(v)) for k, v in answer.get("items", []) if k not in known)
    return out
