"""fingerprinting end to end in Chromium: two real open-source libraries from npm
(FingerprintJS 3.4.2, ClientJS 0.2.1; scripts/setup.sh fetches them) served unmodified under
the hosts they are published on, and the ordinary canvas / WebGL uses that are not
fingerprinting by the published criteria."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

SITES = Path(__file__).parent / "sites"
LIBRARIES = [SITES / "openfpcdn.io" / "fingerprintjs" / "v3.4.2" / "fp.min.js",
             SITES / "cdnjs.cloudflare.com" / "ajax" / "libs" / "ClientJS" / "0.2.1" /
             "client.min.js"]
FPJS = "https://openfpcdn.io/fingerprintjs/v3.4.2/fp.min.js"
CLIENTJS = "https://cdnjs.cloudflare.com/ajax/libs/ClientJS/0.2.1/client.min.js"

SPEC = f"""version: 1
checks:
  - id: no-fingerprinting
    claim: "We do not fingerprint your browser."
    pages: ["https://fingerprinted.test/", "https://fingerprinted.test/clientjs/",
            "https://fingerprinted.test/framed/", "https://fingerprinted.test/inline/",
            "https://canvas.test/chart/", "https://canvas.test/resize/",
            "https://canvas.test/meme/", "https://canvas.test/game/"]
    expect:
      fingerprinting: {{none_of: [canvas, webgl, audio, fonts]}}
  - id: fraud-check-allowed
    claim: "Only our fraud check reads device characteristics."
    pages: ["https://fingerprinted.test/", "https://fingerprinted.test/clientjs/"]
    expect:
      fingerprinting:
        none_of: [canvas, webgl, audio, fonts]
        allow: ["{FPJS}", "re:^https://cdnjs\\\\.cloudflare\\\\.com/ajax/libs/ClientJS/"]
  - id: no-canvas-only
    claim: "We do not use canvas fingerprinting."
    pages: ["https://fingerprinted.test/clientjs/"]
    expect:
      fingerprinting: {{none_of: [webgl, audio]}}
"""


@pytest.fixture
def libraries() -> None:
    missing = [str(p) for p in LIBRARIES if not p.exists()]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{missing} missing; scripts/setup.sh fetches them with npm.")
        pytest.skip("the fingerprinting libraries are not installed (scripts/setup.sh)")


def test_fingerprinting(run_spec, libraries: None, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run = run_spec(SPEC, "--privacy-evidence", str(tmp_path))
    assert run.outcome("no-fingerprinting[https://fingerprinted.test/]") == "FAILED", run.text
    assert run.outcome("no-fingerprinting[https://fingerprinted.test/clientjs/]") == "FAILED"
    # in a cross-origin frame; and inline, named by its page (first party)
    assert run.outcome("no-fingerprinting[https://fingerprinted.test/framed/]") == "FAILED"
    assert run.outcome("no-fingerprinting[https://fingerprinted.test/inline/]") == "FAILED"
    for page in ("chart", "resize", "meme", "game"):  # not fingerprinting by the criteria
        assert run.outcome(f"no-fingerprinting[https://canvas.test/{page}/]") == "PASSED", \
            run.text
    assert run.outcome("fraud-check-allowed[https://fingerprinted.test/]") == "PASSED", run.text
    assert run.outcome("fraud-check-allowed[https://fingerprinted.test/clientjs/]") == "PASSED"
    # ClientJS reads a canvas and probes fonts, and nothing else
    assert run.outcome("no-canvas-only[https://fingerprinted.test/clientjs/]") == "PASSED"
    text = run.text
    # a finding names the script, its party and category, and the technique
    for technique in ("canvas", "webgl", "audio", "fonts"):
        assert f"{technique}: script {FPJS} (third party, unknown" in text, text
    assert f"canvas: script {CLIENTJS} (third party, necessary" in text
    assert "canvas: script https://fingerprinted.test/inline/ (first party, necessary" in text
    assert "toDataURL of a 240x60 canvas with text in 2 colours/styles" in text
    assert "getParameter(UNMASKED_" in text
    assert "OfflineAudioContext render of an OscillatorNode through a DynamicsCompressor" in text
    # the evidence keeps every detection
    files = {json.loads(p.read_text())["url"]: json.loads(p.read_text())
             for p in tmp_path.rglob("*.json") if p.name != "summary.json"}
    found = {(d["script"], d["technique"])
             for d in files["https://fingerprinted.test/"]["fingerprinting"]}
    assert found == {(FPJS, t) for t in ("canvas", "webgl", "audio", "fonts")}
    assert files["https://canvas.test/meme/"]["fingerprinting"] == []
    framed = files["https://fingerprinted.test/framed/"]["fingerprinting"]
    assert {(d["script"], d["frame"]) for d in framed} == {(CLIENTJS, "https://fp-frame.test/")}
