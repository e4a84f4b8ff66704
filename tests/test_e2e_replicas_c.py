"""Faithful replicas of four commercial consent managers, each served under the vendor's own
host name and loaded the way real sites load it: Borlabs Cookie 2.2 (a WordPress plugin, from
the site's own /wp-content/plugins/borlabs-cookie/), consentmanager.net (the autoblocking
loader from cdn.consentmanager.net, the CMP from delivery.consentmanager.net), Ketch (the
smart-tag snippet and global.ketchcdn.com's boot.js) and Transcend (airgap.js from
transcend-cdn.com). Each on cmps-c.test in a site that keeps its promise and one that breaks
it; `cmp: auto` must find each through its own adapter."""

from __future__ import annotations

import json
from pathlib import Path

CMPS = ["borlabs", "consentmanager", "ketch", "transcend"]


def _per_cmp() -> str:
    out = []
    for cmp in CMPS:
        out.append(f"""
  - id: before-{cmp}
    claim: "No advertising cookies before you choose."
    pages: [/{cmp}/, /{cmp}/bad/]
    expect:
      cookies: {{none_of: [marketing]}}
      requests: {{none_of: [marketing, analytics]}}
      banner: {{visible: true, has_reject: true}}
  - id: reject-{cmp}
    claim: "After Reject all, only necessary cookies."
    when: after_reject
    pages: [/{cmp}/]
    expect:
      cookies: {{only: [necessary]}}
      requests: {{none_of: [marketing, analytics]}}
      consent_state: {{denied: [marketing]}}
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
      requests: {{present: [google-analytics.com]}}
      consent_state: {{granted: [marketing]}}""")
    return "".join(out)


SPEC = f"""version: 1
site:
  base_url: https://cmps-c.test
consent:
  cmp: auto
checks:{_per_cmp()}
  - id: reject-save-only
    claim: "After you refuse, only necessary cookies."
    when: after_reject
    pages: [/consentmanager/save-only/]
    expect:
      cookies: {{only: [necessary]}}
      requests: {{none_of: [marketing, analytics]}}
      consent_state: {{denied: [marketing, analytics]}}
  - id: withdrawal-transcend
    claim: "You can change your mind at any time."
    when: after_withdrawal
    pages: [/transcend/]
    expect:
      requests: {{none_of: [marketing, analytics]}}
"""


def test_commercial_replicas_c_operated_through_their_adapters(run_spec, tmp_path: Path) -> None:
    run = run_spec(SPEC, "--privacy-evidence", str(tmp_path), "--privacy-concurrency", "4")
    for cmp in CMPS:
        assert run.outcome(f"before-{cmp}[/{cmp}/]") == "PASSED", (cmp, run.text)
        # the broken site sets Google Ads' _gcl_au and calls the ad pixel before any choice
        assert run.outcome(f"before-{cmp}[/{cmp}/bad/]") == "FAILED", (cmp, run.text)
        assert run.outcome(f"reject-{cmp}[/{cmp}/]") == "PASSED", (cmp, run.text)
        assert run.outcome(f"reject-bad-{cmp}[/{cmp}/bad/]") == "FAILED", (cmp, run.text)
        assert run.outcome(f"accept-{cmp}[/{cmp}/]") == "PASSED", (cmp, run.text)
        assert f"Consent:  reject via {cmp}, clicked" in run.text, (cmp, run.text)
    evidence = [json.loads(p.read_text()) for p in tmp_path.rglob("*.json")]
    seen = {}
    for record in evidence:
        consent = record.get("consent")
        if consent and record["url"].endswith(tuple(f"/{cmp}/" for cmp in CMPS + ["save-only"])):
            seen[(record["url"].rstrip("/").rsplit("/", 1)[-1], record["state"])] = consent
    for cmp in CMPS:
        for state in ("after_reject", "after_accept"):
            consent = seen[(cmp, state)]
            # found by the CMP's own adapter, never by the general engine's search
            assert consent["adapter"] == cmp, (cmp, state, consent)
            assert consent["detected_by"].startswith(f"{cmp}: "), (cmp, state, consent)
            assert consent["path"] == f"adapter {cmp}", (cmp, state, consent)
    assert seen[("borlabs", "after_reject")]["clicked"] == "Accept only essential cookies"
    assert seen[("consentmanager", "after_reject")]["clicked"] == "Reject all"
    assert seen[("ketch", "after_reject")]["clicked"] == "Reject All"
    assert seen[("transcend", "after_reject")]["clicked"] == "Reject all", seen
    # no reject button anywhere, purposes pre-ticked as ARIA checkboxes: refused by opening
    # the custom choices, switching every purpose off and saving
    assert run.outcome("reject-save-only[/consentmanager/save-only/]") == "PASSED", run.text
    save_only = seen[("save-only", "after_reject")]
    assert save_only["path"] == "adapter consentmanager", save_only
    assert save_only["clicked"].startswith("'Customize' then 'Save + Exit' (after switching off"), \
        save_only
    # withdrawn through the collapsed "Privacy Settings" button Transcend leaves on the page
    assert run.outcome("withdrawal-transcend[/transcend/]") == "PASSED", run.text
    withdrawn = seen[("transcend", "after_withdrawal")]
    assert "reopened by transcend's control" in withdrawn["clicked"], withdrawn


def test_consentmanager_purposes_map_to_categories() -> None:
    from pytest_privacy.consent.consentmanager import categories

    state = {"flags": {"1": True, "2": False, "8": True, "c51": False, "c52": True},
             "names": {"c51": "Funktional", "c52": "Marketing"}}
    assert categories(state) == {"marketing": True, "analytics": True, "functional": False}
    assert categories({"flags": {"1": True}}) is None  # storage access alone says nothing
    assert categories(None) is None
