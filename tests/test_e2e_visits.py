"""Visits: shared between items, made in a fresh context, failing closed."""

from __future__ import annotations

import json
from pathlib import Path

from pytest_privacy.fixtureserver import FixtureServer

TEN_CHECKS = "\n".join(f"""  - id: check-{i}
    claim: "Claim {i}."
    expect:
      cookies: {{none_of: [marketing]}}
      text: {{contains: ["Privacy Policy"]}}""" for i in range(10))


def test_ten_checks_on_two_pages_make_two_page_loads(run_spec,
                                                     fixture_server: FixtureServer) -> None:
    fixture_server.reset()
    spec = ("version: 1\nsite:\n  base_url: https://nowhere.test\n  pages: [/, /about/]\n"
            f"checks:\n{TEN_CHECKS}\n")
    # --base-url overrides the spec's base_url.
    run = run_spec(spec, "--base-url", "https://clean.test")
    run.result.assert_outcomes(passed=20)
    assert fixture_server.count("clean.test", "/") == 1
    assert fixture_server.count("clean.test", "/about/") == 1
    assert fixture_server.count("nowhere.test", "/") == 0
    run.result.stdout.fnmatch_lines(["privacy: 2 page visits in * s (mean * s, slowest * s: "
                                     "https://clean.test/* before_consent); 0 could not be "
                                     "completed"])


ONE_CHECK = """version: 1
site:
  pages: [{page}]
checks:
  - id: no-marketing
    claim: "No advertising cookies before consent."
    expect:
      cookies: {{none_of: [marketing]}}
"""


def test_http_error_page_is_an_error_not_a_pass(run_spec) -> None:
    run = run_spec(ONE_CHECK.format(page="https://error.test/"))
    assert run.outcome("no-marketing[https://error.test/]") == "ERROR"
    run.result.stdout.fnmatch_lines([
        "*visit error: https://error.test/ answered HTTP 503 Service Unavailable; the page "
        "itself must load for its checks to mean anything."])
    assert "Traceback" not in run.text
    assert "During handling" not in run.text


def test_connection_refused(run_spec, fixture_server: FixtureServer) -> None:
    run = run_spec(ONE_CHECK.format(page="https://refused.test/"),
                   host_map=f"MAP refused.test 127.0.0.1:9, {fixture_server.host_map}")
    assert run.outcome("no-marketing[https://refused.test/]") == "ERROR"
    run.result.stdout.fnmatch_lines(["*visit error: https://refused.test/: connection refused "
                                     "(net::ERR_CONNECTION_REFUSED)*"])


def test_tls_error_without_the_ignore_flag(run_spec) -> None:
    run = run_spec(ONE_CHECK.format(page="https://clean.test/"), ignore_https=False)
    assert run.outcome("no-marketing[https://clean.test/]") == "ERROR"
    run.result.stdout.fnmatch_lines(["*visit error: https://clean.test/ failed with net::ERR_CERT_*"
                                     "for a staging site run with --privacy-ignore-https-errors."])


def test_timeout(run_spec) -> None:
    run = run_spec(ONE_CHECK.format(page="https://slow.test/"), "--privacy-timeout", "1000")
    assert run.outcome("no-marketing[https://slow.test/]") == "ERROR"
    run.result.stdout.fnmatch_lines(["*visit error: https://slow.test/ did not load within 1000 ms;"
                                     " raise --privacy-timeout if the site is slow."])


def test_evidence_files_redact_values(run_spec, tmp_path: Path) -> None:
    evidence = tmp_path / "evidence"
    spec = ONE_CHECK.format(page="https://tracked.test/")
    run = run_spec(spec, "--privacy-evidence", str(evidence))
    assert run.outcome("no-marketing[https://tracked.test/]") == "FAILED"
    files = list(evidence.glob("*.json"))
    assert len(files) == 1
    text = files[0].read_text()
    assert "ad-id-secret-42" not in text
    data = json.loads(text)
    ide = next(c for c in data["cookies"] if c["name"] == "IDE")
    assert ide["value"] == "<redacted: 15 chars>"
    assert ide["set_by"] == "https://ads.doubleclick.net/px" and ide["same_site"] == "None"
    assert data["cookie_policy"] == "allow-third-party"
    assert data["values"].startswith("redacted")
    run.result.stdout.fnmatch_lines([f"Evidence: {files[0]}"])
    shown = run_spec(spec, "--privacy-evidence", str(evidence), "--privacy-show-values")
    assert shown.outcome("no-marketing[https://tracked.test/]") == "FAILED"
    assert "ad-id-secret-42" in files[0].read_text()


