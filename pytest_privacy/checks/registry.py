"""Maps each `expect:` key of the spec to its check function."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pytest_privacy.checks.base import Check, CheckContext, Finding
from pytest_privacy.checks.consent import check_banner, check_consent_state
from pytest_privacy.checks.content import check_links, check_text
from pytest_privacy.checks.gpc import check_gpc
from pytest_privacy.checks.inventory import check_cookies, check_requests, check_storage
from pytest_privacy.evidence import Evidence

CHECKS: dict[str, Check] = {
    "cookies": check_cookies,
    "requests": check_requests,
    "storage": check_storage,
    "links": check_links,
    "text": check_text,
    "banner": check_banner,
    "consent_state": check_consent_state,
    "gpc": check_gpc,
}

# Keys of spec format v1 whose checks are not implemented yet: their items are skipped
# with this reason rather than passed.
PENDING: dict[str, str] = {}


def run_expectations(evidence: Evidence, expect: Mapping[str, Mapping[str, Any]],
                     ctx: CheckContext) -> list[Finding]:
    """Every finding of every implemented expectation, in the spec's order."""
    findings: list[Finding] = []
    for key, params in expect.items():
        check = CHECKS.get(key)
        if check is not None:
            findings.extend(check(evidence, params, ctx))
    return findings
