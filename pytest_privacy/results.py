"""What the run's items ended as, and what is made of it at the end: the failures by claim,
the HTML report, and the artifacts kept only for failures."""

from __future__ import annotations

import datetime
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

from pytest_privacy.baseline import Row
from pytest_privacy.browser.runner import Visits
from pytest_privacy.browser.visit import VisitKey
from pytest_privacy.classify import Classifier
from pytest_privacy.evidence import Evidence
from pytest_privacy.history import RunRecord
from pytest_privacy.htmlreport import ItemResult, VisitEntry, write_report
from pytest_privacy.sarif import Verdict


@dataclass
class ItemRecord:
    """An item's verdict for the HTML report, with the visit and classifier behind it."""

    result: ItemResult
    key: VisitKey
    classifier: Classifier
    spec_path: Path


@dataclass
class RunResults:
    """Filled by the plugin's report hook, one record per privacy item."""

    items: dict[str, ItemRecord] = field(default_factory=dict)
    drift: dict[str, Row] = field(default_factory=dict)  # nodeid -> what a no_new check saw

    def record(self, record: ItemRecord, when: str, outcome: str, details: str) -> None:
        """Keep the worst outcome of an item's phases: an error in setup or teardown wins."""
        known = self.items.setdefault(record.result.nodeid, record).result
        if outcome == "skipped" and known.outcome == "passed":
            known.outcome = "skipped"
        elif outcome == "failed":
            known.outcome = "failed" if when == "call" else "error"
            known.details = details

    def failing_keys(self) -> set[VisitKey]:
        return {r.key for r in self.items.values() if r.result.outcome in ("failed", "error")}


@dataclass
class Broken:
    nodeid: str
    outcome: str  # failed | error
    claim: str
    spec: str
    check: str
    page: str
    state: str


@dataclass(eq=False)  # a registered plugin: pluggy keeps plugins in sets
class ClaimSummary:
    """Broken promises by claim, from the reports themselves (so it works in the xdist
    controller, which sees reports but no items)."""

    broken: dict[str, Broken] = field(default_factory=dict)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """A pytest hook: this object is registered as a plugin."""
        props = {name: str(value) for name, value in report.user_properties}
        if not report.failed or "claim" not in props or report.nodeid in self.broken:
            return
        self.broken[report.nodeid] = Broken(
            report.nodeid, "failed" if report.when == "call" else "error", props["claim"],
            props.get("spec", ""), props.get("check", report.nodeid), props.get("page", ""),
            props.get("state", ""))

    def lines(self) -> list[str]:
        """Each broken claim once, with its pages."""
        groups: dict[tuple[str, str], list[Broken]] = {}
        for record in self.broken.values():
            groups.setdefault((record.spec, record.claim), []).append(record)
        lines = []
        for (spec_name, claim), records in groups.items():
            failed = sum(1 for r in records if r.outcome == "failed")
            errors = len(records) - failed
            counts = ", ".join(part for part in (
                f"{failed} failed" if failed else "", f"{errors} error" if errors else "") if part)
            lines.append(f'"{claim}" ({spec_name}): {counts}')
            for record in records[:10]:
                lines.append(f"    {record.outcome.upper():<6} {record.check} on {record.page} "
                             f"({record.state})")
            if len(records) > 10:
                lines.append(f"    … and {len(records) - 10} more")
        return lines


@dataclass(eq=False)  # a registered plugin
class VerdictLog:
    """Every privacy item's verdict that is not a pass, from the reports (so the xdist
    controller has them all), and the claim of every check reported: for SARIF and the
    GitHub annotations."""

    rootpath: Path
    verdicts: dict[str, Verdict] = field(default_factory=dict)
    claims: dict[str, str] = field(default_factory=dict)  # check id -> claim

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """A pytest hook: this object is registered as a plugin."""
        props = {name: str(value) for name, value in report.user_properties}
        if "claim" not in props or "check" not in props:
            return
        self.claims.setdefault(props["check"], props["claim"])
        if not report.failed or report.nodeid in self.verdicts:
            return
        path, lineno, _ = report.location
        self.verdicts[report.nodeid] = Verdict(
            nodeid=report.nodeid, check=props["check"], claim=props["claim"],
            page=props.get("page", ""), state=props.get("state", ""),
            outcome="failed" if report.when == "call" else "error",
            path=(self.rootpath / path).resolve(),
            line=lineno + 1 if lineno is not None else None, details=report.longreprtext)


def prune_artifacts(visits: Visits, results: RunResults) -> None:
    """--screenshot only-on-failure / --tracing retain-on-failure: drop what passing visits
    left. A visit is kept when any of its items failed or errored."""
    cfg = visits.cfg
    failing = results.failing_keys()
    kept = {key for key, outcome in visits.outcomes.items()
            if key in failing or outcome.error is not None}
    # the answer to a consent state's banner (shared by its visits) stays with any one kept
    needed = {path for key in kept for path in visits.outcomes[key].artifacts.values()}
    for key, outcome in visits.outcomes.items():
        if key in kept:
            continue
        for kind, mode in (("screenshot", cfg.screenshot), ("trace", cfg.tracing),
                           ("video", cfg.video), ("consent_screenshot", cfg.screenshot),
                           ("consent_trace", cfg.tracing), ("consent_video", cfg.video)):
            path = outcome.artifacts.get(kind)
            if path and mode != "on":
                if path not in needed:
                    Path(path).unlink(missing_ok=True)
                    _remove_if_empty(Path(path).parent)  # a video sits one folder deeper
                    _remove_if_empty(Path(path).parent.parent)
                outcome.artifacts.pop(kind, None)
                if outcome.evidence is not None:
                    outcome.evidence.artifacts.pop(kind, None)
    _remove_if_empty(cfg.output)


