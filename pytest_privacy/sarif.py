"""SARIF 2.1.0 of a run's broken claims, for GitHub code scanning: pure, from the items'
verdicts to JSON. One result per failed or errored item: its rule is the check id, its
message the claim and what broke, its location the spec file and the check's line."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
MAX_LINES = 12  # of what broke, in one message


@dataclass(frozen=True)
class Verdict:
    """A failed or errored privacy item, as its report tells it (so the xdist controller,
    which has reports but no items, can say it too)."""

    nodeid: str
    check: str
    claim: str
    page: str  # the page's URL
    state: str
    outcome: str  # failed | error
    path: Path  # the spec file, absolute
    line: int | None  # the check's line in it (1-based)
    details: str  # the item's failure text

    @property
    def name(self) -> str:
        """`check[/page]`, as the node id has it."""
        return self.nodeid.rsplit("::", 1)[-1]


def what_broke(details: str, limit: int = MAX_LINES) -> str:
    """The lines of a failure that say what broke (each broken expectation with its first
    items), or the first line of an error ('visit error: ...')."""
    lines = [line.rstrip() for line in details.splitlines() if line.strip()]
    broken = [line.removeprefix("Broken:").strip() if line.startswith("Broken:") else line
              for line in lines if line.startswith(("Broken:", "  - "))]
    if not broken:
        return lines[0] if lines else "no details"
    if len(broken) > limit:
        broken = [*broken[:limit], f"… and {len(broken) - limit} more lines"]
    prefix = "inconclusive: " if lines[0].startswith("inconclusive") else ""
    return prefix + "\n".join(broken)


def message(verdict: Verdict) -> str:
    """The claim, where, and what broke."""
    verb = "is broken" if verdict.outcome == "failed" else "could not be checked"
    return (f'Claim "{verdict.claim}" {verb} on {verdict.page} ({verdict.state}):\n'
            f"{what_broke(verdict.details)}")


def relative_uri(path: Path, base: Path) -> tuple[str, bool]:
    """`path` as a URI relative to `base` when inside it (True), else an absolute file URI."""
    try:
        return path.relative_to(base).as_posix(), True
    except ValueError:
        return path.as_uri(), False


def sarif_log(verdicts: Iterable[Verdict], base: Path, rules: Mapping[str, str] | None = None,
              version: str = "") -> dict[str, Any]:
    """The SARIF log of a run. `base`: the repository root that result paths are relative
    to; `rules`: check id -> claim of every check run (the failed ones are added)."""
    verdicts = list(verdicts)
    claims = dict(rules or {})
    for verdict in verdicts:
        claims.setdefault(verdict.check, verdict.claim)
    index = {check: number for number, check in enumerate(claims)}
    driver: dict[str, Any] = {
        "name": "pytest-privacy",
        "rules": [{
            "id": check,
            "name": check,
            "shortDescription": {"text": claim},
            "fullDescription": {"text": f'The privacy policy says: "{claim}"'},
            "defaultConfiguration": {"level": "error"},
            "properties": {"tags": ["privacy"]},
        } for check, claim in claims.items()],
    }
    if version:
        driver["version"] = driver["semanticVersion"] = version
    results = []
    for verdict in verdicts:
        uri, inside = relative_uri(verdict.path, base)
        artifact: dict[str, Any] = {"uri": uri}
        if inside:
            artifact["uriBaseId"] = SRCROOT
        physical: dict[str, Any] = {"artifactLocation": artifact}
        if verdict.line:
            physical["region"] = {"startLine": verdict.line}
        results.append({
            "ruleId": verdict.check,
            "ruleIndex": index[verdict.check],
            "kind": "fail",
            "level": "error",
            "message": {"text": message(verdict)},
            "locations": [{"physicalLocation": physical}],
            "partialFingerprints": {
                "pytestPrivacyItem/v1": hashlib.sha256(verdict.nodeid.encode()).hexdigest()[:32]},
            "properties": {"outcome": verdict.outcome, "page": verdict.page,
                           "state": verdict.state, "nodeid": verdict.nodeid},
        })
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver},
            "originalUriBaseIds": {SRCROOT: {"uri": base.as_uri().rstrip("/") + "/"}},
            "results": results,
        }],
    }


def write_sarif(path: Path, log: Mapping[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(log, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
