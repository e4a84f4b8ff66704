"""Every check kind, end to end in headless Chromium, on a site that keeps it and one that
breaks it."""

from __future__ import annotations

import json

from pytest_privacy.fixtureserver import FixtureServer

INVENTORY_SPEC = """
version: 1
name: Inventory fixtures
site:
  pages: ["https://clean.test/", "https://tracked.test/"]
classify:
  cookies:
    - {name: session_id, category: necessary}
checks:
  - id: no-marketing-cookies
    claim: "We only set advertising cookies after you agree."
    expect:
      cookies: {none_of: [marketing]}
  - id: only-necessary-cookies
    claim: "Before you choose, we only use strictly necessary cookies."
    expect:
      cookies: {only: [necessary]}
  - id: no-ide-cookie
    claim: "No DoubleClick ID."
    expect:
      cookies: {absent: ["re:^ID"]}
  - id: session-cookie-present
    claim: "We keep you signed in with a session cookie."
    expect:
      cookies: {present: [session_id]}
  - id: no-analytics-requests
    claim: "No analytics before consent."
    expect:
      requests: {none_of: [analytics]}
  - id: no-doubleclick-requests
    claim: "We do not contact ad servers."
    expect:
      requests: {absent: [doubleclick.net]}
  - id: no-analytics-storage
    claim: "No analytics identifiers in your browser's storage."
    expect:
      storage: {none_of: [analytics], absent: ["re:^_hj"]}
"""


def test_cookies_and_requests_kept_and_broken(run_spec, fixture_server: FixtureServer) -> None:
    run = run_spec(INVENTORY_SPEC)
    for check in ("no-marketing-cookies", "only-necessary-cookies", "no-ide-cookie",
                  "session-cookie-present", "no-analytics-requests", "no-doubleclick-requests",
                  "no-analytics-storage"):
        assert run.outcome(f"{check}[https://clean.test/]") == "PASSED", run.text
        assert run.outcome(f"{check}[https://tracked.test/]") == "FAILED", run.text
    text = run.text
    # A third-party SameSite=None cookie really stored by Chromium, attributed to its response.
    assert ("cookie IDE (domain .doubleclick.net, third party) — marketing, built-in: "
            "DoubleClick, set by response https://ads.doubleclick.net/px") in text
    # A first-party cookie written by a tracker script, attributed to the script.
    assert ("cookie _fbp (domain tracked.test, first party) — marketing, built-in: Meta Pixel, "
            "set by script https://tracker.test/pixel.js") in text
    # An unknown cookie is unknown and fails the strict form.
    assert "cookie mystery (domain tracked.test, first party) — unknown, no rule matched" in text
    assert "GET https://www.google-analytics.com/g/collect?v=2 (image) — analytics" in text
    # A storage key written by a tracker script, attributed to the script.
    assert ("localStorage _hjSessionUser_12345 (origin https://tracked.test) — analytics, "
            "built-in: Hotjar, set by script https://tracker.test/pixel.js") in text
    assert "secret-storage-id" not in text
    assert 'Claim:    "We only set advertising cookies after you agree."' in text
    # Values never reach the report.
    assert "ad-id-secret-42" not in text and "s3cr3t-session-value" not in text


LINKS_SPEC = """
version: 1
site:
  pages: ["https://clean.test/", "https://tracked.test/"]
checks:
  - id: footer-links
    claim: "You can opt out by visiting Your Privacy Choices."
    expect:
      links:
        within: footer
        present: ["Privacy Policy", "Your Privacy Choices"]
  - id: policy-link-reachable
    claim: "Our Privacy Policy is linked on every page."
    expect:
      links: {present: ["Privacy Policy"], reachable: true}
  - id: choices-anywhere
    claim: "Your Privacy Choices is linked."
    expect:
      links: {within: page, present: ["your privacy choices"]}
  - id: gpc-text
    claim: "We honor Global Privacy Control signals."
    expect:
      text: {contains: ["global privacy control"], matches: ["Policy version \\\\d{4}-\\\\d{2}"]}
"""


def test_links_and_text_kept_and_broken(run_spec, fixture_server: FixtureServer) -> None:
    run = run_spec(LINKS_SPEC)
    assert run.outcome("footer-links[https://clean.test/]") == "PASSED", run.text
    assert run.outcome("footer-links[https://tracked.test/]") == "FAILED"
    assert run.outcome("policy-link-reachable[https://clean.test/]") == "PASSED"
    assert run.outcome("policy-link-reachable[https://tracked.test/]") == "FAILED"
    # The link outside the footer counts when the scope is the whole page.
    assert run.outcome("choices-anywhere[https://tracked.test/]") == "PASSED"
    assert run.outcome("gpc-text[https://clean.test/]") == "PASSED"
    assert run.outcome("gpc-text[https://tracked.test/]") == "FAILED"
    text = run.text
    assert "no link 'Your Privacy Choices' within 'footer'" in text
    assert "'Terms' → https://tracked.test/terms" in text
    assert ("link 'Privacy Policy' → https://tracked.test/privacy-missing is not reachable: "
            "HTTP 404") in text
    assert "the page text does not contain 'global privacy control'" in text


