"""pytest users' habits with spec items: --lf/--ff, ids pasted back from a failure, the short
summary, reports under xdist, running a spec from another folder, headed runs, and
pytest-playwright's flags."""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_privacy.browser.provider import find_system_chromium
from pytest_privacy.fixtureserver import FixtureServer

TWO_PAGES = """version: 1
name: Shop
site:
  pages: ["https://clean.test/", "https://tracked.test/"]
checks:
  - id: no-ide
    claim: "No IDE cookie."
    expect:
      cookies: {absent: [IDE]}
"""

ONE_PAGE = """version: 1
name: Shop
site:
  base_url: https://tracked.test
  pages: [/]
checks:
  - id: no-marketing
    claim: "We only set advertising cookies after you agree."
    expect:
      cookies: {none_of: [marketing]}
"""


def _run(pytester: pytest.Pytester, server: FixtureServer, spec: str,
         *args: str) -> pytest.RunResult:
    """pytest on spec.yaml against the fixture server, with pytest's cache (unlike run_spec)."""
    (pytester.path / "spec.yaml").write_text(spec, encoding="utf-8")
    return pytester.runpytest_subprocess(
        "--privacy-spec", "spec.yaml", "--privacy-host-map", server.host_map,
        "--privacy-ignore-https-errors", "--privacy-settle", "200", *args)


def test_last_failed_and_failed_first_rerun_the_failures(pytester: pytest.Pytester,
                                                         fixture_server: FixtureServer) -> None:
    first = _run(pytester, fixture_server, TWO_PAGES)
    first.assert_outcomes(passed=1, failed=1)
    again = _run(pytester, fixture_server, TWO_PAGES, "--lf", "-v")
    again.assert_outcomes(failed=1, deselected=1)
    again.stdout.fnmatch_lines(["run-last-failure: rerun previous 1 failure",
                                "spec.yaml::no-ide[[]https://tracked.test/[]] FAILED*"])
    assert "clean.test/] PASSED" not in again.stdout.str()
    ordered = _run(pytester, fixture_server, TWO_PAGES, "--ff", "-v")
    ordered.assert_outcomes(passed=1, failed=1)
    ordered.stdout.fnmatch_lines(["run-last-failure: rerun previous 1 failure first",
                                  "spec.yaml::no-ide[[]https://tracked.test/[]] FAILED*",
                                  "spec.yaml::no-ide[[]https://clean.test/[]] PASSED*"])


def test_failure_header_is_the_node_id_and_the_summary_says_what_broke(
        pytester: pytest.Pytester, fixture_server: FixtureServer) -> None:
    result = _run(pytester, fixture_server, ONE_PAGE, "-rf", "-vv")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "*_ no-marketing[[]/[]] _*",
        "FAILED spec.yaml::no-marketing[[]/[]] - cookies: none_of [[]'marketing'[]] — "
        "2 cookie(s) in a forbidden category"])
    # the header pasted back selects the item
    header = "spec.yaml::no-marketing[/]"
    again = pytester.runpytest_subprocess("--privacy-spec", "spec.yaml", header,
                                          "--collect-only", "-q")
    again.stdout.fnmatch_lines([header, "1 test collected*"])


def test_spec_runs_from_another_folder(pytester: pytest.Pytester) -> None:
    """The project's own specs run from anywhere: no conftest of the project's is in the way."""
    demo = Path(__file__).parents[1] / "specs" / "demo.yaml"
    result = pytester.runpytest_subprocess("--privacy-spec", str(demo), "--collect-only", "-q")
    assert result.ret == 0, result.stdout.str() + result.stderr.str()
    result.stdout.fnmatch_lines(["*demo.yaml::*", "* collected*"])


def test_headed_without_a_display_is_one_sentence(pytester: pytest.Pytester,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    (pytester.path / "spec.yaml").write_text(ONE_PAGE, encoding="utf-8")
    result = pytester.runpytest_subprocess("--privacy-spec", "spec.yaml", "--headed")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*no display for a headed browser (--headed)*run under "
                                 "'xvfb-run pytest ...' or drop --headed."])
    # a spec collected without --privacy-spec: every item says the same sentence
    (pytester.path / "shop.privacy.yaml").write_text(ONE_PAGE, encoding="utf-8")
    collected = pytester.runpytest_subprocess("shop.privacy.yaml", "--headed")
    collected.assert_outcomes(errors=1)
    collected.stdout.fnmatch_lines(["*no display for a headed browser*"])
    assert "has been closed" not in collected.stdout.str()


