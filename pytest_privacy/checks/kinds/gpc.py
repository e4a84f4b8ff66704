"""gpc: the site's /.well-known/gpc.json, and whether its own opt-out signals say "opted
out" after a visit with Global Privacy Control on."""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pytest_privacy.checks.base import CheckContext, Finding
from pytest_privacy.checks.draft import DraftContext, Drafted
from pytest_privacy.checks.kind import CheckKind
from pytest_privacy.consent.onetrust import group_flags
from pytest_privacy.evidence import Evidence
from pytest_privacy.needs import Needs

# GPP US sections: 1 = opted out, 2 = did not opt out, 0 = not applicable.
GPP_OPT_OUTS = ("SaleOptOut", "SharingOptOut", "TargetedAdvertisingOptOut")
SOURCES = ("usp", "gpp", "onetrust")
WELL_KNOWN = "/.well-known/gpc.json"

SCHEMA: Mapping[str, Any] = {
    "type": "object", "additionalProperties": False, "minProperties": 1,
    "properties": {
        "well_known": {"type": "boolean",
                       "description": "/.well-known/gpc.json says {\"gpc\": true}."},
        "opt_out": {"type": "boolean",
                    "description": "The site's own opt-out signals say opted out."},
        "signals": {"type": "array", "minItems": 1, "items": {"enum": list(SOURCES)},
                    "description": "Opt-out signals that must be present (otherwise any found)."},
    },
}


@dataclass(frozen=True)
class Signal:
    source: str  # usp | gpp | onetrust
    where: str
    opted_out: bool
    detail: str


def well_known_problems(evidence: Evidence) -> list[str]:
    """Every way /.well-known/gpc.json is wrong; empty when it says {"gpc": true}."""
    probe = evidence.probes.get(WELL_KNOWN)
    if probe is None:
        return ["the site's /.well-known/gpc.json was not fetched"]
    if probe.error:
        return [f"{probe.url} could not be fetched: {probe.error}"]
    if probe.status != 200:
        return [f"{probe.url} answered HTTP {probe.status}, not 200"]
    problems = []
    if "json" not in probe.content_type.lower():
        problems.append(f"{probe.url} is served as {probe.content_type or 'no content type'!r}, "
                        "not application/json")
    try:
        data = json.loads(probe.body)
    except ValueError:
        return problems + [f"{probe.url} is not JSON (starts with {probe.body[:40]!r})"]
    if not isinstance(data, dict):
        return problems + [f"{probe.url} holds {type(data).__name__}, not a JSON object"]
    if "gpc" not in data:
        problems.append(f'{probe.url} has no "gpc" member')
    elif data["gpc"] is not True:
        problems.append(f'{probe.url} says "gpc": {json.dumps(data["gpc"])}; it must be the '
                        "JSON boolean true")
    if "lastUpdate" in data:
        try:
            datetime.date.fromisoformat(str(data["lastUpdate"]))
        except ValueError:
            problems.append(f'{probe.url} has "lastUpdate": {json.dumps(data["lastUpdate"])}, '
                            "not a date like 2026-01-31")
    return problems


def opt_out_signals(evidence: Evidence) -> list[Signal]:
    """Every opt-out signal of the site's own, and what it says."""
    signals: list[Signal] = []
    usp = evidence.privacy_signals.get("usp")
    if isinstance(usp, dict) and isinstance(usp.get("data"), dict):
        text = str(usp["data"].get("uspString", ""))
        if len(text) >= 3 and text[2] in "YN":
            signals.append(Signal("usp", "__uspapi('getUSPData')", text[2] == "Y",
                                  f"uspString {text!r}"))
    for cookie in evidence.cookies:
        if cookie.name.lower() == "usprivacy" and len(cookie.value) >= 3 and \
                cookie.value[2] in "YN":
            signals.append(Signal("usp", "usprivacy cookie", cookie.value[2] == "Y",
                                  f"usprivacy {cookie.value!r}"))
    gpp = evidence.privacy_signals.get("gpp")
    if isinstance(gpp, dict) and isinstance(gpp.get("data"), dict):
        sections = gpp["data"].get("parsedSections") or {}
        for name, section in sections.items():
            parts = section if isinstance(section, list) else [section]
            for part in parts:
                if not isinstance(part, dict):
                    continue
                for field in GPP_OPT_OUTS:
                    if part.get(field) in (1, 2):
                        signals.append(Signal("gpp", f"__gpp section {name}", part[field] == 1,
                                              f"{field}={part[field]}"))
    onetrust = evidence.consent_state.api("onetrust")
    if isinstance(onetrust, dict) and onetrust.get("groups"):
        groups = group_flags(str(onetrust["groups"]))
        gpc_on = str(onetrust.get("isGpcEnabled")) == "1"
        targeting_off = groups.get("C0004", "0") == "0"
        signals.append(Signal("onetrust", "OptanonConsent cookie", gpc_on and targeting_off,
                              f"isGpcEnabled={onetrust.get('isGpcEnabled')}, "
                              f"C0004 (targeting)={groups.get('C0004', 'absent')}"))
    return signals


def check_gpc(evidence: Evidence, params: Mapping[str, Any],
              ctx: CheckContext) -> list[Finding]:
    findings = []
    if params.get("well_known"):
        problems = well_known_problems(evidence)
        if problems:
            findings.append(Finding("gpc: well_known", problems[0], tuple(problems[1:]),
                                    inconclusive=WELL_KNOWN not in evidence.probes))
    if params.get("opt_out"):
        signals = opt_out_signals(evidence)
        required = list(params.get("signals", []))
        if not signals and not required:
            findings.append(Finding(
                "gpc: opt_out", "the site exposes none of the opt-out signals looked for "
                "(__uspapi, the usprivacy cookie, __gpp, OneTrust's OptanonConsent), so GPC's "
                "effect cannot be read; add 'signals: [...]' to require specific ones",
                inconclusive=True))
        for source in required:
            if not any(s.source == source for s in signals):
                findings.append(Finding(f"gpc: opt_out signals {source}",
                                        f"the required {source} signal was not found"))
        not_out = [s for s in signals if not s.opted_out]
        if not_out:
            findings.append(Finding("gpc: opt_out", f"{len(not_out)} of {len(signals)} opt-out "
                                    "signal(s) do not say 'opted out'",
                                    tuple(f"{s.where}: {s.detail}" for s in not_out)))
    return findings


def needs(params: Mapping[str, Any]) -> Needs:
    return Needs(probes=frozenset({WELL_KNOWN})) if params.get("well_known") else Needs()


def draft_gpc(d: DraftContext) -> list[Drafted]:
    """With GPC on: well_known and opt_out where today's site keeps them."""
    if d.state != "gpc":
        return []
    params: dict[str, Any] = {}
    left_out = []
    problems = well_known_problems(d.evidence)
    if problems:
        left_out.append(f"well_known: {problems[0]}")
    else:
        params["well_known"] = True
    signals = opt_out_signals(d.evidence)
    if signals and all(s.opted_out for s in signals):
        params["opt_out"] = True
    elif signals:
        left_out.append("opt_out: " + "; ".join(f"{s.where} says not opted out"
                                                for s in signals if not s.opted_out))
    return [Drafted(params or None, tuple(left_out))]


KIND = CheckKind("gpc", SCHEMA, check_gpc, needs=needs, draft=draft_gpc)
