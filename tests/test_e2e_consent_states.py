"""Per-category choices (`when: {consent: {allow: [...]}}`) and withdrawal
(`after_withdrawal`) on the OneTrust-like, Cookiebot-like, CookieYes and Complianz replicas,
the spec keys behind them, and a banner whose handlers are attached late (the first clicks
are ignored and made again)."""

from __future__ import annotations

import json
from pathlib import Path

from pytest_privacy.spec.model import _state

SPEC = """version: 1
site:
  base_url: https://cmps.test
consent:
  cmp: auto
checks:
  - id: ot-allow
    claim: "If you do not allow these cookies, you will experience less targeted advertising."
    when: {consent: {allow: [functional, performance]}}
    pages: [/onetrust/]
    expect:
      requests: {present: [google-analytics.com], none_of: [marketing]}
      consent_state: {granted: [analytics, functional], denied: [marketing]}
  - id: ot-allow-targeting
    claim: "Fails on purpose: targeting was allowed."
    when: {consent: {allow: [targeting]}}
    pages: [/onetrust/]
    expect:
      requests: {none_of: [marketing]}
  - id: cb-allow
    claim: "Statistics only when allowed."
    when: {consent: {allow: [statistics]}}
    pages: [/cookiebot/]
    expect:
      requests: {present: [google-analytics.com], none_of: [marketing]}
      consent_state: {granted: [analytics], denied: [marketing, functional]}
  - id: ot-withdraw
    claim: "You have the right to change your mind at any time."
    when: after_withdrawal
    pages: [/onetrust/]
    expect:
      requests: {none_of: [marketing, analytics]}
      consent_state: {denied: [marketing, analytics]}
  - id: cb-withdraw
    claim: "You have the right to change your mind at any time."
    when: after_withdrawal
    pages: [/cookiebot/]
    expect:
      requests: {none_of: [marketing, analytics]}
      consent_state: {denied: [marketing, analytics]}
  - id: cb-withdraw-bad
    claim: "Fails on purpose: the advertising cookie stays."
    when: after_withdrawal
    pages: [/cookiebot/bad/]
    expect:
      requests: {none_of: [marketing]}
  - id: cky-allow
    claim: "Analytics only when allowed."
    when: {consent: {allow: [analytics]}}
    pages: [/cookieyes/]
    expect:
      requests: {present: [google-analytics.com], none_of: [marketing]}
      consent_state: {granted: [analytics], denied: [marketing]}
  - id: cmplz-withdraw
    claim: "You can withdraw your consent at any time."
    when: after_withdrawal
    pages: [/complianz/]
    expect:
      requests: {none_of: [marketing, analytics]}
      consent_state: {denied: [marketing, analytics]}
  - id: late-handlers
    claim: "After Reject all, nothing tracks."
    when: after_reject
    pages: ["https://visitor.test/late-handlers/"]
    expect:
      requests: {none_of: [analytics]}
"""


def test_per_category_choices_and_withdrawal(run_spec, tmp_path: Path) -> None:
    # (four visits at once: they mostly wait, so the run is shorter)
    run = run_spec(SPEC, "--privacy-evidence", str(tmp_path), "--privacy-concurrency", "4")
    for item in ("ot-allow[/onetrust/]", "cb-allow[/cookiebot/]", "ot-withdraw[/onetrust/]",
                 "cb-withdraw[/cookiebot/]", "cky-allow[/cookieyes/]",
                 "cmplz-withdraw[/complianz/]"):
        assert run.outcome(item) == "PASSED", (item, run.text)
    assert run.outcome("ot-allow-targeting[/onetrust/]") == "FAILED", run.text
    assert run.outcome("cb-withdraw-bad[/cookiebot/bad/]") == "FAILED", run.text
    assert run.outcome("late-handlers[https://visitor.test/late-handlers/]") == "PASSED", \
        run.text
    evidence = [json.loads(p.read_text()) for p in tmp_path.rglob("*.json")]
    actions = {e["state"]: e["consent"] for e in evidence if e["url"].endswith("/onetrust/")}
    allow = actions["after_allow_analytics_functional"]
    assert "'Performance Cookies' on, 'Functional Cookies' on" in allow["clicked"], allow
    assert allow["path"] == "general engine" and allow["confirmed"], allow
    withdraw = actions["after_withdrawal"]
    assert withdraw["action"] == "withdraw", withdraw
    assert "reopened by onetrust's control #ot-sdk-btn" in withdraw["clicked"], withdraw
    late = next(e["consent"] for e in evidence if "late-handlers" in e["url"])
    assert "the first were ignored" in late["confirmed"], late


def test_when_keys_become_states() -> None:
    state = _state({"consent": {"allow": ["performance", "targeting", "necessary"]}})
    assert (state.consent, state.allow) == ("allow", ("analytics", "marketing"))
    assert state.label == "after_allow_analytics_marketing"
    assert _state("after_withdrawal").label == "after_withdrawal"
