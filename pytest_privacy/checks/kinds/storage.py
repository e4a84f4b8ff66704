"""storage: none_of, only (categories), absent, present (names; re: for a regex) over the storage
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


def check_storage(evidence: Evidence, params: Mapping[str, Any],
                 ctx: CheckContext) -> list[Finding]:
    return inventory_rules("storage", ctx.inventory(evidence).of("storage"), params)


KIND = CheckKind("storage", SCHEMA, check_storage, lint=pattern_problems,
                 draft=inventory_drafter("storage", present=False),
                 doc="Rules over the storage items observed.")
