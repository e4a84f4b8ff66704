"""links and text: what a visitor can read and follow on the page."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pytest_privacy.checks.base import CheckContext, Finding
from pytest_privacy.evidence import Evidence, LinkRecord
from pytest_privacy.textmatch import normalise


def scope_of(params: Mapping[str, Any]) -> str:
    return str(params.get("within", "page"))


def find_links(evidence: Evidence, scope: str, wanted: str) -> list[LinkRecord]:
    target = normalise(wanted)
    return [link for link in evidence.links
            if (scope == "page" or scope in link.scopes) and normalise(link.text) == target]


def check_links(evidence: Evidence, params: Mapping[str, Any],
                ctx: CheckContext) -> list[Finding]:
    scope = scope_of(params)
    findings = []
    if scope in evidence.problems:
        return [Finding(f"links: within {scope!r}", evidence.problems[scope])]
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
                if link.probe_error or link.status is None or link.status >= 400:
                    why = link.probe_error or f"HTTP {link.status}"
                    findings.append(Finding(f"links: reachable {wanted!r}",
                                            f"link {wanted!r} → {link.href} is not reachable: "
                                            f"{why}"))
    return findings


def check_text(evidence: Evidence, params: Mapping[str, Any],
               ctx: CheckContext) -> list[Finding]:
    page_text = normalise(evidence.text)
    findings = []
    for wanted in params.get("contains", []):
        if normalise(wanted) not in page_text:
            findings.append(Finding(f"text: contains {wanted!r}",
                                    f"the page text does not contain {wanted!r}"))
    raw = " ".join(evidence.text.split())
    for pattern in params.get("matches", []):
        if re.search(pattern, raw) is None:
            findings.append(Finding(f"text: matches {pattern!r}",
                                    f"nothing in the page text matches /{pattern}/"))
    return findings
