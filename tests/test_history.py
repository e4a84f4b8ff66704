"""--privacy-history DIR: the run records (pure), the chart's SVG (pure), two runs of pytest
recording into one folder, and their report's chart opened in a real headless Chromium."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from pytest_privacy.history import MAX_CHANGES, RunRecord, append, load, make_record
from pytest_privacy.htmlhistory import history_chart
from pytest_privacy.htmlreport import STYLE, ItemResult, render_report, write_report

# --- records ----------------------------------------------------------------------------------


def _record(date: str, failed: int = 0, errors: int = 0, passed: int = 3,
            drift: list[list[str]] | None = None, updated: bool = False) -> RunRecord:
    verdicts = ([("spec.yaml::no-ads", "failed")] * failed
                + [("spec.yaml::gpc", "error")] * errors
                + [("spec.yaml::links", "passed")] * passed)
    return make_record(verdicts, visits=2, drift=drift, updated=updated, date=date)


def test_a_record_counts_outcomes_and_failures_by_check() -> None:
    drift = [["new", "request host", "ads.example", "marketing", "no-new", "/", "gpc"],
             ["gone", "cookie", "_ga (first party)", "analytics", "no-new", "/", "gpc"],
             ["new", "storage key", "_hjid", "analytics", "no-new", "/p", "gpc"]]
    record = make_record([("a.yaml::no-ads", "failed"), ("a.yaml::no-ads", "failed"),
                          ("a.yaml::gpc", "error"), ("a.yaml::links", "passed"),
                          ("a.yaml::text", "skipped")], visits=3, drift=drift,
                         date="2026-12-07T02:00:12Z")
    assert record.items == 5 and record.visits == 3
    assert record.outcomes == {"passed": 1, "failed": 2, "error": 1, "skipped": 1}
    assert record.failures == {"a.yaml::gpc": 1, "a.yaml::no-ads": 2}
    assert record.findings == 3
    assert record.drift == {
        "new": [["request host", "ads.example", "marketing", "no-new", "/", "gpc"],
                ["storage key", "_hjid", "analytics", "no-new", "/p", "gpc"]],
        "gone": [["cookie", "_ga (first party)", "analytics", "no-new", "/", "gpc"]]}
    assert (record.new, record.gone, record.updated) == (2, 1, False)
    # without a baseline there is no drift at all (not an empty one)
    plain = make_record([("a.yaml::x", "passed")], date="2026-12-07T02:00:12Z")
    assert plain.drift is None and "drift" not in plain.to_json() and plain.new == 0
    assert plain.outcomes == {"passed": 1, "failed": 0, "error": 0, "skipped": 0}


def test_a_record_stays_small() -> None:
    drift = [["new", "request host", f"t{n}.example", "unknown", "c", "/", "s"]
             for n in range(MAX_CHANGES + 25)]
    record = make_record([("a.yaml::c", "failed")], drift=drift, updated=True,
                         date="2026-12-07T02:00:12Z")
    assert record.drift is not None
    assert len(record.drift["new"]) == MAX_CHANGES and record.drift["more"] == {"new": 25}
    assert record.new == MAX_CHANGES + 25 and record.updated


def test_records_round_trip_through_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "history"
    first = _record("2026-12-05T02:00:00Z", failed=1)
    second = _record("2026-12-06T02:00:00Z", failed=2, errors=1,
                     drift=[["new", "cookie", "IDE", "marketing", "c", "/", "s"]])
    # written out of order, and the same second twice: nothing is overwritten
    paths = [append(folder, second), append(folder, first), append(folder, second)]
    assert [p.name for p in paths] == ["run-20261206T020000Z.json", "run-20261205T020000Z.json",
                                       "run-20261206T020000Z-2.json"]
    assert json.loads(paths[0].read_text())["format"] == 1
    (folder / "run-broken.json").write_text("{not json")
    (folder / "run-other.json").write_text('{"format": 99}')
    (folder / "notes.txt").write_text("not a record")
    records, skipped = load(folder)
    assert records == [first, second, second]  # oldest first
    assert skipped == ["run-broken.json", "run-other.json"]
    assert load(folder, last=1)[0] == [second]
    assert load(tmp_path / "nothing-yet") == ([], [])


def test_history_folder_that_is_a_file_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makefile(".txt", history="a file")
    result = pytester.runpytest_subprocess("--privacy-history", "history.txt",
                                           "-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--privacy-history history.txt is a file; name the folder*"])


# --- the chart --------------------------------------------------------------------------------

NIGHTS = [_record("2026-12-01T02:00:00Z"),
          _record("2026-12-02T02:00:00Z", failed=2),
          _record("2026-12-03T02:00:00Z", failed=4, errors=1,
                  drift=[["new", "request host", "t.example", "marketing", "c", "/", "s"]] * 3),
          _record("2026-12-04T02:00:00Z", failed=1, drift=[], updated=False)]


def _bars(svg: str) -> list[dict[str, str]]:
    return [dict(re.findall(r'data-(\w+)="([^"]*)"', group))
            for group in re.findall(r'<g class="hx-run[^"]*" ([^>]*)>', svg)]


def test_the_chart_has_one_bar_per_run_scaled_to_its_findings() -> None:
    svg = history_chart(NIGHTS)
    assert svg.startswith('<svg class="history"') and "</svg>" in svg
    bars = _bars(svg)
    assert [b["findings"] for b in bars] == ["0", "2", "5", "1"]
    assert [b["new"] for b in bars] == ["0", "0", "3", "0"]
    groups = svg.split('<g class="hx-run')[1:]
    heights = {}
    for bar, group in zip(bars, groups, strict=True):
        found = re.search(r'class="hx-failed"[^>]*height="([\d.]+)"', group)
        heights[int(bar["failed"])] = float(found.group(1)) if found else 0.0
    assert heights[0] == 0 < heights[1] < heights[2] < heights[4]
    assert abs(heights[4] - 2 * heights[2]) < 0.5  # linear
    assert svg.count('class="hx-error"') == 1 and svg.count('class="hx-clean"') == 1
    assert '<text class="hx-new"' in svg and ">+3</text>" in svg
    assert svg.count("hx-current") == 1 and ">this run</text>" in svg
    dates = re.findall(r'<text class="hx-date"[^>]*>([^<]*)</text>', svg)
    assert dates == ["12-01", "12-02", "12-03", "this run"]
    assert 'role="img"' in svg and "this run 1, the one before 5" in svg
    assert "new since the baseline" in svg  # the legend says what +N is


def test_chart_text_is_escaped_and_an_updated_baseline_is_not_new() -> None:
    hostile = make_record([("<script>alert(1)</script>.yaml::x", "failed")],
                          drift=[["new", "cookie", "a", "b", "c", "d", "e"]], updated=True,
                          date="2026-12-07T02:00:00Z")
    svg = history_chart([hostile])
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert '<text class="hx-new"' not in svg  # approved by the update, not new
    assert "(the baseline was updated)" in svg
    assert history_chart([]) == ""


def test_the_report_has_the_history_section_only_when_asked() -> None:
    items = [ItemResult("spec.yaml::no-ads[/]", "no-ads", "No ads.", "Shop", None,
                        "https://shop.test/", "before_consent", "failed", "x", None)]
    without = render_report("R", [], items)
    assert 'id="history"' not in without and 'href="#history"' not in without
    page = render_report("R", [], items, history=NIGHTS)
    assert '<section id="history"><h2>Findings per run (the last 4)</h2>' in page
    assert '<a href="#history">History</a>' in page
    assert page.index('id="history"') < page.index('id="failures"')
    assert ".hx-failed{" in STYLE  # the chart's colours are in the hashed stylesheet
    assert " style=" not in page  # no inline style attribute: the CSP would refuse it
    empty = render_report("R", [], items, history=[])
    assert "No run recorded yet." in empty


# --- two runs of pytest, and the report in Chromium --------------------------------------------

SPEC = """
version: 1
site:
  base_url: https://clean.test
  pages: [/]
