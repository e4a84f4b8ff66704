"""requests: none_of, only (categories), absent, present (names; re: for a regex) over the requests
of the visit that count for its state."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pytest_privacy.checks.base import CheckContext, Finding
from pytest_privacy.checks.inventory import (
    SCHEMA,
    inventory_drafter,
    inventory_rules,
    pattern_problems,
)
from pytest_privacy.checks.kind import CheckKind
from pytest_privacy.evidence import Evidence


def check_requests(evidence: Evidence, params: Mapping[str, Any],
                  ctx: CheckContext) -> list[Finding]:
    return inventory_rules("requests", ctx.inventory(evidence).of("requests"), params)


KIND = CheckKind("requests", SCHEMA, check_requests, lint=pattern_problems,
                 draft=inventory_drafter("requests"),
                 doc="Rules over the requests observed.")
