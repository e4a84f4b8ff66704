"""fingerprinting: no script uses canvas, WebGL, audio or font measurement in a
fingerprinting pattern (browser/fingerprint.js records what counts, by published criteria).

A finding names the script URL, its party and category (the inventory's classifier, as for
any script request) and the technique. `allow` lists script URLs (exact, or `re:`) that may,
such as a payment provider's fraud check."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from pytest_privacy.checks.base import CheckContext, Finding, name_matcher
from pytest_privacy.checks.draft import DraftContext, Drafted
from pytest_privacy.checks.kind import CheckKind, Problem
from pytest_privacy.classify import host_of, is_third_party
from pytest_privacy.evidence import Evidence
from pytest_privacy.inventory import short_url, site_host
from pytest_privacy.needs import Needs
from pytest_privacy.packagedata import read_text
from pytest_privacy.spec.regex import regex_problem

TECHNIQUES = ("canvas", "webgl", "audio", "fonts")
INIT_SCRIPT = "fingerprint"  # the name browser/fingerprint.py collects by

SCHEMA: Mapping[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["none_of"],
    "properties": {
        "none_of": {"type": "array", "minItems": 1, "uniqueItems": True,
                    "items": {"enum": list(TECHNIQUES)},
                    "description": "Techniques no script may use: canvas, webgl, audio, fonts."},
        "allow": {"$ref": "#/$defs/names",
                  "description": "Script URLs that may (exact, or re: searched in the URL)."},
    },
}


def check_fingerprinting(evidence: Evidence, params: Mapping[str, Any],
                         ctx: CheckContext) -> list[Finding]:
    banned = set(params.get("none_of", []))
    allowed = [name_matcher(p) for p in params.get("allow", [])]
    site = site_host(evidence)
    hits: dict[str, list[str]] = {}
    for record in evidence.fingerprinting:
        if record.technique not in banned or any(test(record.script) for test in allowed):
            continue
        if evidence.consent and record.phase != "after_consent":
            continue  # after a consent action only what happens after it counts
        verdict = ctx.classifier.request(record.script, site, "script")
        host = host_of(record.script)
        party = "third party" if host and is_third_party(host, site) else "first party"
        hits.setdefault(record.technique, []).append(
            f"{record.technique}: script {short_url(record.script)} ({party}, "
            f"{verdict.category}, {verdict.source}) — {record.detail}")
    findings = []
    for technique in TECHNIQUES:
        if technique in hits:
            items = tuple(dict.fromkeys(hits[technique]))
            findings.append(Finding(
                f"fingerprinting: none_of {technique}",
                f"{len(items)} script(s) used {technique} fingerprinting", items))
    return findings


@cache
def _instrumentation() -> str:
    return read_text("pytest_privacy.browser", "fingerprint.js")


def needs(params: Mapping[str, Any]) -> Needs:
    return Needs(init_scripts=((INIT_SCRIPT, _instrumentation()),))


def lint(params: Any) -> list[Problem]:
    if not isinstance(params, Mapping) or not isinstance(params.get("allow"), list):
        return []
    return [(("allow", index), text) for index, pattern in enumerate(params["allow"])
            if isinstance(pattern, str) and pattern.startswith("re:")
            for text in regex_problem(pattern[3:])]


DRAFT: Mapping[str, Any] = {"none_of": list(TECHNIQUES)}


def draft_fingerprinting(d: DraftContext) -> list[Drafted]:
    """The techniques no script used in this state; each one used is left out, naming the
    scripts."""
    kept: list[str] = []
    left_out: list[str] = []
    for technique in TECHNIQUES:
        findings = check_fingerprinting(d.evidence, {"none_of": [technique]}, d.ctx)
        for finding in findings:  # an item: technique, script, party, category, detail
            left_out.append(finding.items[0] + (f" (and {len(finding.items) - 1} more "
                                                "script(s))" if len(finding.items) > 1 else ""))
        if not findings:
            kept.append(technique)
    return [Drafted({"none_of": kept} if kept else None, tuple(left_out))]


KIND = CheckKind("fingerprinting", SCHEMA, check_fingerprinting, needs=needs, lint=lint,
                 draft=draft_fingerprinting, draft_params=DRAFT,
                 doc="No script fingerprints the browser by canvas, WebGL, audio or fonts.")
