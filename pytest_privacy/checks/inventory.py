"""cookies / requests / storage: none_of, only, absent, present."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pytest_privacy.checks.base import CheckContext, Finding, name_matcher, site_host
from pytest_privacy.classify import Verdict, host_of, is_third_party
from pytest_privacy.classify.party import domain_matches
from pytest_privacy.evidence import Evidence
from pytest_privacy.spec.model import canonical_category


@dataclass(frozen=True)
class Observed:
    """One cookie, request or storage item as a check sees it."""

    name: str
    verdict: Verdict
    description: str
    phase: str


def _phase_filter(evidence: Evidence) -> str | None:
    """After a consent action only what exists after it counts."""
    return "after_consent" if evidence.consent else None


def observed_cookies(evidence: Evidence, ctx: CheckContext) -> list[Observed]:
    phase = _phase_filter(evidence)
    site = site_host(evidence)
    out = []
    for cookie in evidence.cookies:
        if phase and cookie.phase != phase:
            continue
        verdict = ctx.classifier.cookie(cookie.name, cookie.domain, site)
        party = "third party" if is_third_party(cookie.domain, site) else "first party"
        setter = ""
        if cookie.set_by:
            how = "script" if cookie.set_by_kind == "script" else "response"
            setter = f", set by {how} {cookie.set_by}"
        out.append(Observed(cookie.name, verdict,
                            f"cookie {cookie.name} (domain {cookie.domain}, {party}) — "
                            f"{verdict.category}, {verdict.source}{setter}", cookie.phase))
    return out


def observed_requests(evidence: Evidence, ctx: CheckContext) -> list[Observed]:
    phase = _phase_filter(evidence)
    site = site_host(evidence)
    out = []
    for request in evidence.requests:
        if phase and request.phase != phase:
            continue
        verdict = ctx.classifier.request(request.url, site, request.resource_type,
                                         request.frame_url or evidence.final_url)
        out.append(Observed(request.url, verdict,
                            f"{request.method} {_short(request.url)} ({request.resource_type}) — "
                            f"{verdict.category}, {verdict.source}", request.phase))
    return out


def observed_storage(evidence: Evidence, ctx: CheckContext) -> list[Observed]:
    phase = _phase_filter(evidence)
    out = []
    for item in evidence.storage:
        if phase and item.phase != phase:
            continue
        verdict = ctx.classifier.storage(item.key)
        setter = f", set by script {item.set_by}" if item.set_by else ""
        out.append(Observed(item.key, verdict,
                            f"{item.kind}Storage {item.key} (origin {item.origin}) — "
                            f"{verdict.category}, {verdict.source}{setter}", item.phase))
    return out


def _short(url: str, limit: int = 160) -> str:
    return url if len(url) <= limit else url[: limit - 1] + "…"


def _request_matcher(pattern: str) -> Any:
    """For requests, a bare entry is a domain (subdomains included); re: searches the URL."""
    if pattern.startswith("re:"):
        return name_matcher(pattern)
    return lambda url: domain_matches(host_of(url), pattern)


def _inventory(kind: str, items: list[Observed], params: Mapping[str, Any]) -> list[Finding]:
    findings: list[Finding] = []
    seen_label = {"cookies": "cookie", "requests": "request", "storage": "storage item"}[kind]
    if "none_of" in params:
        banned = {canonical_category(c) for c in params["none_of"]}
        hits = [o for o in items if o.verdict.category in banned]
        if hits:
            findings.append(Finding(
                f"{kind}: none_of {sorted(banned)}",
                f"{len(hits)} {seen_label}(s) in a forbidden category", _unique(hits)))
    if "only" in params:
        allowed = {canonical_category(c) for c in params["only"]}
        hits = [o for o in items if o.verdict.category not in allowed]
        if hits:
            findings.append(Finding(
                f"{kind}: only {sorted(allowed)}",
                f"{len(hits)} {seen_label}(s) outside the allowed categories", _unique(hits)))
    match = _request_matcher if kind == "requests" else name_matcher
    for pattern in params.get("absent", []):
        test = match(pattern)
        hits = [o for o in items if test(o.name)]
        if hits:
            findings.append(Finding(f"{kind}: absent {pattern!r}",
                                    f"{seen_label} {pattern!r} is present", _unique(hits)))
    for pattern in params.get("present", []):
        test = match(pattern)
        if not any(test(o.name) for o in items):
            findings.append(Finding(f"{kind}: present {pattern!r}",
                                    f"no {seen_label} matches {pattern!r} "
                                    f"({len(items)} {kind} seen)"))
    return findings


def _unique(items: list[Observed]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(o.description for o in items))


def check_cookies(evidence: Evidence, params: Mapping[str, Any],
                  ctx: CheckContext) -> list[Finding]:
    return _inventory("cookies", observed_cookies(evidence, ctx), params)


def check_requests(evidence: Evidence, params: Mapping[str, Any],
                   ctx: CheckContext) -> list[Finding]:
    return _inventory("requests", observed_requests(evidence, ctx), params)


def check_storage(evidence: Evidence, params: Mapping[str, Any],
                  ctx: CheckContext) -> list[Finding]:
    return _inventory("storage", observed_storage(evidence, ctx), params)