def _remove_if_empty(folder: Path) -> None:
    if folder.is_dir() and not any(folder.iterdir()):
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class VisitStat:
    """One visit, for the run's summary line."""

    url: str
    state: str
    seconds: float
    completed: bool
    retried: str | None  # why it took more than one try, when it did


@dataclass
class PartVisit:
    """A visit of the HTML report, without its classifier (rebuilt from `spec_path` in the
    process that writes the report)."""

    number: int
    url: str
    state: str
    evidence: Evidence | None
    error: str | None
    screenshot: bytes | None
    artifacts: list[str]
    seconds: float
    spec_path: Path


@dataclass
class ReportPart:
    """What one process (the only one, or one xdist worker) adds to the run's summary and
    HTML report. Plain data: an xdist worker sends it to the controller (workeroutput), which
    merges the parts and writes the one report."""

    stats: list[VisitStat]
    visits: list[PartVisit]
    items: list[ItemResult]
    drift: list[Row] = field(default_factory=list)  # for --privacy-baseline


# The parts sent by xdist workers, collected in the controller.
PARTS_KEY = pytest.StashKey[list[ReportPart]]()


def report_part(visits: Visits, results: RunResults) -> ReportPart:
    stats = [VisitStat(key.url, key.state.label, outcome.seconds, outcome.error is None,
                       outcome.evidence.problems.get("retried", "")
                       if outcome.evidence is not None and outcome.evidence.tries > 1 else None)
             for key, outcome in visits.outcomes.items()]
    specs = {r.key: r.spec_path for r in results.items.values()}
    part_visits = []
    for key, outcome in sorted(visits.outcomes.items(), key=lambda pair: pair[1].number):
        spec_path = specs.get(key)
        if spec_path is None:
            continue  # a baseline visit no item of the report stands on
        part_visits.append(PartVisit(
            number=outcome.number, url=key.url, state=key.state.label,
            evidence=outcome.evidence, error=str(outcome.error) if outcome.error else None,
            screenshot=outcome.screenshot,
            artifacts=[p for kind, p in outcome.artifacts.items() if kind != "evidence"],
            seconds=outcome.seconds, spec_path=spec_path))
    items = []
    for record in results.items.values():
        made = visits.outcomes.get(record.key)
        record.result.visit = made.number if made is not None else None
        items.append(record.result)
    return ReportPart(stats, part_visits, items, list(results.drift.values()))


def visit_lines(stats: list[VisitStat]) -> list[str]:
    """The summary of the run's visits (how many, how long, how many failed, flaky ones)."""
    if not stats:
        return []
    seconds = sum(s.seconds for s in stats)
    errors = sum(1 for s in stats if not s.completed)
    slowest = max(stats, key=lambda s: s.seconds)
    lines = [f"privacy: {len(stats)} page visits in {seconds:.1f} s (mean "
             f"{seconds / len(stats):.1f} s, slowest {slowest.seconds:.1f} s: "
             f"{slowest.url} {slowest.state}); {errors} could not be completed"]
    lines += [f"privacy: flaky visit {s.url} {s.state}: {s.retried}" for s in stats
              if s.retried is not None]
    return lines


def merge_parts(parts: list[ReportPart], classifier_of: Callable[[Path], Classifier]
                ) -> tuple[list[VisitEntry], list[ItemResult]]:
    """The report's visits, numbered anew across the parts, and its items pointing at them."""
    entries: list[VisitEntry] = []
    items: list[ItemResult] = []
    for part in parts:
        renumbered: dict[int, int] = {}
        for visit in part.visits:
            renumbered[visit.number] = len(entries) + 1
            entries.append(VisitEntry(
                number=len(entries) + 1, url=visit.url, state=visit.state,
                evidence=visit.evidence, error=visit.error,
                classifier=classifier_of(visit.spec_path), screenshot=visit.screenshot,
                artifacts=visit.artifacts, seconds=visit.seconds))
        for item in part.items:
            items.append(replace(item, visit=renumbered.get(item.visit)
                                 if item.visit is not None else None))
    return entries, items


def write_html(path: Path, parts: list[ReportPart], classifier_of: Callable[[Path], Classifier],
               show_values: bool, screenshots: str = "failures",
               drift: list[list[str]] | None = None,
               history: Sequence[RunRecord] | None = None) -> None:
    """The self-contained HTML privacy report of the run: one file, whatever the workers.
    Screenshots are embedded for visits with a failed or errored item, or for every visit
    with screenshots="all" (pytest-playwright's --screenshot on)."""
    entries, items = merge_parts(parts, classifier_of)
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    write_report(path, "pytest-privacy report", entries, items, show_values=show_values,
                 generated=now, screenshots=screenshots, drift=drift, history=history)
