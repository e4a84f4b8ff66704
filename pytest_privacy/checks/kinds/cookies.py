"""cookies: none_of, only (categories), absent, present (names; re: for a regex) over the cookies
of the visit that count for its state, and `declared` (the site's own cookie list)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from pytest_privacy.checks.base import CheckContext, Finding
from pytest_privacy.checks.declared import check_declared
from pytest_privacy.checks.inventory import inventory_kind
from pytest_privacy.evidence import Evidence

_RULES = inventory_kind("cookies", "Rules over the cookies observed.")


def check_cookies(evidence: Evidence, params: Mapping[str, Any],
                  ctx: CheckContext) -> list[Finding]:
    findings = _RULES.check(evidence, params, ctx)
    if params.get("declared"):  # the site's own cookie list: its own pure module
        findings.extend(check_declared(evidence, ctx.declared, ctx))
    return findings


KIND = replace(_RULES, schema={"$ref": "#/$defs/cookieInventory"}, check=check_cookies)
