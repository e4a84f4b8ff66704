"""What every check receives and returns."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pytest_privacy.baseline import Entry
from pytest_privacy.classify import Classifier
from pytest_privacy.declared import Declaration
from pytest_privacy.evidence import Evidence
from pytest_privacy.inventory import Inventory, classify_evidence


@dataclass(frozen=True)
class CheckContext:
    """What a check knows besides the evidence: how to classify, the classified inventory
    of each visit (made once, whatever number of checks read it), the site's own cookie
    list (None: not read, or the spec has none), and what the drift baseline lists for the
    item's check, page and state (`no_new`)."""

    classifier: Classifier = field(default_factory=Classifier)
    declared: tuple[Declaration, ...] | None = None
    baseline: Entry = field(default_factory=lambda: Entry("none"))
    _inventories: dict[tuple[int, ...], tuple[Evidence, Inventory]] = field(
        default_factory=dict, repr=False, compare=False)

    def inventory(self, evidence: Evidence) -> Inventory:
        # evidence is not changed once checks read it; the sizes guard hand-made evidence
        key = (id(evidence), len(evidence.cookies), len(evidence.requests),
               len(evidence.storage), evidence.consent is None)
        cached = self._inventories.get(key)
        if cached is None or cached[0] is not evidence:
            cached = (evidence, classify_evidence(evidence, self.classifier))
            self._inventories[key] = cached
        return cached[1]


@dataclass(frozen=True)
class Finding:
    """One broken expectation: a headline and the observed items behind it."""

    rule: str
    message: str
    items: tuple[str, ...] = ()
    inconclusive: bool = False  # the evidence cannot decide: the item is an error, not a pass


Check = Callable[[Evidence, Mapping[str, Any], CheckContext], list[Finding]]


def name_matcher(pattern: str) -> Callable[[str], bool]:
    """Exact match, or `re:REGEX` searched in the name."""
    if pattern.startswith("re:"):
        regex = re.compile(pattern[3:])
        return lambda name: regex.search(name) is not None
    return lambda name: name == pattern
