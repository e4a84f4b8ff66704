"""Faithful replicas of four commercial consent managers, served under their vendors' real
host names and script paths: iubenda (cdn.iubenda.com/cs/iubenda_cs.js), Axeptio
(static.axept.io/sdk.js, its widget in a shadow root), Termly (app.termly.io/embed.min.js)
and CookieScript (cdn.cookie-script.com/s/<hash>.js). Each on cmps-b.test in a shop that keeps
its promise and one that breaks it (cmp.test/common.js `data-violate`); `cmp: auto` must find
each through its own adapter, accept and reject there, and read the choice back from the CMP's
API or record."""

from __future__ import annotations

import json
from pathlib import Path

CMPS = {  # name: the label of the first layer's reject control
    "iubenda": "Reject",
    "axeptio": "No thanks",
    "termly": "Decline",
    "cookiescript": "Reject all",
}
# the control a visitor uses to change their mind once the banner is gone
REOPEN = {"iubenda": ".iubenda-tp-btn", "axeptio": "#axeptio_main_button",
          "termly": ".termly-display-preferences", "cookiescript": "#cookiescript_badge"}

WITHDRAWN = {"iubenda": "rejected with Save and continue (after switching off 4 toggles)",
             "axeptio": "rejected with No thanks",
             "termly": "rejected with Decline All (after switching off 5 toggles)",
             "cookiescript": "rejected with Reject all"}


def _per_cmp() -> str:
    out = []
    for cmp in CMPS:
        out.append(f"""
  - id: before-{cmp}
    claim: "No advertising cookies or requests before you choose."
    pages: [/{cmp}/, /{cmp}/bad/]
    expect:
      cookies: {{none_of: [marketing]}}
      requests: {{none_of: [marketing, analytics]}}
      banner: {{visible: true, has_reject: true}}
  - id: reject-{cmp}
    claim: "After Reject all, only necessary cookies and no tracking."
    when: after_reject
    pages: [/{cmp}/]
    expect:
      cookies: {{only: [necessary]}}
      requests: {{none_of: [marketing, analytics]}}
      consent_state: {{denied: [marketing, analytics]}}
  - id: reject-bad-{cmp}
    claim: "After Reject all, only necessary cookies and no tracking."
    when: after_reject
    pages: [/{cmp}/bad/]
    expect:
      cookies: {{only: [necessary]}}
      requests: {{none_of: [marketing]}}
  - id: accept-{cmp}
    claim: "Analytics run after you accept, and your choice is stored."
    when: after_accept
    pages: [/{cmp}/]
    expect:
      requests: {{present: [google-analytics.com]}}
      consent_state: {{granted: [analytics, marketing]}}
  - id: withdraw-{cmp}
    claim: "You can withdraw your consent at any time."
    when: after_withdrawal
    pages: [/{cmp}/]
    expect:
      requests: {{none_of: [marketing, analytics]}}
      consent_state: {{denied: [marketing]}}""")
    return "".join(out)


SPEC = f"""version: 1
site:
  base_url: https://cmps-b.test
consent:
  cmp: auto
checks:{_per_cmp()}
"""


def test_commercial_replicas_operated_through_their_adapters(run_spec, tmp_path: Path) -> None:
    # DuckDuckGo's rules are turned off: only the adapters (and the engine behind them) act
    run = run_spec(SPEC, "--privacy-autoconsent", "none", "--privacy-evidence", str(tmp_path),
                   "--privacy-concurrency", "4")  # the visits mostly wait
    for cmp in CMPS:
        assert run.outcome(f"before-{cmp}[/{cmp}/]") == "PASSED", (cmp, run.text)
        assert run.outcome(f"before-{cmp}[/{cmp}/bad/]") == "FAILED", (cmp, run.text)
        assert run.outcome(f"reject-{cmp}[/{cmp}/]") == "PASSED", (cmp, run.text)
        assert run.outcome(f"reject-bad-{cmp}[/{cmp}/bad/]") == "FAILED", (cmp, run.text)
        assert run.outcome(f"accept-{cmp}[/{cmp}/]") == "PASSED", (cmp, run.text)
        assert run.outcome(f"withdraw-{cmp}[/{cmp}/]") == "PASSED", (cmp, run.text)
    text = run.text
    for cmp, label in CMPS.items():
        # the violating shop's failure names the adapter that acted and what it clicked
        assert f"Consent:  reject via {cmp}, clicked {label!r}" in text, (cmp, text)
    # ... and what broke: the advertising cookie set before any choice and kept after Reject
    # (once per failing item, in its failure section: under CI=true pytest repeats the whole
    # message in the short summary)
    failures = text.split("short test summary info")[0]
    assert failures.count("cookie _gcl_au (domain cmps-b.test, first party) — marketing") == 8, \
        text
    evidence = [json.loads(p.read_text()) for p in tmp_path.rglob("*.json")]
    seen = set()
    for record in evidence:
        url, state = record["url"], record["state"]
        cmp = url.rstrip("/").split("/")[3]
        if cmp not in CMPS:
            continue
        if state in ("after_accept", "after_reject", "after_withdrawal"):
            action = record["consent"]
            assert action["path"] == f"adapter {cmp}", (url, state, action)
            assert action["adapter"] == cmp, action
            if state == "after_withdrawal":  # reopened by the CMP's persistent control
                assert f"reopened by {cmp}'s control {REOPEN[cmp]}" in action["clicked"], action
                # iubenda and Termly reopen on their preferences layer: toggles off, then save
                assert WITHDRAWN[cmp] in action["clicked"], action
            else:
                assert action["layer"] == 1, action
            apis = record["consent_state"]["apis"]
            assert cmp in apis, (url, state, apis)
            seen.add((cmp, state))
        else:
            assert record["banner"]["adapter"] == cmp, (url, record["banner"])
    assert len(seen) == 3 * len(CMPS), seen


def test_axeptio_and_termly_records_read_as_categories() -> None:
    from pytest_privacy.consent import axeptio, termly

    # Axeptio writes its record on the first load, before any choice: that says nothing
    first_load = {"$$token": "t", "$$date": "2026-01-01", "$$cookiesVersion": {},
                  "$$completed": False}
    assert axeptio.categories({"vendors": first_load}) is None
    chosen = {**first_load, "$$completed": True, "google_analytics": True,
              "facebook_pixel": False, "some_widget": True}
    assert axeptio.categories({"vendors": chosen}) == {"analytics": True, "marketing": False}
    state = {"flags": {"essential": True, "performance": False, "analytics": True,
                       "advertising": False, "social_networking": True, "unclassified": True}}
    assert termly.ADAPTER.categories(state) == {"necessary": True, "functional": False,
                                                "analytics": True, "marketing": True}
