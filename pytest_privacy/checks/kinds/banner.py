"""banner: what the visitor is shown before any choice."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pytest_privacy.checks.base import CheckContext, Finding
from pytest_privacy.checks.draft import DraftContext, Drafted
from pytest_privacy.checks.kind import CheckKind
from pytest_privacy.evidence import Evidence
from pytest_privacy.needs import Needs

SCHEMA: Mapping[str, Any] = {
    "type": "object", "additionalProperties": False, "minProperties": 1,
    "properties": {
        "visible": {"type": "boolean",
                    "description": "A consent banner is (or is not) shown before any choice."},
        "has_reject": {"type": "boolean",
                       "description": "Its first layer has a reject control."},
    },
}


def check_banner(evidence: Evidence, params: Mapping[str, Any],
                 ctx: CheckContext) -> list[Finding]:
    banner = evidence.banner
    if banner is None:
        return [Finding("banner", "the banner was not observed in this visit",
                        inconclusive=True)]
    findings = []
    if "visible" in params and params["visible"] != banner.visible:
        if banner.visible:
            findings.append(Finding("banner: visible false", f"a consent banner is shown "
                                    f"({banner.detected_by})"))
        else:
            extra = f"; consent scripts seen: {', '.join(banner.scripts)}" \
                if banner.scripts else ""
            findings.append(Finding("banner: visible true", f"no consent banner appeared within "
                                    f"{banner.waited_ms} ms{extra}"))
    if params.get("has_reject"):
        if not banner.visible:
            findings.append(Finding("banner: has_reject", "no banner, so no reject control "
                                    f"on its first layer (waited {banner.waited_ms} ms)"))
        elif not banner.has_reject:
            accept = banner.accept_control
            findings.append(Finding("banner: has_reject", "the banner's first layer has no "
                                    f"reject control{f' (accept is {accept!r})' if accept else ''}"
                                    f"; found by {banner.detected_by}"))
    return findings


def draft_banner(d: DraftContext) -> list[Drafted]:
    """Before any choice: the banner as shown, in a check of its own (its own claim)."""
    banner = d.evidence.banner
    if d.state != "before_consent" or banner is None:
        return []
    if not banner.visible:
        return [Drafted(None, (f"no consent banner shown within {banner.waited_ms} ms, so "
                               "no banner check is drafted",))]
    params: dict[str, Any] = {"visible": True}
    left_out: tuple[str, ...] = ()
    if banner.has_reject:
        params["has_reject"] = True
    else:
        left_out = ("the banner has no reject control on its first layer, so has_reject "
                    "is not drafted",)
    shown = f"banner: shown, {banner.adapter} (detected by {banner.detected_by})" + (
        f"; reject on the first layer: {banner.reject_control!r}" if banner.has_reject else "")
    return [Drafted(params, left_out, check="consent-banner", comment=shown)]


KIND = CheckKind("banner", SCHEMA, check_banner, needs=lambda params: Needs(banner=True),
                 draft=draft_banner)
