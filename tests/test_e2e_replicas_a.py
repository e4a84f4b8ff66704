"""Replicas of four commercial consent managers, served under their vendors' own hosts and
loaded by a site as real sites load them: TrustArc (consent.trustarc.com/notice, preference
manager in an iframe from consent-pref.trustarc.com), InMobi Choice, formerly Quantcast
Choice (cmp.inmobi.com/choice/.../choice.js, TCF v2.2 __tcfapi), Sourcepoint
(cdn.privacy-mgmt.com, _sp_, its first layer in a cross-origin iframe) and Osano's commercial
CMP (cmp.osano.com/.../osano.js, Osano.cm). Each in a site that keeps its promise and one that
breaks it (cmp.test/common.js `data-violate`), and InMobi Choice as a publisher may set it
up without DISAGREE on its first screen; one pytest run for all of them."""

from __future__ import annotations

import json
from pathlib import Path

CMPS = ["trustarc", "quantcast", "sourcepoint", "osano"]
# the consent_state each CMP's adapter (or the TCF API it exposes) reads after reject/accept
STATE = {"trustarc": ("{denied: [marketing]}", "{granted: [marketing]}"),
         "osano": ("{denied: [marketing, analytics]}", "{granted: [marketing, analytics]}"),
         "quantcast": ("{tcf_no_purposes: true}", None),
         "sourcepoint": ("{tcf_no_purposes: true}", None)}


def _per_cmp() -> str:
    out = []
    for cmp in CMPS:
        rejected, accepted = STATE[cmp]
        out.append(f"""
  - id: banner-{cmp}
    claim: "You can refuse on the first screen."
    pages: [/{cmp}/]
    expect:
      banner: {{visible: true, has_reject: true}}
  - id: before-{cmp}
    claim: "Nothing tracks you before you choose."
    pages: [/{cmp}/, /{cmp}/bad/]
    expect:
      cookies: {{none_of: [marketing, analytics]}}
      requests: {{none_of: [marketing, analytics]}}
  - id: reject-{cmp}
    claim: "After you refuse, nothing tracks you."
    when: after_reject
    pages: [/{cmp}/, /{cmp}/bad/]
    expect:
      cookies: {{none_of: [marketing, analytics]}}
      requests: {{none_of: [marketing, analytics]}}
      consent_state: {rejected}
  - id: accept-{cmp}
    claim: "Analytics run after you accept."
    when: after_accept
    pages: [/{cmp}/]
    expect:
      requests: {{present: [google-analytics.com]}}""")
        if accepted:
            out.append(f"""
      consent_state: {accepted}""")
        else:
            out.append(f"""
  - id: accept-tcf-{cmp}
    claim: "Fails on purpose: TCF purposes have consent after accept."
    when: after_accept
    pages: [/{cmp}/]
    expect:
      consent_state: {{tcf_no_purposes: true}}""")
    return "".join(out)


# withdrawal through each vendor's own persistent control: TrustArc's "Cookie Preferences"
# link (#teconsent, its preference manager in a consent-pref.trustarc.com frame) and Osano's
# floating widget (its drawer)
WITHDRAW = ["trustarc", "osano"]


def _withdrawal() -> str:
    return "".join(f"""
  - id: withdraw-{cmp}
    claim: "You can withdraw your consent at any time."
    when: after_withdrawal
    pages: [/{cmp}/]
    expect:
      requests: {{none_of: [analytics, marketing]}}
      consent_state: {{denied: [marketing]}}""" for cmp in WITHDRAW) + """
  - id: banner-no-disagree
    claim: "You can refuse on the first screen."
    pages: [/quantcast/no-disagree/]
    expect:
      banner: {visible: true, has_reject: true}
  - id: reject-no-disagree
    claim: "After you refuse, nothing tracks you."
    when: after_reject
    pages: [/quantcast/no-disagree/]
    expect:
      requests: {none_of: [marketing, analytics]}
      consent_state: {tcf_no_purposes: true}"""


