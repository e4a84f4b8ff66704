"""What a run leaves for the person who opens CI: screenshots, traces, HARs, evidence, the HTML
report, pytest-html's report and the summary of broken claims, all without cookie values."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from pytest_privacy.settings import PrivacyConfig

SECRETS = ("ad-id-secret-42", "s3cr3t-session-value", "secret-storage-id")

SPEC = """
version: 1
name: Artifact fixtures
policy: {url: "https://shop.example/privacy"}
site:
  pages: ["https://clean.test/", "https://tracked.test/"]
classify:
  cookies:
    - {name: session_id, category: necessary}
checks:
  - id: no-marketing
    claim: "We only set advertising cookies after you agree."
    expect:
      cookies: {none_of: [marketing]}
  - id: no-analytics-requests
    claim: "No analytics before consent."
    expect:
      requests: {none_of: [analytics]}
"""


def _all_text(folder: Path) -> str:
    """Every file under `folder` as text, zip members included (traces are zips)."""
    parts = []
    for path in folder.rglob("*"):
        if path.is_file() and path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                parts += [archive.read(n).decode("utf-8", "replace") for n in archive.namelist()]
        elif path.is_file():
            parts.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(parts)


def test_artifacts_of_failing_visits_only_and_values_redacted(run_spec, tmp_path: Path) -> None:
    out, evidence = tmp_path / "out", tmp_path / "evidence"
    report, html = tmp_path / "privacy.html", tmp_path / "pytest.html"
    run = run_spec(SPEC, "--screenshot", "only-on-failure", "--tracing", "retain-on-failure",
                   "--output", str(out), "--privacy-evidence", str(evidence),
                   "--privacy-report", str(report), "--html", str(html),
                   "--self-contained-html", "--junitxml", str(tmp_path / "junit.xml"))
    assert run.outcome("no-marketing[https://tracked.test/]") == "FAILED", run.text
    assert run.outcome("no-marketing[https://clean.test/]") == "PASSED", run.text
    # Only the failing visit keeps its screenshot and trace.
    kept = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert kept == ["tracked_test__before_consent/screenshot.png",
                    "tracked_test__before_consent/trace.zip"], kept
    trace = out / "tracked_test__before_consent" / "trace.zip"
    with zipfile.ZipFile(trace) as archive:
        names = archive.namelist()
        network = archive.read("trace.network").decode()
    assert "trace.trace" in names and "pytest-privacy-redaction.txt" in names
    assert "ads.doubleclick.net/px" in network  # the trace still shows the traffic
    # The failure names its artifacts.
    run.result.stdout.fnmatch_lines([f"Screenshot: {out}/tracked_test__before_consent/"
                                     "screenshot.png",
                                     f"Trace:    {trace}  (open: playwright show-trace {trace})"])
    # One evidence file and one HAR per visit, values redacted and saying so.
    hars = sorted(p.name for p in evidence.glob("*.har"))
    assert hars == ["clean_test__before_consent.har", "tracked_test__before_consent.har"]
    har = json.loads((evidence / "tracked_test__before_consent.har").read_text())
    assert "redacted" in har["log"]["comment"]
    set_cookies = [h["value"] for e in har["log"]["entries"] for h in e["response"]["headers"]
                   if h["name"].lower() == "set-cookie"]
    assert set_cookies and all(v.startswith("<redacted") for v in set_cookies)
    # No file the run wrote holds a cookie or storage value.
    written = _all_text(tmp_path)
    for secret in SECRETS:
        assert secret not in written, secret
    # The summary groups broken promises by claim.
    run.result.stdout.fnmatch_lines([
        "*privacy: broken claims*",
        '"We only set advertising cookies after you agree." (Artifact fixtures): 1 failed',
        "    FAILED no-marketing on https://tracked.test/ (before_consent)",
        f"privacy: report written to {report}"])
    # pytest-html shows the failing visit's screenshot.
    assert "data:image/png;base64," in html.read_text()
    assert report.is_file()


def test_show_values_keeps_them_in_har_and_trace(run_spec, tmp_path: Path) -> None:
    out, evidence = tmp_path / "out", tmp_path / "evidence"
    spec = SPEC.replace('"https://clean.test/", ', "")
    run = run_spec(spec, "--tracing", "on", "--output", str(out), "--privacy-evidence",
                   str(evidence), "--privacy-show-values")
    assert run.outcome("no-marketing[https://tracked.test/]") == "FAILED", run.text
    assert "ad-id-secret-42" in (evidence / "tracked_test__before_consent.har").read_text()
    assert "ad-id-secret-42" in _all_text(out)


def test_html_report_in_a_browser(run_spec, tmp_path: Path) -> None:
    """The report renders without a server, its tables are there, the failure is findable."""
    from playwright.sync_api import sync_playwright

    from pytest_privacy.browser.provider import find_system_chromium, launch_args

    report = tmp_path / "privacy.html"
    run = run_spec(SPEC, "--privacy-report", str(report))
    assert run.outcome("no-marketing[https://tracked.test/]") == "FAILED", run.text
    html = report.read_text()
    for secret in SECRETS:
        assert secret not in html
    with sync_playwright() as pw:
        executable = None if Path(pw.chromium.executable_path).exists() else \
            find_system_chromium(headless=True)
        browser = pw.chromium.launch(executable_path=executable,
                                     args=launch_args(PrivacyConfig()))
        page = browser.new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(report.as_uri())
        assert page.get_by_text("We only set advertising cookies after you agree.").first \
            .is_visible()
        body = page.inner_text("body")
        assert "no-marketing" in body and "https://tracked.test/" in body
        assert "_fbp" in body and "IDE" in body  # the cookie tables
        assert page.locator("table").count() >= 3
        # only the failing visit's screenshot is embedded (--screenshot on embeds every one)
        assert page.locator("img[src^='data:image/png;base64,']").count() == 1
        assert page.locator("section.visit:has(img.shot)").inner_text().count(
            "https://tracked.test/") >= 1
        assert page.locator("svg.timeline").count() == 2  # a timeline per visit
        browser.close()
    assert all(url.startswith(("file:", "data:")) for url in requests), requests


def test_pause_needs_headed(pytester: pytest.Pytester, tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC)
    result = pytester.runpytest_subprocess("--privacy-spec", str(spec), "--privacy-pause")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--privacy-pause needs a browser window to look at; "
                                 "add --headed.*"])
