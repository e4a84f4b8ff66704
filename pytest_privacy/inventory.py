"""The classified inventory: evidence + classifier -> every cookie, request and storage item
with its category, why, party, setter and phase, and whether it counts for the visit's state.

Checks, the terminal report, the HTML report and `scan` all read this one stage."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pytest_privacy.classify import Classifier, Verdict, host_of, is_third_party
from pytest_privacy.classify.sdks import sdk_behind
from pytest_privacy.evidence import CookieRecord, Evidence, RequestRecord, StorageRecord

ItemKind = Literal["cookie", "request", "storage"]
MAX_URL_SHOWN = 160


@dataclass(frozen=True)
class Item:
    """One observed cookie, request or storage item, classified."""

    kind: ItemKind
    name: str  # cookie name, request URL, storage key
    verdict: Verdict
    third_party: bool
    phase: str  # "initial" or "after_consent"
    counted: bool  # after a consent action only what exists after it counts
    description: str  # one line for reports
    set_by: str | None = None
    set_by_kind: str | None = None  # "response" | "script"
    where: str = ""  # cookie domain, request host, storage origin
    record: CookieRecord | RequestRecord | StorageRecord | None = None

    @property
    def category(self) -> str:
        return self.verdict.category

    @property
    def party(self) -> str:
        return "third party" if self.third_party else "first party"


@dataclass(frozen=True)
class Inventory:
    """Every item of one visit, in the order observed."""

    cookies: tuple[Item, ...]
    requests: tuple[Item, ...]
    storage: tuple[Item, ...]

    def of(self, kind: str, counted_only: bool = True) -> tuple[Item, ...]:
        """`kind` is cookies | requests | storage."""
        items: tuple[Item, ...] = getattr(self, kind)
        return tuple(i for i in items if i.counted) if counted_only else items


def site_host(evidence: Evidence) -> str:
    """The host the browser really landed on, which decides first and third party."""
    return host_of(evidence.final_url or evidence.url)


def short_url(url: str, limit: int = MAX_URL_SHOWN) -> str:
    return url if len(url) <= limit else url[: limit - 1] + "…"


def _counts(evidence: Evidence, phase: str) -> bool:
    return not evidence.consent or phase == "after_consent"


def _setter(set_by: str | None, set_by_kind: str | None, verdict: Verdict | None = None,
            sdk: str | None = None) -> str:
    """', set by script URL' unless the verdict already says it; '; SDK Name' when known."""
    text = ""
    if set_by:
        how = "script" if set_by_kind == "script" else "response"
        if verdict is None or short_url(set_by, 120) not in verdict.source:
            text = f", set by {how} {short_url(set_by, 120)}"
    return text + (f"; SDK {sdk}" if sdk else "")


def classify_evidence(evidence: Evidence, classifier: Classifier) -> Inventory:
    """The visit's items, each classified once."""
    site = site_host(evidence)
    seen = [s.name for s in evidence.sdks]
    cookies = []
    for c in evidence.cookies:
        verdict = classifier.cookie(c.name, c.domain, site, set_by=c.set_by,
                                    set_by_kind=c.set_by_kind)
        third = is_third_party(c.domain, site)
        party = "third party" if third else "first party"
        sdk = sdk_behind(c.name, c.set_by, seen=seen)
        cookies.append(Item(
            "cookie", c.name, verdict, third, c.phase, _counts(evidence, c.phase),
            f"cookie {c.name} (domain {c.domain}, {party}) — {verdict.category}, "
            f"{verdict.source}{_setter(c.set_by, c.set_by_kind, verdict, sdk)}",
            c.set_by, c.set_by_kind, c.domain, c))
    requests = []
    for r in evidence.requests:
        verdict = classifier.request(r.url, site, r.resource_type,
                                     r.frame_url or evidence.final_url)
        host = host_of(r.url)
        requests.append(Item(
            "request", r.url, verdict, is_third_party(host, site), r.phase,
            _counts(evidence, r.phase),
            f"{r.method} {short_url(r.url)} ({r.resource_type}) — {verdict.category}, "
            f"{verdict.source}", None, None, host, r))
    storage = []
    for s in evidence.storage:
        verdict = classifier.storage(s.key, set_by=s.set_by, site_host=site)
        sdk = sdk_behind(s.key, s.set_by, storage=True, seen=seen)
        storage.append(Item(
            "storage", s.key, verdict, is_third_party(host_of(s.origin), site), s.phase,
            _counts(evidence, s.phase),
            f"{s.kind}Storage {s.key} (origin {s.origin}) — {verdict.category}, "
            f"{verdict.source}{_setter(s.set_by, 'script' if s.set_by else None, verdict, sdk)}",
            s.set_by, "script" if s.set_by else None, s.origin, s))
    return Inventory(tuple(cookies), tuple(requests), tuple(storage))