def test_pause_says_what_to_do_and_a_missing_x_server_is_named(
        pytester: pytest.Pytester, fixture_server: FixtureServer,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """DISPLAY names a server that is not there: Playwright's 'Missing X server' becomes the
    one sentence; --privacy-pause first says in the terminal what it waits for."""
    monkeypatch.setenv("DISPLAY", ":97")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    full = find_system_chromium()  # a headed run never takes a headless shell
    result = _run(pytester, fixture_server, ONE_PAGE, "--headed", "--privacy-pause",
                  *(["--privacy-browser-path", full] if full else []))
    result.stdout.fnmatch_lines([
        "privacy: paused after the visit of https://tracked.test/ (before_consent) in the "
        "Playwright inspector; look at the page, then press Resume to go on",
        "*no display for a headed browser*"])
    result.assert_outcomes(errors=1)


FOUR_PAGES = TWO_PAGES.replace('["https://clean.test/", "https://tracked.test/"]',
                               '["https://clean.test/", "https://tracked.test/", '
                               '"https://pages.test/p1/", "https://pages.test/p2/"]')


def test_xdist_writes_one_report_and_the_visit_summary(pytester: pytest.Pytester,
                                                      fixture_server: FixtureServer) -> None:
    """-n 2: the workers' visits and verdicts reach the controller, which writes exactly the
    report asked for and the summary line of all the visits."""
    result = _run(pytester, fixture_server, FOUR_PAGES, "-n", "2", "-p", "no:cacheprovider",
                  "--privacy-report", "out/privacy.html")
    result.assert_outcomes(passed=3, failed=1)
    result.stdout.fnmatch_lines(["created: 2/2 workers"])
    written = sorted(p.relative_to(pytester.path).as_posix()
                     for p in (pytester.path / "out").rglob("*"))
    assert written == ["out/privacy.html"], written
    result.stdout.fnmatch_lines(["privacy: 4 page visits in * s (mean *); 0 could not be "
                                 "completed", "privacy: report written to out/privacy.html"])
    html = (pytester.path / "out" / "privacy.html").read_text(encoding="utf-8")
    for url in ("https://clean.test/", "https://tracked.test/", "https://pages.test/p1/",
                "https://pages.test/p2/"):
        assert url in html, url
    assert html.count('id="visit-') == 4
    assert 'href="#visit-5"' not in html


# ---- pytest-playwright's flags: each honoured or refused, none ignored -------------------

DEVICE = """version: 1
name: Device
site:
  pages: ["https://device.test/"]
checks:
  - id: iphone
    claim: "The page is seen as on an iPhone 13."
    expect:
      text: {contains: ["width=390 touch=true ratio=3 iphone=true"]}
"""


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_device_is_emulated_and_screenshots_are_of_the_viewport_or_the_full_page(
        pytester: pytest.Pytester, fixture_server: FixtureServer) -> None:
    """--device: the page sees the device's viewport, touch, pixel ratio and user agent.
    --screenshot on keeps the visit's screenshot; --full-page-screenshot makes it the whole
    (3000 px tall) page instead of the viewport. (The plain visit's run keeps the viewport
    screenshot: one pytest run fewer.)"""
    plain = _run(pytester, fixture_server, DEVICE, "--screenshot", "on", "--output", "viewport")
    plain.assert_outcomes(failed=1)
    emulated = _run(pytester, fixture_server, DEVICE, "--device", "iPhone 13")
    emulated.assert_outcomes(passed=1)
    _run(pytester, fixture_server, DEVICE, "--screenshot", "on", "--output", "full",
         "--full-page-screenshot")
    [viewport] = (pytester.path / "viewport").rglob("screenshot.png")
    [full] = (pytester.path / "full").rglob("screenshot.png")
    assert _png_size(viewport)[1] < 1000 and _png_size(full)[1] >= 3000


def test_unknown_device_is_a_usage_error(pytester: pytest.Pytester,
                                         fixture_server: FixtureServer) -> None:
    result = _run(pytester, fixture_server, DEVICE, "--device", "iPhone 99")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--device 'iPhone 99' is not a Playwright device; "
                                 "did you mean *"])


def test_slowmo_slows_the_visit(pytester: pytest.Pytester, fixture_server: FixtureServer) -> None:
    result = _run(pytester, fixture_server, DEVICE, "--slowmo", "1500")
    line = next(t for t in result.outlines if t.startswith("privacy: 1 page visits in "))
    assert float(line.split(" in ")[1].split(" s")[0]) >= 1.5, line


def test_browser_channel_is_the_browser_launched(pytester: pytest.Pytester,
                                                fixture_server: FixtureServer) -> None:
    """--browser-channel names the browser the visits launch (msedge is not installed here)."""
    result = _run(pytester, fixture_server, DEVICE, "--browser-channel", "msedge")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*visit error: cannot launch msedge: *"])


def test_other_browsers_and_playwright_debug_are_refused(pytester: pytest.Pytester,
                                                         fixture_server: FixtureServer) -> None:
    firefox = _run(pytester, fixture_server, DEVICE, "--browser", "firefox")
    assert firefox.ret == pytest.ExitCode.USAGE_ERROR
    firefox.stderr.fnmatch_lines(["*pytest-privacy drives Chromium only; drop --browser firefox*"])
    debug = _run(pytester, fixture_server, DEVICE, "--playwright-debug", "cli", "-s")
    assert debug.ret == pytest.ExitCode.USAGE_ERROR
    debug.stderr.fnmatch_lines(["*--playwright-debug attaches to pytest-playwright's own page "
                                "fixture, not to a spec's visits; to look at a visit, use "
                                "--headed --privacy-pause."])


def test_video_is_recorded_into_the_visit_output(pytester: pytest.Pytester,
                                                 fixture_server: FixtureServer) -> None:
    """--video on: the visit is recorded into its --output folder and named in the failure;
    retain-on-failure drops a passing visit's video. Playwright records with its own ffmpeg:
    where it is not installed, the visit is an error that says how to install it."""
    result = _run(pytester, fixture_server, DEVICE, "--video", "on", "--output", "out")
    if "needs Playwright's ffmpeg" in result.stdout.str():
        result.assert_outcomes(errors=1)
        result.stdout.fnmatch_lines(["*visit error: --video needs Playwright's ffmpeg, which "
                                     "is not installed: run 'python -m playwright install "
                                     "ffmpeg', or drop --video."])
        return
    result.assert_outcomes(failed=1)
    videos = list((pytester.path / "out").rglob("*.webm"))
    assert len(videos) == 1, videos
    result.stdout.fnmatch_lines([f"Video:*{videos[0].name}"])
    passing = _run(pytester, fixture_server, DEVICE, "--video", "retain-on-failure",
                   "--output", "kept", "--device", "iPhone 13")
    passing.assert_outcomes(passed=1)
    assert not list((pytester.path / "kept").rglob("*.webm"))
