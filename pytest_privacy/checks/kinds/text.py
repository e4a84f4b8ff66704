"""text: what the page says, as a visitor reads it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pytest_privacy.checks.base import CheckContext, Finding
from pytest_privacy.checks.kind import CheckKind, Problem
from pytest_privacy.evidence import Evidence
from pytest_privacy.spec.regex import regex_problem
from pytest_privacy.textmatch import normalise

SCHEMA: Mapping[str, Any] = {
    "type": "object", "additionalProperties": False, "minProperties": 1,
    "properties": {
        "contains": {"$ref": "#/$defs/names",
                     "description": "Texts the page shows (case and white space folded)."},
        "matches": {"$ref": "#/$defs/names",
                    "description": "Regular expressions searched in the page text."},
    },
}


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


def lint(params: Any) -> list[Problem]:
    if not isinstance(params, Mapping):
        return []
    patterns = params.get("matches")
    return [(("matches", index), text)
            for index, pattern in enumerate(patterns if isinstance(patterns, list) else [])
            if isinstance(pattern, str) for text in regex_problem(pattern)]


KIND = CheckKind("text", SCHEMA, check_text, lint=lint)