def test_blocking_third_party_cookies(run_spec, browser_path: list[str]) -> None:
    """An ad pixel (Set-Cookie), and an ad frame in its own process (Set-Cookie and
    document.cookie): allowed by default, blocked with --privacy-third-party-cookies block.
    (Both pages in one run: each is its own item, judged on its own visit.)"""
    pages = ["https://tracked.test/", "https://framed.test/"]
    spec = ONE_CHECK.format(page=", ".join(pages)).replace("{none_of: [marketing]}",
                                                           "{absent: [IDE]}")
    allowed = run_spec(spec, *browser_path)
    blocked = run_spec(spec, *browser_path, "--privacy-third-party-cookies", "block")
    for page in pages:
        assert allowed.outcome(f"no-marketing[{page}]") == "FAILED", (page, allowed.text)
        assert blocked.outcome(f"no-marketing[{page}]") == "PASSED", (page, blocked.text)


CONSENT_SPEC = """version: 1
site:
  base_url: https://consent.test
  pages: [/kept/, /sticky/]
consent:
  cmp: selectors
  accept: "#accept"
  reject: "#reject"
classify:
  cookies:
    - {name: consent, category: necessary}
checks:
  - id: before
    claim: "No advertising cookies before you choose."
    when: before_consent
    expect:
      cookies: {none_of: [marketing]}
  - id: reject
    claim: "Nothing but necessary cookies after you reject."
    when: after_reject
    expect:
      cookies: {only: [necessary]}
  - id: accept
    claim: "Analytics after you accept."
    when: after_accept
    expect:
      requests: {present: [google-analytics.com]}
  - id: dead-banner
    claim: "A reject that does nothing."
    when: after_reject
    pages: [/dead/]
    expect:
      cookies: {only: [necessary]}
  - id: no-banner
    claim: "Reject needs a banner."
    when: after_reject
    pages: ["https://clean.test/"]
    expect:
      cookies: {only: [necessary]}
"""


def test_consent_states_with_selectors(run_spec) -> None:
    run = run_spec(CONSENT_SPEC, "--privacy-banner-timeout", "1500")
    assert run.outcome("before[/kept/]") == "PASSED", run.text
    assert run.outcome("before[/sticky/]") == "FAILED"
    assert run.outcome("reject[/kept/]") == "PASSED"
    # A marketing cookie set before "reject" and still there after it fails.
    assert run.outcome("reject[/sticky/]") == "FAILED"
    assert run.outcome("accept[/kept/]") == "PASSED"
    # No banner: the consent state cannot be reached, so the item errors.
    assert run.outcome("no-banner[https://clean.test/]") == "ERROR"
    # A click after which the banner is still there changed nothing: an error, not a pass.
    assert run.outcome("dead-banner[/dead/]") == "ERROR"
    assert ("clicked 'Reject all' on the selectors banner, but the banner is still shown after "
            "3000 ms: the click changed nothing.") in run.text
    # on the check's second page, the choice was made on its first, as a visitor would
    assert ("Consent:  reject via selectors, clicked 'Reject all' on https://consent.test/kept/;"
            " counted") in run.text
    run.result.stdout.fnmatch_lines(["*cmp: selectors found no consent banner on "
                                     "https://clean.test/ within 1500 ms; tried selectors; set "
                                     "consent.reject to the selector of the banner's control*"])


