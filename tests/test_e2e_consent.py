"""Consent managers operated like a visitor: replicas of OneTrust, Cookiebot, Didomi,
Usercentrics (shadow root), a TCF CMP (banner in an iframe), CookieYes and Complianz, plus
the real Klaro library from the npm registry. Each in a variant that keeps its promise and
one that breaks it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CMPS = ["onetrust", "cookiebot", "didomi", "usercentrics", "tcf", "klaro", "cookieyes",
        "complianz"]
KLARO = Path(__file__).parent / "sites" / "cdn.klaro.test" / "klaro.js"


def _per_cmp() -> str:
    """Each CMP's own checks: a consent visit answers the banner on the check's first page."""
    out = []
    for cmp in CMPS:
        out.append(f"""
  - id: before-{cmp}
    claim: "No advertising cookies before you choose."
    pages: [/{cmp}/, /{cmp}/bad/]
    expect:
      cookies: {{none_of: [marketing]}}
  - id: reject-{cmp}
    claim: "After Reject all, only necessary cookies."
    when: after_reject
    pages: [/{cmp}/]
    expect:
      cookies: {{only: [necessary]}}
      requests: {{none_of: [marketing, analytics]}}
  - id: reject-bad-{cmp}
    claim: "After Reject all, only necessary cookies."
    when: after_reject
    pages: [/{cmp}/bad/]
    expect:
      cookies: {{only: [necessary]}}
  - id: accept-{cmp}
    claim: "Analytics run after you accept."
    when: after_accept
    pages: [/{cmp}/]
    expect:
      requests: {{present: [google-analytics.com]}}""")
    return "".join(out)


SPEC = f"""version: 1
site:
  base_url: https://cmps.test
consent:
  cmp: auto
classify:
  cookies:
    - {{name: "re:^(klaro|uc_settings|cookieyes-consent|cmplz_.*)$", category: necessary}}
checks:{_per_cmp()}
  - id: banner
    claim: "Disable All is offered on the first layer."
    pages: [/onetrust/, /onetrust/second-layer/, /usercentrics/]
    expect:
      banner: {{visible: true, has_reject: true}}
  - id: stored-reject
    claim: "Your choice is stored."
    when: after_reject
    pages: [/onetrust/second-layer/, /onetrust/]
    expect:
      consent_state: {{denied: [targeting]}}
  - id: stored-reject-cb
    claim: "Your choice is stored."
    when: after_reject
    pages: [/cookiebot/]
    expect:
      consent_state: {{denied: [targeting]}}
  - id: stored-reject-uc
    claim: "Your choice is stored."
    when: after_reject
    pages: [/usercentrics/]
    expect:
      consent_state: {{denied: [targeting]}}
  - id: stored-accept
    claim: "Your choice is stored."
    when: after_accept
    pages: [/onetrust/]
    expect:
      consent_state: {{granted: [marketing]}}
  - id: stored-accept-cb
    claim: "Your choice is stored."
    when: after_accept
    pages: [/cookiebot/]
    expect:
      consent_state: {{granted: [marketing]}}
  - id: tcf-none-before
    claim: "No TCF purpose has consent before any choice."
    pages: [/tcf/]
    expect:
      consent_state: {{tcf_no_purposes: true}}
  - id: tcf-none-after-accept
    claim: "Fails on purpose: purposes have consent after accept."
    when: after_accept
    pages: [/tcf/]
    expect:
      consent_state: {{tcf_no_purposes: true}}
"""


@pytest.fixture
def klaro_installed() -> None:
    if not KLARO.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{KLARO} is missing; scripts/setup.sh fetches it with npm.")
        pytest.skip("Klaro is not installed (scripts/setup.sh fetches it with npm)")


def test_consent_managers_operated_and_judged(run_spec, klaro_installed: None) -> None:
    # four visits at once: the visits mostly wait (banners, settles), so the run is shorter
    run = run_spec(SPEC, "--privacy-concurrency", "4")
    for cmp in CMPS:
        assert run.outcome(f"before-{cmp}[/{cmp}/]") == "PASSED", (cmp, run.text)
        assert run.outcome(f"before-{cmp}[/{cmp}/bad/]") == "FAILED", cmp
        assert run.outcome(f"reject-{cmp}[/{cmp}/]") == "PASSED", (cmp, run.text)
        assert run.outcome(f"reject-bad-{cmp}[/{cmp}/bad/]") == "FAILED", cmp
        assert run.outcome(f"accept-{cmp}[/{cmp}/]") == "PASSED", (cmp, run.text)
    assert run.outcome("banner[/onetrust/]") == "PASSED"
    assert run.outcome("banner[/usercentrics/]") == "PASSED", run.text
    assert run.outcome("banner[/onetrust/second-layer/]") == "FAILED"
    # rejected in the second layer (the first has none), and the choice held on the next page
    assert run.outcome("stored-reject[/onetrust/second-layer/]") == "PASSED", run.text
    assert run.outcome("stored-reject[/onetrust/]") == "PASSED", run.text
    for check, page in (("stored-reject-cb", "/cookiebot/"), ("stored-reject-uc", "/usercentrics/"),
                        ("stored-accept", "/onetrust/"), ("stored-accept-cb", "/cookiebot/")):
        assert run.outcome(f"{check}[{page}]") == "PASSED", (check, run.text)
    assert run.outcome("tcf-none-before[/tcf/]") == "PASSED", run.text
    assert run.outcome("tcf-none-after-accept[/tcf/]") == "FAILED"
    text = run.text
    assert "TCF purposes with consent: [1, 2, 3, 4]" in text
    assert "the banner's first layer has no reject control (accept is 'Accept All')" in text
    # The reporting says which adapter acted and what it clicked.
    assert "Consent:  reject via onetrust, clicked 'Disable All'" in text
    assert "Consent:  reject via klaro, clicked" in text
