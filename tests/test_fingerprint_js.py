"""browser/fingerprint.js on its own, in Chromium: each criterion at its edges (one browser,
pages served by request interception, no plugin run)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, sync_playwright

from pytest_privacy.browser.fingerprint import READ, script
from pytest_privacy.browser.provider import find_system_chromium

CANVAS = """
const c = document.createElement("canvas"); c.width = {w}; c.height = {h};
const x = c.getContext("2d"); x.font = "14px Arial";
x.fillStyle = "#069"; x.fillText("Cwm fjordbank glyphs vext quiz", 2, 15);
x.fillStyle = "{second}"; x.fillText("Cwm fjordbank glyphs vext quiz", 4, 17);
"""
WEBGL = """
const gl = document.createElement("canvas").getContext("webgl");
if (gl) {{ {draw} gl.readPixels(0, 0, 4, 4, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(64)); }}
"""
OFFLINE_AUDIO = """
const ctx = new OfflineAudioContext(1, 5000, 44100);
const osc = ctx.createOscillator(); osc.type = "triangle";
{extra}
osc.connect({through}); {connect} osc.start(0);
ctx.startRendering().then((buffer) => buffer.getChannelData(0));
"""
FONTS = """
const x = document.createElement("canvas").getContext("2d");
for (let i = 0; i < {n}; i++) {{
  x.font = `72px "Family ${{i}}", monospace`; x.measureText("mmmmmmmmmmlli");
}}
"""

CASES: dict[str, tuple[str, set[str]]] = {
    "canvas read back": (CANVAS.format(w=200, h=50, second="rgba(102,204,0,0.7)")
                         + "c.toDataURL();", {"canvas"}),
    "canvas below 16 px": (CANVAS.format(w=200, h=10, second="#f60") + "c.toDataURL();",
                           set()),
    "canvas one colour": (CANVAS.format(w=200, h=50, second="#069") + "c.toDataURL();", set()),
    "getImageData of a small area": (CANVAS.format(w=200, h=50, second="#f60")
                                     + "x.getImageData(0, 0, 8, 8);", set()),
    "getImageData of 16x16": (CANVAS.format(w=200, h=50, second="#f60")
                              + "x.getImageData(0, 0, 16, 16);", {"canvas"}),
    "canvas never read back": (CANVAS.format(w=200, h=50, second="#f60"), set()),
    "webgl readPixels after drawing": (WEBGL.format(draw="gl.drawArrays(gl.POINTS, 0, 1);"),
                                       {"webgl"}),
    "webgl readPixels of nothing drawn": (WEBGL.format(draw=""), set()),
    "webgl unmasked renderer": (
        'const g = document.createElement("canvas").getContext("webgl");'
        'const d = g && g.getExtension("WEBGL_debug_renderer_info");'
        "if (d) g.getParameter(d.UNMASKED_RENDERER_WEBGL);", {"webgl"}),
    "audio through a compressor": (OFFLINE_AUDIO.format(
        extra="const comp = ctx.createDynamicsCompressor();", through="comp",
        connect="comp.connect(ctx.destination);"), {"audio"}),
    "audio oscillator alone": (OFFLINE_AUDIO.format(extra="", through="ctx.destination",
                                                    connect=""), set()),
    "audio analyser sampled": (
        "const a = new AudioContext(); const o = a.createOscillator();"
        "const n = a.createAnalyser(); o.connect(n);"
        "n.getFloatFrequencyData(new Float32Array(n.frequencyBinCount));", {"audio"}),
    "fonts: 60 families": (FONTS.format(n=60), {"fonts"}),
    "fonts: 20 families": (FONTS.format(n=20), set()),
    "a page that hides its stack": ("Error.stackTraceLimit = 0;"
                                    + CANVAS.format(w=200, h=50, second="#f60")
                                    + "c.toDataURL();", {"canvas"}),
}


def _executable() -> str | None:
    with sync_playwright() as pw:
        if Path(pw.chromium.executable_path).exists():
            return None
    return find_system_chromium(headless=True)


@pytest.fixture(scope="module")
def instrumented_browser() -> Iterator[Browser]:
    executable = _executable()
    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=executable)
        yield launched
        launched.close()


def detections(browser: Browser, body: str) -> list[dict[str, Any]]:
    context = browser.new_context()
    context.add_init_script(script())
    page = context.new_page()
    html = '<!doctype html><html><body><script src="/page.js"></script></body></html>'
    page.route("https://probe.test/", lambda route: route.fulfill(
        body=html, content_type="text/html"))
    page.route("https://probe.test/page.js", lambda route: route.fulfill(
        body=body, content_type="application/javascript"))
    page.goto("https://probe.test/")
    page.wait_for_timeout(300)  # the offline render resolves asynchronously
    found: list[dict[str, Any]] = page.main_frame.evaluate(READ)
    context.close()
    return found


@pytest.mark.parametrize("case", list(CASES))
def test_criterion(instrumented_browser: Browser, case: str) -> None:
    body, expected = CASES[case]
    found = detections(instrumented_browser, body)
    assert {d["technique"] for d in found} == expected, found
    for d in found:
        assert d["script"] == "https://probe.test/page.js"  # the caller, not the hook
