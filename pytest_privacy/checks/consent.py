"""banner and consent_state: what the visitor is shown, and what the consent manager stored."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pytest_privacy.checks.base import CheckContext, Finding
from pytest_privacy.evidence import Evidence
from pytest_privacy.spec.model import canonical_category


def check_banner(evidence: Evidence, params: Mapping[str, Any],
                 ctx: CheckContext) -> list[Finding]:
    banner = evidence.banner
    findings = []
    visible = bool(banner.get("visible"))
    waited = banner.get("waited_ms")
    if "visible" in params and params["visible"] != visible:
        if visible:
            findings.append(Finding("banner: visible false", f"a consent banner is shown "
                                    f"({banner.get('detected_by')})"))
        else:
            seen = banner.get("scripts") or []
            extra = f"; consent scripts seen: {', '.join(seen)}" if seen else ""
            findings.append(Finding("banner: visible true", f"no consent banner appeared within "
                                    f"{waited} ms{extra}"))
    if params.get("has_reject"):
        if not visible:
            findings.append(Finding("banner: has_reject", "no banner, so no reject control "
                                    f"on its first layer (waited {waited} ms)"))
        elif not banner.get("has_reject"):
            accept = banner.get("accept_control")
            findings.append(Finding("banner: has_reject", "the banner's first layer has no "
                                    f"reject control{f' (accept is {accept!r})' if accept else ''}"
                                    f"; found by {banner.get('detected_by')}"))
    return findings


def check_consent_state(evidence: Evidence, params: Mapping[str, Any],
                        ctx: CheckContext) -> list[Finding]:
    findings = []
    granted = evidence.consent_categories
    read = ", ".join(sorted(evidence.consent_state)) or "none"
    for key, want in (("denied", False), ("granted", True)):
        if key not in params:
            continue
        if not granted:
            findings.append(Finding(f"consent_state: {key}", "no consent manager on the page "
                                    f"exposes its state by category (APIs read: {read})"))
            continue
        for category in (canonical_category(c) for c in params[key]):
            if category not in granted:
                findings.append(Finding(f"consent_state: {key} {category}", f"the consent "
                                        f"manager says nothing about {category} (it reports: "
                                        f"{sorted(granted)})"))
            elif granted[category] != want:
                findings.append(Finding(f"consent_state: {key} {category}", f"the consent "
                                        f"manager has {category} "
                                        f"{'granted' if granted[category] else 'denied'}",
                                        (f"state read from: {read}",)))
    if params.get("tcf_no_purposes"):
        tcf = evidence.consent_state.get("tcf")
        if not isinstance(tcf, dict) or "purposes_consented" not in tcf:
            why = tcf.get("error") if isinstance(tcf, dict) else "no __tcfapi on the page"
            findings.append(Finding("consent_state: tcf_no_purposes", f"no TCF data: {why}"))
        elif tcf["purposes_consented"]:
            findings.append(Finding("consent_state: tcf_no_purposes", "TCF purposes with "
                                    f"consent: {tcf['purposes_consented']}"))
    return findings
