"""consent_state: what the consent manager stored, read from its own API."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pytest_privacy.checks.base import CheckContext, Finding
from pytest_privacy.checks.draft import OPTIONAL, DraftContext, Drafted
from pytest_privacy.checks.kind import CheckKind
from pytest_privacy.evidence import Evidence
from pytest_privacy.taxonomy import canonical_category

SCHEMA: Mapping[str, Any] = {
    "type": "object", "additionalProperties": False, "minProperties": 1,
    "description": "What the consent manager stored, read from its own API.",
    "properties": {
        "denied": {"$ref": "#/$defs/categories"},
        "granted": {"$ref": "#/$defs/categories"},
        "tcf_no_purposes": {"type": "boolean", "description": "No TCF purpose has consent."},
    },
}


def check_consent_state(evidence: Evidence, params: Mapping[str, Any],
                        ctx: CheckContext) -> list[Finding]:
    findings = []
    granted = evidence.consent_state.categories
    read = ", ".join(sorted(evidence.consent_state.apis)) or "none"
    for key, want in (("denied", False), ("granted", True)):
        if key not in params:
            continue
        if not granted:
            # nothing to judge: the API was never there, so this is no pass
            findings.append(Finding(f"consent_state: {key}", "no consent manager on the page "
                                    f"exposes its state by category (APIs read: {read})",
                                    inconclusive=True))
            continue
        for category in (canonical_category(c) for c in params[key]):
            if category not in granted:
                findings.append(Finding(f"consent_state: {key} {category}", f"the consent "
                                        f"manager says nothing about {category} (it reports: "
                                        f"{sorted(granted)})", inconclusive=True))
            elif granted[category] != want:
                findings.append(Finding(f"consent_state: {key} {category}", f"the consent "
                                        f"manager has {category} "
                                        f"{'granted' if granted[category] else 'denied'}",
                                        (f"state read from: {read}",)))
    if params.get("tcf_no_purposes"):
        tcf = evidence.consent_state.api("tcf")
        if not isinstance(tcf, dict) or "purposes_consented" not in tcf:
            why = tcf.get("error") if isinstance(tcf, dict) else "no __tcfapi on the page"
            findings.append(Finding("consent_state: tcf_no_purposes", f"no TCF data: {why}",
                                    inconclusive=True))
        elif tcf["purposes_consented"]:
            findings.append(Finding("consent_state: tcf_no_purposes", "TCF purposes with "
                                    f"consent: {tcf['purposes_consented']}"))
    return findings


def draft_consent_state(d: DraftContext) -> list[Drafted]:
    """After a reject, the categories the consent manager says are denied; after an accept,
    those it says are granted."""
    key, want = {"after_reject": ("denied", False),
                 "after_accept": ("granted", True)}.get(d.state, ("", None))
    said = [c for c in OPTIONAL if d.evidence.consent_state.categories.get(c) is want]
    return [Drafted({key: said})] if key and said else []


KIND = CheckKind("consent_state", SCHEMA, check_consent_state, draft=draft_consent_state)
