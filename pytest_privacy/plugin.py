"""pytest wiring only: options, spec collection, the session's visits, the run's reports."""

from __future__ import annotations

import base64
import os
import pickle
from collections.abc import Generator, Iterator
from functools import cache
from pathlib import Path

import pytest

from pytest_privacy import __version__
from pytest_privacy.baseline import Baseline, change_lines, change_rows, changes
from pytest_privacy.browser.playwright_flags import refused_flag
from pytest_privacy.browser.runner import Visits
from pytest_privacy.browser.visit import VisitKey
from pytest_privacy.classify import Classifier
from pytest_privacy.collect import (
    BASELINE_KEY,
    DISCOVERED_KEY,
    VISITS_KEY,
    PrivacyFile,
    PrivacyItem,
    kinds_for,
    spec_classifier,
)
from pytest_privacy.errors import ConfigError, SpecError
from pytest_privacy.github import annotation_lines, annotations_wanted
from pytest_privacy.history import RunRecord, append, load, make_record
from pytest_privacy.htmlreport import ItemResult
from pytest_privacy.options import add_options, read_config
from pytest_privacy.pages import forget, found_lines
from pytest_privacy.results import (
    PARTS_KEY,
    ClaimSummary,
    ItemRecord,
    ReportPart,
    RunResults,
    VerdictLog,
    prune_artifacts,
    report_part,
    visit_lines,
    write_html,
)
from pytest_privacy.sarif import sarif_log, write_sarif
from pytest_privacy.spec import load_spec
from pytest_privacy.spec.load import NAMED_SUFFIXES, declares_spec

SPECS_KEY = pytest.StashKey[tuple[Path, ...]]()
RESULTS_KEY = pytest.StashKey[RunResults]()
SUMMARY_KEY = pytest.StashKey[ClaimSummary]()
PART_KEY = pytest.StashKey[ReportPart]()
VERDICTS_KEY = pytest.StashKey[VerdictLog]()
DRIFT_KEY = pytest.StashKey[list[str]]()  # the terminal summary of the drift
HISTORY_KEY = pytest.StashKey[list[str]]()  # where the run was recorded (--privacy-history)
WORKER_OUTPUT = "pytest_privacy_part"  # xdist workeroutput key: a pickled ReportPart


def pytest_addhooks(pluginmanager: pytest.PytestPluginManager) -> None:
    from pytest_privacy import hookspecs

    pluginmanager.add_hookspecs(hookspecs)


def pytest_addoption(parser: pytest.Parser, pluginmanager: pytest.PytestPluginManager) -> None:
    add_options(parser)
    if pluginmanager.has_plugin("xdist"):
        from pytest_privacy.distribute import XdistHooks

        pluginmanager.register(XdistHooks(), "privacy-xdist")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "privacy: a check from a pytest-privacy spec")
    try:
        cfg = read_config(config)
    except ConfigError as exc:
        raise pytest.UsageError(str(exc)) from None
    problem = refused_flag(cfg, config.getoption("playwright_debug", None)) if cfg.specs else None
    if problem:
        raise pytest.UsageError(problem)
    specs = []
    for path in cfg.specs:
        if not path.exists():
            raise pytest.UsageError(f"--privacy-spec {path}: no such file or folder; "
                                    "pass the path of a spec file or a folder of specs.")
        specs.append(path.resolve())
    config.stash[SPECS_KEY] = tuple(specs)
    config.stash[RESULTS_KEY] = RunResults()
    config.stash[PARTS_KEY] = []  # filled from the workers' output under xdist
    config.stash[SUMMARY_KEY] = ClaimSummary()
    config.pluginmanager.register(config.stash[SUMMARY_KEY], "privacy-claims")
    config.stash[VERDICTS_KEY] = VerdictLog(config.rootpath)
    config.pluginmanager.register(config.stash[VERDICTS_KEY], "privacy-verdicts")
    try:
        visits = Visits(cfg)
    except ConfigError as exc:
        raise pytest.UsageError(str(exc)) from None
    # pytest-html's report gets the screenshot of a failing visit
    visits.keep_screenshots = visits.keep_screenshots or bool(
        getattr(config.option, "htmlpath", None))
    config.stash[VISITS_KEY] = visits
    _read_baseline(config, visits.cfg.baseline, visits.cfg.baseline_update)
    if specs:
        _add_to_args(config, specs)


def _read_baseline(config: pytest.Config, path: Path | None, update: bool) -> None:
    """--privacy-baseline, read once; a file to be written may not exist yet."""
    if path is None:
        return
    if update and not path.exists():
        config.stash[BASELINE_KEY] = Baseline()
        return
    try:
        config.stash[BASELINE_KEY] = Baseline.load(path)
    except ConfigError as exc:
        raise pytest.UsageError(str(exc)) from None


def _add_to_args(config: pytest.Config, specs: list[Path]) -> None:
    """Collect the specs: instead of the default test paths, or beside explicit ones."""
    if config.args_source != pytest.Config.ArgsSource.ARGS:
        config.args = [str(p) for p in specs]
        return
    given = [Path(a.split("::")[0]).resolve() for a in config.args]
    for spec in specs:
        if not any(spec == g or g in spec.parents for g in given):
            config.args.append(str(spec))


