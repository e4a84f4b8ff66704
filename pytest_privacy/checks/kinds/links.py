"""links: the links a visitor can follow, by their text, within a part of the page, and
whether each answers (probed by the harness outside the visit)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pytest_privacy.checks.base import CheckContext, Finding
from pytest_privacy.checks.draft import MAX_NAMES, DraftContext, Drafted
from pytest_privacy.checks.kind import CheckKind
from pytest_privacy.evidence import Evidence, LinkRecord
from pytest_privacy.needs import Needs
from pytest_privacy.textmatch import normalise

SCHEMA: Mapping[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["present"],
    "properties": {
        "within": {"type": "string", "minLength": 1, "default": "page",
                   "description": "'footer', 'page', or a CSS selector."},
        "present": {"$ref": "#/$defs/names",
                    "description": "Link texts (case and white space folded)."},
        "reachable": {"type": "boolean",
                      "description": "Each found link answers below 400 (probed outside the "
                                     "visit)."},
    },
}


def scope_of(params: Mapping[str, Any]) -> str:
    return str(params.get("within", "page"))


def find_links(evidence: Evidence, scope: str, wanted: str) -> list[LinkRecord]:
    target = normalise(wanted)
    return [link for link in evidence.links
            if (scope == "page" or scope in link.scopes) and normalise(link.text) == target]


def check_links(evidence: Evidence, params: Mapping[str, Any],
                ctx: CheckContext) -> list[Finding]:
    scope = scope_of(params)
    if scope in evidence.problems:
        # no footer, or a selector that matches nothing: nothing to judge, never a pass
        return [Finding(f"links: within {scope!r}", evidence.problems[scope], inconclusive=True)]
    findings = []
    in_scope = [link for link in evidence.links if scope == "page" or scope in link.scopes]
    for wanted in params.get("present", []):
        found = find_links(evidence, scope, wanted)
        if not found:
            nearby = tuple(f"{link.text!r} → {link.href}" for link in in_scope[:15])
            where = "on the page" if scope == "page" else f"within {scope!r}"
            findings.append(Finding(f"links: present {wanted!r}",
                                    f"no link {wanted!r} {where} ({len(in_scope)} links there"
                                    f"{', for example:' if nearby else ''})", nearby))
            continue
        if params.get("reachable"):
            for link in found:
                if link.status is None and not link.probe_error:
                    findings.append(Finding(f"links: reachable {wanted!r}",
                                            f"link {wanted!r} → {link.href} was not probed; "
                                            "its reachability is unknown", inconclusive=True))
                elif link.probe_error or (link.status or 0) >= 400:
                    why = link.probe_error or f"HTTP {link.status}"
                    findings.append(Finding(f"links: reachable {wanted!r}",
                                            f"link {wanted!r} → {link.href} is not reachable: "
                                            f"{why}"))
    return findings


def needs(params: Mapping[str, Any]) -> Needs:
    within = scope_of(params)
    probe = frozenset((within, text) for text in params.get("present", [])) \
        if params.get("reachable") else frozenset()
    return Needs(link_scopes=frozenset({within}), probe_links=probe)


PRIVACY_LINK = re.compile(
    r"privacy|cookie|do not sell|do not share|opt[ -]?out|personal (data|information)|"
    r"data protection|your (privacy )?choices|ad ?choices|consent|gdpr|ccpa|california|"
    r"datenschutz|confidentialit|privacidad", re.I)


def privacy_links(evidence: Evidence) -> dict[str, list[str]]:
    """Texts of privacy-looking links: {'footer': [...], 'page': [...]}, 'page' holding those
    outside the footer."""
    found: dict[str, dict[str, str]] = {"footer": {}, "page": {}}
    for link in evidence.links:
        text = " ".join(link.text.split())
        if not text or len(text) > 80 or not text.isprintable() or \
                not PRIVACY_LINK.search(text):
            continue
        scope = "footer" if "footer" in link.scopes else "page"
        found[scope].setdefault(normalise(text), text)
    for folded in found["footer"]:
        found["page"].pop(folded, None)
    return {scope: list(texts.values()) for scope, texts in found.items()}


def draft_links(d: DraftContext) -> list[Drafted]:
    """The privacy-looking links, in the footer and elsewhere, each scope a check of its own
    (a scan keeps the first state's)."""
    out = []
    for scope, texts in privacy_links(d.evidence).items():
        if texts:
            footer = scope == "footer"
            out.append(Drafted({"within": scope, "present": texts[:MAX_NAMES]},
                               check="privacy-links" if footer else "privacy-links-on-page",
                               comment="privacy-looking link texts "
                                       f"{'in' if footer else 'outside'} the footer"))
    return out


KIND = CheckKind("links", SCHEMA, check_links, needs=needs, draft=draft_links)
