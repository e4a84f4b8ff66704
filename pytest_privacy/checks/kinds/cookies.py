"""cookies: none_of, only (categories), absent, present (names; re: for a regex) over the cookies
of the visit that count for its state."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pytest_privacy.checks.base import CheckContext, Finding
from pytest_privacy.checks.declared import check_declared
from pytest_privacy.checks.inventory import inventory_rules, pattern_problems
from pytest_privacy.checks.kind import CheckKind
from pytest_privacy.evidence import Evidence


def check_cookies(evidence: Evidence, params: Mapping[str, Any],
                 ctx: CheckContext) -> list[Finding]:
    findings = inventory_rules("cookies", ctx.inventory(evidence).of("cookies"), params)
    if params.get("declared"):  # the site's own cookie list: its own pure module
        findings.extend(check_declared(evidence, ctx.declared, ctx))
    return findings


# the inventory rules, and `declared` (the site's own cookie list)
SCHEMA = {"$ref": "#/$defs/cookieInventory"}
KIND = CheckKind("cookies", SCHEMA, check_cookies, lint=pattern_problems,
                 doc="Rules over the cookies observed.")
