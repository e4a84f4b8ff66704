"""The run history (--privacy-history DIR): one small JSON record per run, and the last runs
read back for the HTML report's chart of findings per run.

Each run writes its own file, `run-<UTC time>.json`, into DIR: a folder that a nightly job
keeps between runs (a cache, an artifact it downloads again, a branch) merges without
conflicts, and a record that cannot be read is skipped, never fatal. No pytest here: the
plugin builds the record from the run's verdicts and the drift against the baseline.

A record:

    {"format": 1, "date": "2026-12-07T02:00:12Z", "items": 40, "visits": 12,
     "outcomes": {"passed": 36, "failed": 3, "error": 1, "skipped": 0},
     "failures": {"specs/shop.yaml::no-ads": 3, "specs/shop.yaml::gpc": 1},
     "drift": {"new": [["request host", "ads.example", "marketing", "no-new", "/", "gpc"]],
               "gone": []}}

`failures` counts the failed and errored items of each check (the spec file's name and the
check id);
`drift` is there only when the run compared with a --privacy-baseline: each change is
(item, key, category, check, page, state), at most MAX_CHANGES of each kind (`more` counts
the rest); `"updated": true` when the run wrote the baseline (its new items were approved,
the chart does not count them as new)."""

from __future__ import annotations

import datetime
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pytest_privacy.errors import ConfigError

FORMAT = 1
MAX_CHANGES = 200  # per kind (new, gone) in one record
LAST_RUNS = 30  # the chart's runs: the last month of nights
OUTCOMES = ("passed", "failed", "error", "skipped")


@dataclass(frozen=True)
class RunRecord:
    """One run, as the history keeps it."""

    date: str  # ISO 8601, UTC, seconds: 2026-12-07T02:00:12Z
    items: int
    visits: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)  # check -> failed + errored items
    drift: dict[str, Any] | None = None  # {"new": [...], "gone": [...], "more": {...}}

    @property
    def findings(self) -> int:
        """Failed and errored items: what the chart draws."""
        return self.outcomes.get("failed", 0) + self.outcomes.get("error", 0)

    @property
    def updated(self) -> bool:
        """The run wrote the baseline (--privacy-baseline-update)."""
        return self.drift is not None and self.drift.get("updated") is True

    @property
    def new(self) -> int:
        """Items new since the baseline (0 without one)."""
        if self.drift is None:
            return 0
        return len(self.drift.get("new", [])) + int(self.drift.get("more", {}).get("new", 0))

    @property
    def gone(self) -> int:
        if self.drift is None:
            return 0
        return len(self.drift.get("gone", [])) + int(self.drift.get("more", {}).get("gone", 0))

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"format": FORMAT, "date": self.date, "items": self.items,
                                "visits": self.visits, "outcomes": self.outcomes,
                                "failures": self.failures}
        if self.drift is not None:
            data["drift"] = self.drift
        return data

    @classmethod
    def from_json(cls, data: object) -> RunRecord:
        """Raises ValueError for anything that is not a record of a known format."""
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("not a run record of format 1")
        date, items = data.get("date"), data.get("items")
        outcomes, failures = data.get("outcomes", {}), data.get("failures", {})
        if not isinstance(date, str) or not isinstance(items, int) or not _counts(outcomes) \
                or not _counts(failures):
            raise ValueError("a run record needs date, items, outcomes and failures")
        _when(date)
        drift = data.get("drift")
        if drift is not None and not isinstance(drift, dict):
            raise ValueError("drift is not an object")
        visits = data.get("visits", 0)
        return cls(date=date, items=items, visits=visits if isinstance(visits, int) else 0,
                   outcomes=dict(outcomes), failures=dict(failures), drift=drift)


def _counts(value: object) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, int) for k, v in value.items())


def _when(date: str) -> datetime.datetime:
    """The record's time (UTC when it names no zone); ValueError when it is not one."""
    when = datetime.datetime.fromisoformat(date.replace("Z", "+00:00"))
    return when if when.tzinfo else when.replace(tzinfo=datetime.timezone.utc)


def now_utc() -> str:
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def make_record(verdicts: Iterable[tuple[str, str]], *, visits: int = 0,
                drift: Sequence[Sequence[str]] | None = None, updated: bool = False,
                date: str | None = None) -> RunRecord:
    """The record of a run from its verdicts, (check, outcome) per item, where check names the
    spec file and check id (`specs/shop.yaml::no-ads`); `drift`: the change rows against the
    baseline (change, item, key, category, check, page, state), None without one;
    `updated`: the run wrote the baseline."""
    outcomes: Counter[str] = Counter()
    failures: Counter[str] = Counter()
    for check, outcome in verdicts:
        outcomes[outcome] += 1
        if outcome in ("failed", "error"):
            failures[check] += 1
    changes: dict[str, Any] | None = None
    if drift is not None:
        changes = {"new": [], "gone": []}
        more: Counter[str] = Counter()
        for row in drift:
            kind, rest = str(row[0]), [str(cell) for cell in row[1:]]
            if kind not in changes:
                continue
            if len(changes[kind]) < MAX_CHANGES:
                changes[kind].append(rest)
            else:
                more[kind] += 1
        if more:
            changes["more"] = dict(more)
        if updated:
            changes["updated"] = True
    return RunRecord(date=date or now_utc(), items=sum(outcomes.values()), visits=visits,
                     outcomes={o: outcomes.get(o, 0) for o in OUTCOMES} | dict(outcomes),
                     failures=dict(sorted(failures.items())), drift=changes)


def append(folder: Path, record: RunRecord) -> Path:
    """Write `record` as a new file in `folder` (created), never over another run's."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"--privacy-history {folder}: the folder cannot be made "
                          f"({exc.strerror}); name a writable folder.") from None
    stamp = record.date.replace("-", "").replace(":", "")
    path = folder / f"run-{stamp}.json"
    n = 1
    while path.exists():
        n += 1
        path = folder / f"run-{stamp}-{n}.json"
    text = json.dumps(record.to_json(), indent=1, sort_keys=True) + "\n"
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"--privacy-history {folder}: {path.name} cannot be written "
                          f"({exc.strerror}); name a writable folder.") from None
    return path


def load(folder: Path, last: int = LAST_RUNS) -> tuple[list[RunRecord], list[str]]:
    """The last `last` runs in `folder`, oldest first, and the names of the files that could
    not be read (skipped)."""
    records: list[tuple[datetime.datetime, str, RunRecord]] = []
    skipped: list[str] = []
    if not folder.is_dir():
        return [], []
    for path in sorted(folder.glob("run-*.json")):
        try:
            record = RunRecord.from_json(json.loads(path.read_text("utf-8")))
        except (OSError, ValueError):  # json.JSONDecodeError is a ValueError
            skipped.append(path.name)
            continue
        records.append((_when(record.date), path.name, record))
    records.sort(key=lambda entry: (entry[0], entry[1]))
    return [record for _, _, record in records[-last:]], skipped
