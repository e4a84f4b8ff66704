"""The scan's visits: one page in each state, all planned first, then made."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pytest_privacy.checks import Needs
from pytest_privacy.checks.kinds.gpc import WELL_KNOWN
from pytest_privacy.classify import Classifier
from pytest_privacy.errors import PrivacyError
from pytest_privacy.evidence import Evidence
from pytest_privacy.settings import PrivacyConfig
from pytest_privacy.spec.model import PRESETS, ConsentConfig, State

if TYPE_CHECKING:
    from pytest_privacy.browser.visit import VisitKey

STATE_HELP = {
    "before_consent": "no consent choice",
    "after_reject": "the banner rejected, then the page loaded again",
    "after_accept": "the banner accepted, then the page loaded again",
    "gpc": "Global Privacy Control on, no consent choice",
}


@dataclass
class StateResult:
    name: str  # a preset of PRESETS
    key: VisitKey
    evidence: Evidence | None = None
    error: str | None = None


def visit_states(url: str, states: Sequence[str], consent: ConsentConfig,
                 cfg: PrivacyConfig, drafting: Needs | None = None
                 ) -> tuple[list[StateResult], Classifier]:
    """Every state's visit, and the classifier with the user's knowledge files
    (--privacy-cookie-db, --privacy-filter-list) as a pytest run would classify.
    `drafting`: what the check kinds' drafters need recorded in every state
    (Kinds.draft_needs: instrumentation, the interaction phase)."""
    # Imported here: the other commands (lint, schema) never load the browser stack.
    from pytest_privacy.browser.runner import Visits
    from pytest_privacy.browser.visit import VisitKey

    results = []
    visits = Visits(cfg)
    try:
        for name in states:
            key = VisitKey(url=url, state=State(*PRESETS[name]), consent=consent)
            # privacy links: footer first, the page otherwise
            visits.plan(key, Needs(
                link_scopes=frozenset({"footer"}),
                banner=name == "before_consent" and consent.cmp != "none",
                probes=frozenset({WELL_KNOWN}) if name == "gpc" else frozenset())
                | (drafting or Needs()))
            results.append(StateResult(name, key))
        for result in results:
            try:
                result.evidence = visits.get(result.key)
            except PrivacyError as exc:
                result.error = str(exc)
    finally:
        visits.close()
    return results, Classifier(extra=visits.knowledge)
