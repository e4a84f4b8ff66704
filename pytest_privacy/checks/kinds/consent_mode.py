"""consent_mode: every Google tag request of the visit (that counts for its state) states
the expected Google Consent Mode values in its gcs / gcd parameters. A Google tag request
without them fails as "Consent Mode not implemented"; no Google tag request at all holds."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from pytest_privacy.checks.base import CheckContext, Finding
from pytest_privacy.checks.draft import DraftContext, Drafted
from pytest_privacy.checks.google_consent import TYPES, consent_params, is_google_tag
from pytest_privacy.checks.kind import CheckKind
from pytest_privacy.evidence import Evidence
from pytest_privacy.inventory import short_url

SCHEMA: Mapping[str, Any] = {
    "type": "object", "additionalProperties": False, "minProperties": 1,
    "properties": {kind: {"enum": ["denied", "granted"],
                          "description": f"The {kind} state every Google tag request states."}
                   for kind in TYPES},
}


def _where(url: str, gcs: str | None, gcd: str | None) -> str:
    """The endpoint and what it stated (the whole URL is in the evidence)."""
    parts = urlsplit(url)
    sent = " ".join(f"{name}={value}" for name, value in (("gcs", gcs), ("gcd", gcd))
                    if value is not None)
    return short_url(f"{parts.scheme}://{parts.netloc}{parts.path}") + (f" ({sent})" if sent
                                                                         else "")


def check_consent_mode(evidence: Evidence, params: Mapping[str, Any],
                       ctx: CheckContext) -> list[Finding]:
    requests = [item for item in ctx.inventory(evidence).of("requests")
                if is_google_tag(item.name)]
    missing: list[str] = []
    wrong: dict[str, list[str]] = {kind: [] for kind in TYPES if kind in params}
    for item in requests:
        stated = consent_params(item.name)
        if not stated.implemented:
            missing.append(f"{_where(item.name, None, None)}: {stated.why_not()}")
            continue
        for kind in wrong:
            state = stated.states.get(kind)
            if state != params[kind]:
                seen = f"{kind} {state}" if state else f"{kind} not stated"
                detail = stated.how.get(kind) or (
                    f"gcd {stated.gcd!r}" if stated.gcd else f"gcs {stated.gcs!r}, no gcd")
                wrong[kind].append(f"{_where(item.name, stated.gcs, stated.gcd)}: {seen} "
                                   f"({detail})")
    findings = []
    if missing:
        findings.append(Finding(
            "consent_mode: implemented",
            f"Consent Mode not implemented: {len(missing)} of {len(requests)} Google tag "
            "request(s) state no consent (gcs, gcd)",
            tuple(dict.fromkeys(missing))))
    for kind, items in wrong.items():
        if items:
            findings.append(Finding(
                f"consent_mode: {kind} {params[kind]}",
                f"{len(items)} of {len(requests)} Google tag request(s) do not state "
                f"{kind}={params[kind]}", tuple(dict.fromkeys(items))))
    return findings


def draft_consent_mode(d: DraftContext) -> list[Drafted]:
    """Where Google tags are seen: denied everywhere before a choice, after a reject and with
    GPC; granted after accepting. Nothing to promise on a site without Google tags."""
    if not any(is_google_tag(item.name) for item in d.ctx.inventory(d.evidence).of("requests")):
        return []
    params = dict.fromkeys(TYPES, "granted" if d.state == "after_accept" else "denied")
    findings = check_consent_mode(d.evidence, params, d.ctx)
    if findings:
        return [Drafted(None, (findings[0].message,))]
    return [Drafted(params)]


KIND = CheckKind("consent_mode", SCHEMA, check_consent_mode, draft=draft_consent_mode,
                 doc="Google tag requests state these Consent Mode values (gcs, gcd).")