def test_missing_browser_and_unreachable_browser_server(run_spec) -> None:
    spec = ONE_CHECK.format(page="https://clean.test/")
    run = run_spec(spec, "--privacy-browser-path", "/nonexistent/chromium")
    assert run.outcome("no-marketing[https://clean.test/]") == "ERROR"
    run.result.stdout.fnmatch_lines(["*visit error: --privacy-browser-path /nonexistent/chromium "
                                     "does not exist; install one: *"])
    run = run_spec(spec, "--privacy-connect", "ws://127.0.0.1:9/", "--privacy-timeout", "2000")
    assert run.outcome("no-marketing[https://clean.test/]") == "ERROR"
    run.result.stdout.fnmatch_lines(["*visit error: cannot connect to the Playwright browser "
                                     "server at ws://127.0.0.1:9/*"])


def test_junit_properties_carry_the_claim(run_spec, tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    junit = tmp_path / "junit.xml"
    spec = "policy: {url: https://clean.test/privacy}\n" + ONE_CHECK.format(
        page="https://clean.test/")
    run = run_spec(spec, f"--junitxml={junit}")
    assert run.outcome("no-marketing[https://clean.test/]") == "PASSED", run.text
    props = {p.get("name"): p.get("value") for p in ET.parse(junit).iter("property")}
    assert props == {"claim": "No advertising cookies before consent.",
                     "policy_url": "https://clean.test/privacy", "check": "no-marketing",
                     "page": "https://clean.test/", "state": "before_consent",
                     "spec": "spec"}


def test_dns_failure_and_redirect_loop(run_spec, fixture_server: FixtureServer) -> None:
    spec = ONE_CHECK.format(page='["https://nxdomain.test/", "https://loop.test/"]').replace(
        "pages: [[", "pages: [").replace("]]", "]")
    run = run_spec(spec, host_map=f"MAP nxdomain.test ~NOTFOUND, {fixture_server.host_map}")
    assert run.outcome("no-marketing[https://nxdomain.test/]") == "ERROR"
    assert run.outcome("no-marketing[https://loop.test/]") == "ERROR"
    run.result.stdout.fnmatch_lines([
        "*visit error: https://nxdomain.test/: the host name does not resolve "
        "(net::ERR_NAME_NOT_RESOLVED)*"])
    run.result.stdout.fnmatch_lines(["*visit error: https://loop.test/: redirect loop*"])


def test_retries_a_flaky_visit_and_says_so(run_spec, fixture_server: FixtureServer) -> None:
    fixture_server.reset()
    spec = ONE_CHECK.format(page="https://flaky.test/")
    # without retries the first answer (503) is an error
    assert run_spec(spec).outcome("no-marketing[https://flaky.test/]") == "ERROR"
    fixture_server.reset()
    run = run_spec(spec, "--privacy-retries", "2")
    assert run.outcome("no-marketing[https://flaky.test/]") == "PASSED", run.text
    run.result.stdout.fnmatch_lines(["privacy: flaky visit https://flaky.test/ before_consent: "
                                     "needed 2 tries; first: https://flaky.test/ answered HTTP "
                                     "503*"])


def test_full_trace_shows_the_python_traceback(run_spec) -> None:
    run = run_spec(ONE_CHECK.format(page="https://error.test/"), "--privacy-full-trace")
    assert run.outcome("no-marketing[https://error.test/]") == "ERROR"
    assert "VisitError: https://error.test/ answered HTTP 503" in run.text
    assert "pytest_privacy/browser/runner.py" in run.text


def test_redirect_to_another_site(run_spec) -> None:
    spec = ONE_CHECK.format(page="https://moved.test/")
    run = run_spec(spec)
    assert run.outcome("no-marketing[https://moved.test/]") == "ERROR"
    run.result.stdout.fnmatch_lines(["*visit error: https://moved.test/ redirected to another "
                                     "site, https://clean.test/; checks about https://moved.test/"
                                     " would judge someone else's page. Set "
                                     "'site.follow_redirects: true' to check where it lands."])
    allowed = run_spec(spec.replace("site:\n", "site:\n  follow_redirects: true\n"))
    assert allowed.outcome("no-marketing[https://moved.test/]") == "PASSED", allowed.text
