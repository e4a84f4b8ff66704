"""Scoring a derived spec by meaning against a sidecar of expected promises.

A unit is one (family, claim) pair: the checks a family drafts from one sentence. An expected
entry (family, a fragment of the sentence, and optionally the categories, link names and
record flag the checks must carry) is found when a unit of its family quotes the fragment and
one of its checks carries what the entry asks. Recall: expected entries found / expected.
Precision: units that match an expected entry / units drafted. A record-only unit of a
family the sidecar does not expect counts as drafted too (precision is about what a user must
read), but a `forbidden` family is broken only by a failing check."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pytest_privacy.derive.draft import Derived, derive
from pytest_privacy.derive.families import Drafted
from pytest_privacy.derive.source import read_policy
from pytest_privacy.textmatch import normalise


@dataclass
class Score:
    name: str
    expected: int = 0
    found: int = 0
    units: int = 0
    matched_units: int = 0
    missed: list[str] = field(default_factory=list)  # expected entries not found
    extra: list[str] = field(default_factory=list)  # units that match nothing expected
    forbidden: list[str] = field(default_factory=list)  # failing checks of forbidden families
    problems: list[str] = field(default_factory=list)  # url/date/declared/notes mismatches


def _carries(check: Drafted, entry: Mapping[str, Any]) -> bool:
    expect = check.expect
    if "categories" in entry:
        seen = set(expect.get("cookies", {}).get("none_of", []))
        if check.family == "consent_choice":
            allow = (check.when or {}).get("consent", {}).get("allow", [])
            seen |= set(allow)
        if not set(entry["categories"]) <= seen:
            return False
    if "names" in entry:
        names = {normalise(n) for n in expect.get("links", {}).get("present", [])}
        names |= {normalise(n) for n in expect.get("text", {}).get("contains", [])}
        if not {normalise(n) for n in entry["names"]} <= names:
            return False
    return "record" not in entry or bool(entry["record"]) == check.record


def _units(derived: Derived) -> dict[tuple[str, str], list[Drafted]]:
    units: dict[tuple[str, str], list[Drafted]] = {}
    for check in derived.checks:
        units.setdefault((check.family, check.claim_text or check.claim), []).append(check)
    return units


def score(derived: Derived, sidecar: Mapping[str, Any], name: str = "") -> Score:
    result = Score(name)
    units = _units(derived)
    matched: set[tuple[str, str]] = set()
    entries: Sequence[Mapping[str, Any]] = sidecar.get("expected") or []
    for entry in entries:
        fragment = normalise(entry.get("sentence", ""))
        hit = [key for key, checks in units.items() if key[0] == entry["family"]
               and fragment in normalise(key[1]) and any(_carries(c, entry) for c in checks)]
        result.expected += 1
        if hit:
            result.found += 1
            matched.update(hit)
        else:
            result.missed.append(f"{entry['family']}: {entry.get('sentence', '')!r}")
    result.units = len(units)
    result.matched_units = len(matched)
    result.extra = [f"{family}: {claim!r}" for family, claim in units if (family, claim)
                    not in matched]
    forbidden = set(sidecar.get("forbidden") or [])
    result.forbidden = [f"{c.family}: {c.claim!r}" for c in derived.checks
                        if c.family in forbidden and not c.record]
    _details(derived, sidecar, result)
    return result


def _details(derived: Derived, sidecar: Mapping[str, Any], result: Score) -> None:
    policy = sidecar.get("policy") or {}
    if "url" in policy and derived.policy_url != policy["url"]:
        result.problems.append(f"policy url {derived.policy_url!r}, expected {policy['url']!r}")
    if "updated" in policy and derived.updated != str(policy["updated"]):
        result.problems.append(f"updated {derived.updated!r}, expected {policy['updated']!r}")
    if "reject_control" in sidecar and derived.reject_control != sidecar["reject_control"]:
        result.problems.append(f"reject control {derived.reject_control!r}, expected "
                               f"{sidecar['reject_control']!r}")
    declared = {d.name: d.category for d in derived.declared}
    for cookie, category in (sidecar.get("declared") or {}).items():
        if declared.get(cookie) != category:
            result.problems.append(f"declared {cookie}: {declared.get(cookie)!r}, expected "
                                   f"{category!r}")
    notes = " ".join(normalise(s.text) for s, _ in derived.notes)
    for fragment in sidecar.get("notes") or []:
        if normalise(fragment) not in notes:
            result.problems.append(f"no comment quotes {fragment!r}")


def score_file(policy: Path) -> Score:
    sidecar_path = policy.with_name(policy.name.rsplit(".", 1)[0] + ".expected.yaml")
    sidecar = yaml.safe_load(sidecar_path.read_text(encoding="utf-8")) or {}
    return score(derive(read_policy(policy)), sidecar, policy.name)


def policies(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir()
                  if p.suffix in (".txt", ".md", ".html") and
                  p.with_name(p.name.rsplit(".", 1)[0] + ".expected.yaml").exists())