def _is_spec(config: pytest.Config, path: Path) -> bool:
    """A file passed to --privacy-spec is a spec; one under a --privacy-spec folder is when
    declares_spec says so (as in `pytest-privacy lint DIR`); *.privacy.yaml anywhere is."""
    if path.name.endswith(NAMED_SUFFIXES):
        return True
    specs = config.stash.get(SPECS_KEY, ())
    resolved = path.resolve()
    if resolved in specs:
        return True
    return any(spec in resolved.parents for spec in specs) and declares_spec(path)


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> PrivacyFile | None:
    if _is_spec(parent.config, file_path):
        return PrivacyFile.from_parent(parent, path=file_path)
    return None


def pytest_collection_finish(session: pytest.Session) -> None:
    """The visits in the order the selected items will need them (for concurrent visits).
    An xdist worker runs only what the controller sends it: it looks at what it has been
    sent while it waits for a visit."""
    visits = session.config.stash.get(VISITS_KEY, None)
    if visits is None:
        return
    if not hasattr(session.config, "workerinput"):
        visits.schedule(item.key for item in session.items if isinstance(item, PrivacyItem))
        return
    from pytest_privacy.xdist_adapter import worker_queue

    items = session.items

    def upcoming() -> Iterator[VisitKey]:
        for index in worker_queue(session.config):
            item = items[index] if 0 <= index < len(items) else None
            if isinstance(item, PrivacyItem):
                yield item.key

    visits.look_ahead(upcoming)


def pytest_runtest_setup(item: pytest.Item) -> None:
    """--privacy-pause: say in the terminal what the paused browser waits for."""
    visits = item.config.stash.get(VISITS_KEY, None)
    if not isinstance(item, PrivacyItem) or visits is None or not visits.cfg.pause \
            or item.key in visits.outcomes:
        return
    reporter = item.config.pluginmanager.get_plugin("terminalreporter")
    capture = item.config.pluginmanager.get_plugin("capturemanager")
    if reporter is None:
        return
    line = (f"privacy: paused after the visit of {item.url} ({item.key.state.label}) in the "
            "Playwright inspector; look at the page, then press Resume to go on")
    if capture is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line(line)
    else:
        reporter.write_line(line)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item,
                              call: pytest.CallInfo[None]) -> Generator[None, pytest.TestReport,
                                                                         pytest.TestReport]:
    report = yield
    if not isinstance(item, PrivacyItem):
        return report
    results = item.config.stash[RESULTS_KEY]
    record = ItemRecord(ItemResult(
        nodeid=item.nodeid, check_id=item.check.id, claim=item.check.claim,
        spec_name=item.spec.name, policy_url=item.spec.policy_url, page=item.url,
        state=item.check.state.label, outcome="passed", details="", visit=None),
        key=item.key, classifier=item.classifier, spec_path=item.spec.path)
    details = report.longreprtext if report.failed else ""
    results.record(record, call.when, report.outcome, details)
    if item.drift is not None:
        results.drift[item.nodeid] = item.drift
    if report.failed:
        _attach_screenshot(item, report)
    return report


