"""DuckDuckGo's autoconsent rules (the official npm package, fetched by scripts/setup.sh)
operating the CMP replicas and the real Klaro: with cmp: autoconsent, and as the fallback of
cmp: auto for a banner no built-in adapter knows."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

AUTOCONSENT = Path(__file__).parent / ".vendor" / "autoconsent"

SPEC = """version: 1
site:
  base_url: https://cmps.test
consent:
  cmp: autoconsent
classify:
  cookies:
    - {name: "re:^(klaro|consent)$", category: necessary}
checks:
  - id: reject
    claim: "After Reject all, only necessary cookies."
    when: after_reject
    pages: [/onetrust/, /onetrust/bad/, /cookiebot/, /klaro/]
    expect:
      cookies: {only: [necessary]}
  - id: accept
    claim: "Analytics run after you accept."
    when: after_accept
    pages: [/onetrust/]
    expect:
      requests: {present: [google-analytics.com]}
  - id: no-rule
    claim: "A banner no rule knows cannot be operated by autoconsent alone."
    when: after_reject
    pages: ["https://consent.test/kept/"]
    expect:
      cookies: {only: [necessary]}
"""


@pytest.fixture
def autoconsent_dir() -> str:
    if not (AUTOCONSENT / "package.json").exists():
        if os.environ.get("CI"):
            pytest.fail(f"{AUTOCONSENT} is missing; scripts/setup.sh fetches it with npm.")
        pytest.skip("@duckduckgo/autoconsent is not installed (scripts/setup.sh fetches it)")
    return str(AUTOCONSENT)


def test_autoconsent_rules(run_spec, autoconsent_dir: str) -> None:
    run = run_spec(SPEC, f"--privacy-autoconsent={autoconsent_dir}",
                   "--privacy-banner-timeout", "6000")
    assert run.outcome("reject[/onetrust/]") == "PASSED", run.text
    assert run.outcome("reject[/onetrust/bad/]") == "FAILED", run.text
    assert run.outcome("reject[/cookiebot/]") == "PASSED", run.text
    assert run.outcome("reject[/klaro/]") == "PASSED", run.text
    assert run.outcome("accept[/onetrust/]") == "PASSED", run.text
    assert run.outcome("no-rule[https://consent.test/kept/]") == "ERROR"
    assert "autoconsent 16.23.0 found no banner it could reject" in run.text
    assert "Consent:  reject via autoconsent:" in run.text


def test_auto_falls_back_to_autoconsent_then_texts(run_spec, autoconsent_dir: str) -> None:
    spec = SPEC.replace("cmp: autoconsent", "cmp: auto")
    run = run_spec(spec, f"--privacy-autoconsent={autoconsent_dir}", "-k", "no-rule")
    # autoconsent knows no rule for this home-made banner; the button texts still work
    assert run.outcome("no-rule[https://consent.test/kept/]") == "PASSED", run.text


def test_bad_autoconsent_folder_is_a_usage_error(run_spec, tmp_path: Path) -> None:
    run = run_spec(SPEC, f"--privacy-autoconsent={tmp_path}")
    assert run.result.ret == 4
    assert "dist/autoconsent.playwright.js is missing" in run.result.stderr.str()