def test_probes_are_not_page_traffic(run_spec, fixture_server: FixtureServer,
                                     tmp_path_factory) -> None:
    evidence = tmp_path_factory.mktemp("evidence")
    run = run_spec(LINKS_SPEC.replace('"https://tracked.test/"', ""), "--privacy-evidence",
                   str(evidence))
    assert run.outcome("policy-link-reachable[https://clean.test/]") == "PASSED", run.text
    data = json.loads(next(evidence.glob("clean_test*before_consent.json")).read_text())
    assert not any(r["url"].endswith("/privacy") for r in data["requests"])
    link = next(link for link in data["links"] if link["text"] == "Privacy Policy")
    assert link["status"] == 200


USER_FILES_SPEC = """
version: 1
site:
  pages: ["https://userdb.test/"]
checks:
  - id: no-tracking
    claim: "No analytics or advertising before consent."
    expect:
      cookies: {none_of: [analytics, marketing]}
      requests: {none_of: [analytics, marketing]}
"""


def test_user_cookie_db_and_filter_list(run_spec, tmp_path) -> None:
    from pathlib import Path

    data = Path(__file__).parent / "data"
    filters = tmp_path / "company-trackers.txt"
    filters.write_text("! written for the tests\n||unlisted-tracker.test^\n")
    # Without the user's files nothing knows these trackers: they are 'unknown', not banned.
    assert run_spec(USER_FILES_SPEC).outcome("no-tracking[https://userdb.test/]") == "PASSED"
    run = run_spec(USER_FILES_SPEC, "--privacy-cookie-db", str(data / "cookie-db.csv"),
                   "--privacy-filter-list", f"{filters}=marketing")
    assert run.outcome("no-tracking[https://userdb.test/]") == "FAILED", run.text
    assert ("cookie exa_visitor (domain userdb.test, first party) — analytics, "
            "open-cookie-database: Example Analytics") in run.text
    assert ("GET https://pixel.unlisted-tracker.test/p.gif (image) — marketing, "
            "filter: ||unlisted-tracker.test^ in company-trackers.txt") in run.text


def test_bad_filter_list_option_is_a_usage_error(run_spec, tmp_path) -> None:
    filters = tmp_path / "mine.txt"
    filters.write_text("||x.test^\n")
    run = run_spec(USER_FILES_SPEC, "--privacy-filter-list", str(filters))
    assert run.result.ret == 4
    assert "mine.txt" in run.result.stderr.str()


NOTHING_TO_JUDGE = """
version: 1
checks:
  - id: no-footer
    claim: "Your Privacy Choices is linked in the footer."
    pages: ["https://locale.test/"]
    expect:
      links: {within: footer, present: ["Your Privacy Choices"]}
  - id: selector-matches-nothing
    claim: "Your Privacy Choices is linked in the footer."
    pages: ["https://clean.test/"]
    expect:
      links: {within: "#site-footer", present: ["Your Privacy Choices"]}
  - id: footer-there
    claim: "Your Privacy Choices is linked in the footer."
    pages: ["https://clean.test/"]
    expect:
      links: {within: footer, present: ["Your Privacy Choices"], reachable: true}
"""


def test_links_with_nothing_to_judge_are_errors(run_spec) -> None:  # type: ignore[no-untyped-def]
    """No footer, or a `within` that matches nothing: an error that says so, never a pass."""
    run = run_spec(NOTHING_TO_JUDGE)
    assert run.outcome("no-footer[https://locale.test/]") == "ERROR", run.text
    assert run.outcome("selector-matches-nothing[https://clean.test/]") == "ERROR", run.text
    assert run.outcome("footer-there[https://clean.test/]") == "PASSED", run.text
    assert "the page has no footer" in run.text
    assert "no element on the page matches '#site-footer'" in run.text


def test_links_without_present_is_a_spec_error(run_spec) -> None:  # type: ignore[no-untyped-def]
    """`links: {within: footer, reachable: true}` alone probes nothing: lint refuses it."""
    spec = NOTHING_TO_JUDGE.replace('present: ["Your Privacy Choices"], reachable: true',
                                    "reachable: true")
    run = run_spec(spec, "--collect-only")
    assert "links: missing required key 'present'" in run.text, run.text