def _attach_screenshot(item: PrivacyItem, report: pytest.TestReport) -> None:
    """pytest-html, when installed and asked for: the failing visit's screenshot."""
    html = item.config.pluginmanager.getplugin("html")
    visits = item.config.stash[VISITS_KEY]
    outcome = visits.outcomes.get(item.key)
    if html is None or outcome is None or outcome.screenshot is None:
        return
    extras = getattr(html, "extras", None)
    if extras is None:
        return
    image = base64.b64encode(outcome.screenshot).decode("ascii")
    shown = [*getattr(report, "extras", []), extras.png(image, "privacy visit")]
    report.extras = shown  # type: ignore[attr-defined]  # pytest-html's field


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The visits behind the items (how many, how long, how many failed; under xdist those of
    every worker), the broken claims, and where the report is."""
    config = terminalreporter.config
    visits = config.stash.get(VISITS_KEY, None)
    if visits is None or hasattr(config, "workerinput"):
        return
    for line in visit_lines([stat for part in _parts(config) for stat in part.stats]):
        terminalreporter.write_line(line)
    for line in found_lines(config.stash.get(DISCOVERED_KEY, {})):
        terminalreporter.write_line(line)
    for line in config.stash.get(DRIFT_KEY, []):
        terminalreporter.write_line(line)
    for line in config.stash.get(HISTORY_KEY, []):
        terminalreporter.write_line(line)
    lines = config.stash[SUMMARY_KEY].lines()
    if lines:
        terminalreporter.section("privacy: broken claims", sep="-")
        for line in lines:
            terminalreporter.write_line(line)
    if visits.cfg.report is not None and any(part.items for part in _parts(config)):
        terminalreporter.write_line(f"privacy: report written to {visits.cfg.report}")
    if visits.cfg.sarif is not None:
        terminalreporter.write_line(f"privacy: SARIF written to {visits.cfg.sarif}")
    verdicts = config.stash[VERDICTS_KEY].verdicts
    if verdicts and annotations_wanted(visits.cfg.github_annotations, os.environ):
        for line in annotation_lines(verdicts.values(), _repo_base(config)):
            terminalreporter.write_line(line)


def _parts(config: pytest.Config) -> list[ReportPart]:
    """This process's part of the run (made at session finish) and the xdist workers'."""
    own = config.stash.get(PART_KEY, None)
    return ([own] if own is not None else []) + config.stash.get(PARTS_KEY, [])


def receive_worker_part(config: pytest.Config, workeroutput: dict[str, object]) -> None:
    """In the xdist controller: keep what a worker made (pytest_testnodedown)."""
    data = workeroutput.get(WORKER_OUTPUT)
    if isinstance(data, bytes):
        config.stash.setdefault(PARTS_KEY, []).append(pickle.loads(data))


def pytest_sessionfinish(session: pytest.Session) -> None:
    config = session.config
    visits = config.stash.get(VISITS_KEY, None)
    if visits is None:
        return
    visits.close()
    forget()
    results = config.stash[RESULTS_KEY]
    prune_artifacts(visits, results)
    part = report_part(visits, results)
    workeroutput = getattr(config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker: the controller writes the report
        workeroutput[WORKER_OUTPUT] = pickle.dumps(part)
        return
    config.stash[PART_KEY] = part
    if visits.cfg.sarif is not None:  # from the reports, which the xdist controller has too
        log = config.stash[VERDICTS_KEY]
        write_sarif(visits.cfg.sarif, sarif_log(log.verdicts.values(), _repo_base(config),
                                                log.claims, __version__))
    parts = _parts(config)
    drift = _drift(config, visits.cfg.baseline, visits.cfg.baseline_update, parts)
    history = _history(config, visits.cfg.history, parts, drift)
    if visits.cfg.report is not None and any(p.items for p in parts):
        own = {r.spec_path: r.classifier for r in results.items.values()}

        @cache
        def classifier_of(path: Path) -> Classifier:
            known = own.get(path)
            if known is not None:
                return known
            try:  # the controller of xdist collected nothing: read the spec's rules again
                return spec_classifier(load_spec(path, kinds_for(session)), visits)
            except SpecError:  # a kind only a conftest of that folder declares
                return Classifier(extra=visits.knowledge)

        write_html(visits.cfg.report, parts, classifier_of, visits.cfg.show_values,
                   "all" if visits.cfg.screenshot == "on" else "failures", drift, history)


def _repo_base(config: pytest.Config) -> Path:
    """What SARIF and annotation paths are relative to: the GitHub workspace when there is
    one, else pytest's rootdir."""
    workspace = os.environ.get("GITHUB_WORKSPACE")
    return Path(workspace).resolve() if workspace else config.rootpath


def _history(config: pytest.Config, folder: Path | None, parts: list[ReportPart],
             drift: list[list[str]] | None) -> list[RunRecord] | None:
    """--privacy-history: append this run's record to the folder (a run in which no item ran,
    e.g. --collect-only, records nothing) and read back the last runs for the report."""
    if folder is None:
        return None
    items = [item for part in parts for item in part.items]
    lines = config.stash.setdefault(HISTORY_KEY, [])
    if not items:
        lines.append(f"privacy: history {folder}: nothing recorded, no item ran")
        return None
    # a check is named by its spec file's name and its id: the same wherever pytest runs
    record = make_record(((f"{Path(item.nodeid.split('::')[0]).name}::{item.check_id}",
                           item.outcome) for item in items),
                         visits=sum(len(part.stats) for part in parts), drift=drift,
                         updated=config.stash[VISITS_KEY].cfg.baseline_update)
    try:
        written = append(folder, record)
    except ConfigError as exc:
        lines.append(f"privacy: history not recorded: {exc}")
        return None
    records, skipped = load(folder)
    lines.append(f"privacy: run recorded in {written}")
    if skipped:
        lines.append(f"privacy: history {folder}: skipped unreadable records: "
                     + ", ".join(skipped[:10]) + (" …" if len(skipped) > 10 else ""))
    return records


def _drift(config: pytest.Config, path: Path | None, update: bool,
           parts: list[ReportPart]) -> list[list[str]] | None:
    """Compare what the no_new checks observed with the baseline; with
    --privacy-baseline-update write it (here only: the xdist controller, or the only process).
    Returns the changes for the HTML report (None: no baseline)."""
    baseline = config.stash.get(BASELINE_KEY, None)
    rows = [row for part in parts for row in part.drift]
    if path is None or baseline is None:
        return None
    if not rows:
        if update and any(part.items for part in parts):
            config.stash[DRIFT_KEY] = [f"privacy: baseline {path} not written: no item with "
                                       "no_new: true completed its visit"]
        return None
    found = changes(baseline, rows)
    if update:
        baseline.updated(rows).write(path)
    config.stash[DRIFT_KEY] = change_lines(path, found, update)
    return change_rows(found)
