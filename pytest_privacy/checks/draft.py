"""How a check kind drafts its own expectation from a scan (`pytest-privacy scan`), so that a new
kind appears in drafts without the scan naming it.

A kind's `draft` function gets one state's evidence (and the other states', for comparisons)
and proposes what today's site keeps, plus what it could not promise and why. The scan runs
every proposal through the kind's own check before it writes it, so a drafter may be
generous: what does not hold is left out, and said so beside the check."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pytest_privacy.checks.base import Check, CheckContext, Finding
from pytest_privacy.evidence import Evidence

# Categories a draft can promise the absence of ("unknown" is not one a policy speaks about).
OPTIONAL = ("functional", "analytics", "marketing")
MAX_NAMES = 15  # per drafted list of names


@dataclass(frozen=True)
class DraftContext:
    """One visited state of a scan."""

    state: str  # a `when:` preset: before_consent | after_reject | after_accept | gpc
    evidence: Evidence
    others: Mapping[str, Evidence]  # the other states visited, by preset
    ctx: CheckContext


@dataclass(frozen=True)
class Drafted:
    """A kind's proposal for one state."""

    params: Mapping[str, Any] | None  # the expectation; None: nothing to promise here
    left_out: tuple[str, ...] = ()  # what it could not promise, and why
    check: str | None = None  # the id of a check of its own (a claim of its own), if any
    comment: str = ""  # above that check


Drafter = Callable[[DraftContext], list[Drafted]]


def short_list(names: list[str], limit: int = 5) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def why_not(finding: Finding, limit: int = 2) -> str:
    """A finding as one line beside a check: its message and its first items."""
    items = list(finding.items)
    if not items:
        return finding.message
    return f"{finding.message}: " + "; ".join(items[:limit]) + (
        f" and {len(items) - limit} more" if len(items) > limit else "")


def keep_if_it_holds(d: DraftContext, params: Mapping[str, Any], check: Check) -> list[Drafted]:
    """The expectation when today's evidence keeps it, else what breaks it (or why nothing
    can be judged) as the reason it is left out."""
    findings = check(d.evidence, params, d.ctx)
    if not findings:
        return [Drafted(params)]
    return [Drafted(None, tuple(why_not(f) for f in findings))]
