"""Global Privacy Control end to end: the signal sent everywhere, gpc.json judged, the site's
own opt-out signals read, and the network proof on the same visit."""

from __future__ import annotations

import json
from pathlib import Path

from pytest_privacy.fixtureserver import FixtureServer

SPEC = """version: 1
checks:
  - id: gpc-honored
    claim: "We honor Global Privacy Control signals."
    when: gpc
    pages: ["https://gpc-header.test/", "https://gpc-nav.test/", "https://gpc-ignore.test/",
            "https://gpc-iframe.test/"]
    expect:
      cookies: {none_of: [marketing]}
      requests: {none_of: [marketing]}
  - id: gpc-file
    claim: "We honor GPC."
    pages: ["https://gpc-header.test/", "https://gpc-ignore.test/", "https://gpcjson-html.test/",
            "https://gpcjson-string.test/", "https://gpcjson-date.test/"]
    expect:
      gpc: {well_known: true}
  - id: gpc-opt-out
    claim: "We treat GPC as an opt-out of sale and sharing."
    when: gpc
    pages: ["https://gpc-nav.test/", "https://gpc-ignore.test/", "https://gpp.test/",
            "https://gpp.test/bad/", "https://gpc-header.test/", "https://cmps.test/onetrust/gpc/",
            "https://cmps.test/onetrust/gpc-ignored/"]
    expect:
      gpc: {opt_out: true}
  - id: usp-required
    claim: "We publish a US Privacy string."
    when: gpc
    pages: ["https://gpp.test/"]
    expect:
      gpc: {opt_out: true, signals: [usp]}
  - id: dnt-recorded
    claim: "We do not respond to Do Not Track signals."
    when: {dnt: true}
    record: true
    pages: ["https://gpc-ignore.test/"]
    expect:
      cookies: {none_of: [marketing]}
"""


def test_gpc(run_spec, fixture_server: FixtureServer, tmp_path: Path) -> None:
    fixture_server.reset()
    run = run_spec(SPEC, "--privacy-evidence", str(tmp_path), "-rA",
                   "--privacy-concurrency", "4")  # the visits mostly wait
    # honoured from the header only, from the navigator only; ignored; ignored in an iframe
    assert run.outcome("gpc-honored[https://gpc-header.test/]") == "PASSED", run.text
    assert run.outcome("gpc-honored[https://gpc-nav.test/]") == "PASSED", run.text
    assert run.outcome("gpc-honored[https://gpc-ignore.test/]") == "FAILED"
    assert run.outcome("gpc-honored[https://gpc-iframe.test/]") == "FAILED"
    assert run.outcome("gpc-file[https://gpc-header.test/]") == "PASSED", run.text
    for host in ("gpc-ignore", "gpcjson-html", "gpcjson-string", "gpcjson-date"):
        assert run.outcome(f"gpc-file[https://{host}.test/]") == "FAILED", host
    text = run.text
    assert "https://gpc-ignore.test/.well-known/gpc.json answered HTTP 404, not 200" in text
    assert ("gpcjson-html.test/.well-known/gpc.json is served as 'text/html', not "
            "application/json") in text
    assert "gpcjson-html.test/.well-known/gpc.json is not JSON" in text
    assert 'gpcjson-string.test/.well-known/gpc.json says "gpc": "yes"; it must be the JSON ' \
        "boolean true" in text
    assert 'gpcjson-date.test/.well-known/gpc.json has "lastUpdate": "31/01/2026", not a date' \
        in text
    # the same page without the signal, for comparison
    assert "Without GPC (same page, same consent state), for comparison:" in text
    assert "cookies: GPC removed 0, left 2, added 0" in text
    # the site's own signals
    assert run.outcome("gpc-opt-out[https://gpc-nav.test/]") == "PASSED", text
    assert run.outcome("gpc-opt-out[https://gpc-ignore.test/]") == "FAILED"
    assert "__uspapi('getUSPData'): uspString '1YNN'" in text
    assert "usprivacy cookie: usprivacy '1YNN'" in text
    assert run.outcome("gpc-opt-out[https://gpp.test/]") == "PASSED", text
    assert run.outcome("gpc-opt-out[https://gpp.test/bad/]") == "FAILED"
    assert "__gpp section usnat: SaleOptOut=2" in text
    assert run.outcome("gpc-opt-out[https://cmps.test/onetrust/gpc/]") == "PASSED", text
    assert run.outcome("gpc-opt-out[https://cmps.test/onetrust/gpc-ignored/]") == "FAILED"
    assert "OptanonConsent cookie: isGpcEnabled=1, C0004 (targeting)=1" in text
    # no signal at all: the check cannot decide, an error, never a pass
    assert run.outcome("gpc-opt-out[https://gpc-header.test/]") == "ERROR"
    assert "the site exposes none of the opt-out signals looked for" in text
    assert run.outcome("usp-required[https://gpp.test/]") == "FAILED"
    assert "the required usp signal was not found" in text
    # a recording check never fails, and shows what it saw
    assert run.outcome("dnt-recorded[https://gpc-ignore.test/]") == "PASSED"
    assert "privacy record" in text and "cookie _fbp" in text
    # the signal reached every request, first and third party, and every frame
    gpc_hosts = {"gpc-iframe.test", "widget.test"}
    hits = [h for h in fixture_server.hits if h.host in gpc_hosts and h.path != "/favicon.ico"]
    with_signal = sorted((h.host, h.path) for h in hits if h.headers.get("Sec-GPC") == "1")
    without = sorted((h.host, h.path) for h in hits if "Sec-GPC" not in h.headers)
    # one visit with the signal, one baseline visit without it: the same requests each
    assert with_signal == without == [("gpc-iframe.test", "/"), ("widget.test", "/ad.html")]
    evidence = json.loads(next(tmp_path.glob("gpc_iframe_test__gpc.json")).read_text())
    frames = evidence["navigator_signals"]
    assert frames["https://widget.test/ad.html"] == {"gpc": True, "dnt": False}
    assert all(frame["gpc"] for frame in frames.values())
    dnt = json.loads(next(tmp_path.glob("gpc_ignore_test__dnt.json")).read_text())
    assert all(frame == {"gpc": False, "dnt": True} for frame in dnt["navigator_signals"].values())
    # the harness's own probe of gpc.json is not the page's traffic
    assert not any(r["url"].endswith("gpc.json") for r in evidence["requests"])