checks:
  - id: no-new-trackers
    claim: "We list every tracker we use."
    expect:
      requests: {no_new: true}
  - id: no-marketing
    claim: "No advertising before consent."
    expect:
      requests: {none_of: [marketing]}
"""


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    from pytest_privacy.browser.provider import find_system_chromium

    with sync_playwright() as pw:
        own = Path(pw.chromium.executable_path).exists()
        path = None if own else find_system_chromium(headless=True)
        if not own and path is None:
            pytest.skip("no Chromium: install one (python -m playwright install chromium)")
        args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
        browser = pw.chromium.launch(executable_path=path, headless=True, args=args)
        try:
            yield browser
        finally:
            browser.close()


def test_two_runs_record_into_one_folder_and_the_report_charts_them(  # type: ignore[no-untyped-def]
        run_spec, tmp_path: Path, chromium: Browser) -> None:
    history, baseline = tmp_path / "history", tmp_path / "baseline.json"
    common = ("--privacy-history", str(history), "--privacy-baseline", str(baseline))
    first = run_spec(SPEC, *common, "--privacy-baseline-update")
    assert set(first.outcomes.values()) == {"PASSED"}, first.text
    first.result.stdout.fnmatch_lines([f"privacy: run recorded in {history}/run-*.json"])
    # the next night, production has a tracker the baseline (recorded on clean.test) lacks
    report = tmp_path / "report.html"
    second = run_spec(SPEC, *common, "--base-url", "https://tracked.test",
                      "--privacy-report", str(report))
    assert second.outcome("no-new-trackers[/]") == "FAILED", second.text
    assert second.outcome("no-marketing[/]") == "FAILED", second.text

    records, skipped = load(history)
    assert skipped == [] and len(records) == 2 and records[0].date <= records[1].date
    assert [r.items for r in records] == [2, 2]
    assert [r.findings for r in records] == [0, 2]
    assert records[0].updated and records[0].failures == {}
    assert records[1].failures == {"spec.yaml::no-marketing": 1,
                                   "spec.yaml::no-new-trackers": 1}
    assert records[1].drift is not None and not records[1].updated
    new_hosts = {change[1] for change in records[1].drift["new"]}
    assert "ads.doubleclick.net" in new_hosts and records[1].new == len(new_hosts)

    page = chromium.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(report.as_uri())
    svg = page.locator("#history svg.history")
    assert svg.count() == 1
    box = svg.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 60
    runs = svg.locator("g.hx-run")
    assert runs.count() == 2
    assert runs.nth(1).get_attribute("data-findings") == "2"
    clean = runs.nth(0).locator("rect.hx-clean")
    failed = runs.nth(1).locator("rect.hx-failed")
    first_box, second_box = clean.bounding_box(), failed.bounding_box()
    assert first_box is not None and second_box is not None
    assert second_box["height"] > 10 * first_box["height"]  # 2 findings against none
    assert first_box["x"] < second_box["x"]  # oldest left
    # the stylesheet (allowed by the CSP's hash) colours the bars
    assert failed.evaluate("e => getComputedStyle(e).fill") == "rgb(198, 40, 40)"
    assert clean.evaluate("e => getComputedStyle(e).fill") == "rgb(46, 125, 50)"
    assert svg.locator("text.hx-new").text_content() == f"+{records[1].new}"
    tip = runs.nth(1).locator("title").text_content() or ""
    assert "spec.yaml::no-marketing (1)" in tip and "new since the baseline" in tip
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    page.close()


def test_the_chart_alone_renders_in_chromium(tmp_path: Path, chromium: Browser) -> None:
    """Thirty nights: every bar drawn inside the picture, dates thinned out, none cut off."""
    nights = [_record(f"2026-11-{day:02d}T02:00:00Z", failed=day % 7, errors=day % 3)
              for day in range(1, 31)]
    path = tmp_path / "report.html"
    write_report(path, "R", [], [], history=nights)
    page = chromium.new_page()
    page.goto(path.as_uri())
    svg = page.locator("svg.history")
    outer = svg.bounding_box()
    assert outer is not None
    runs = svg.locator("g.hx-run")
    assert runs.count() == 30
    for n in range(30):
        box = runs.nth(n).bounding_box()
        assert box is not None and box["width"] > 0
        assert outer["x"] <= box["x"] and box["x"] + box["width"] <= outer["x"] + outer["width"]
        assert outer["y"] <= box["y"] and box["y"] + box["height"] <= outer["y"] + outer["height"]
    assert 2 <= svg.locator("text.hx-date").count() <= 16
    page.close()
