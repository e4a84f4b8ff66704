"""What every check receives and returns."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pytest_privacy.classify import Classifier, host_of
from pytest_privacy.evidence import Evidence


@dataclass(frozen=True)
class CheckContext:
    """What a check knows besides the evidence: how to classify."""

    classifier: Classifier = field(default_factory=Classifier)


@dataclass(frozen=True)
class Finding:
    """One broken expectation: a headline and the observed items behind it."""

    rule: str
    message: str
    items: tuple[str, ...] = ()
    inconclusive: bool = False  # the evidence cannot decide: the item is an error, not a pass


Check = Callable[[Evidence, Mapping[str, Any], CheckContext], list[Finding]]


def site_host(evidence: Evidence) -> str:
    """The host the browser really landed on, which decides first and third party."""
    return host_of(evidence.final_url or evidence.url)


def name_matcher(pattern: str) -> Callable[[str], bool]:
    """Exact match, or `re:REGEX` searched in the name."""
    if pattern.startswith("re:"):
        regex = re.compile(pattern[3:])
        return lambda name: regex.search(name) is not None
    return lambda name: name == pattern