SPEC = f"""version: 1
site:
  base_url: https://cmps-a.test
consent:
  cmp: auto
checks:{_per_cmp()}{_withdrawal()}
"""


def test_commercial_replicas_a(run_spec, tmp_path: Path) -> None:
    evidence = tmp_path / "evidence"
    run = run_spec(SPEC, "--privacy-evidence", str(evidence), "--privacy-concurrency", "4")
    text = run.text
    for cmp in CMPS:
        assert run.outcome(f"banner-{cmp}[/{cmp}/]") == "PASSED", (cmp, text)
        assert run.outcome(f"before-{cmp}[/{cmp}/]") == "PASSED", (cmp, text)
        assert run.outcome(f"before-{cmp}[/{cmp}/bad/]") == "FAILED", (cmp, text)
        assert run.outcome(f"reject-{cmp}[/{cmp}/]") == "PASSED", (cmp, text)
        assert run.outcome(f"reject-{cmp}[/{cmp}/bad/]") == "FAILED", (cmp, text)
        assert run.outcome(f"accept-{cmp}[/{cmp}/]") == "PASSED", (cmp, text)
        # the violating site is operated through the same adapter, and fails for its tracking
        assert f"Consent:  reject via {cmp}, clicked" in text, (cmp, text)
    assert run.outcome("accept-tcf-quantcast[/quantcast/]") == "FAILED", text
    assert run.outcome("accept-tcf-sourcepoint[/sourcepoint/]") == "FAILED", text
    assert "TCF purposes with consent: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]" in text
    # every consent visit went through the CMP's adapter, not the general engine
    for cmp in WITHDRAW:
        assert run.outcome(f"withdraw-{cmp}[/{cmp}/]") == "PASSED", (cmp, text)
    # InMobi Choice with DISAGREE left off the first screen: no first-layer refusal, and the
    # refusal is made in its options layer (MORE OPTIONS, then REJECT ALL)
    no_disagree = "[/quantcast/no-disagree/]"
    assert run.outcome("banner-no-disagree" + no_disagree) == "FAILED", text
    assert run.outcome("reject-no-disagree" + no_disagree) == "PASSED", text
    paths: dict[str, set[str]] = {}
    frames: dict[str, set[str]] = {}
    withdrawn: dict[str, str] = {}
    for file in evidence.rglob("*.json"):
        record = json.loads(file.read_text(encoding="utf-8"))
        consent = record.get("consent") if isinstance(record, dict) else None
        if consent and "/no-disagree/" in record["url"]:
            assert consent["path"] == "adapter quantcast", consent
            assert consent["clicked"] == "'MORE OPTIONS' then 'REJECT ALL'", consent
            assert consent["layer"] == 2, consent
        elif consent and consent["action"] == "withdraw":
            withdrawn[record["url"].split("/")[-2]] = f"{consent['path']}: {consent['clicked']}"
        elif consent:
            cmp = next(c for c in CMPS if f"/{c}/" in record.get("url", consent.get("page", "")))
            paths.setdefault(cmp, set()).add(consent["path"])
            frames.setdefault(cmp, set()).add(consent["frame"].split("?")[0])
    assert paths == {cmp: {f"adapter {cmp}"} for cmp in CMPS}, paths
    # Sourcepoint's first layer was found and clicked inside its cross-origin iframe
    assert frames["sourcepoint"] == {"https://cdn.privacy-mgmt.com/index.html"}, frames
    assert frames["trustarc"] == {"https://cmps-a.test/trustarc/"}, frames
    # reopened by the vendor's own control; Osano's drawer is rejected by its adapter, TrustArc's
    # preference manager (a frame of another origin) by the general engine
    assert "reopened by trustarc's control #teconsent a" in withdrawn["trustarc"], withdrawn
    assert withdrawn["osano"].startswith("adapter osano: accepted with Accept All; reopened by "
                                         "osano's control .osano-cm-window__widget; rejected "
                                         "with Save (after switching off 4 toggles)"), withdrawn
