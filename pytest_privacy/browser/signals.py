"""The privacy signals a page exposes: the site's own opt-out APIs (US Privacy, GPP) and what
each frame's navigator says about GPC and DNT."""

from __future__ import annotations

from typing import Any

from playwright.async_api import BrowserContext, Page
from playwright.async_api import Error as PlaywrightError

from pytest_privacy.errors import first_line
from pytest_privacy.packagedata import read_text
from pytest_privacy.spec.model import State

SIGNALS_JS = """async () => {
  const answer = (invoke) => new Promise(resolve => {
    const timer = setTimeout(() => resolve({error: 'no answer within 2 s'}), 2000);
    try { invoke((data, ok) => { clearTimeout(timer); resolve({data, ok: ok !== false}); }); }
    catch (e) { clearTimeout(timer); resolve({error: String(e)}); }
  });
  const out = {};
  if (typeof window.__uspapi === 'function') {
    out.usp = await answer(cb => window.__uspapi('getUSPData', 1, cb));
  }
  if (typeof window.__gpp === 'function') {
    const ping = await answer(cb => window.__gpp('ping', cb));
    out.gpp = ping;
    if (ping.data && !ping.data.parsedSections) {
      // GPP 1.0 CMPs give the parsed sections through getGPPData
      const data = await answer(cb => window.__gpp('getGPPData', cb));
      if (data.data) out.gpp.data = Object.assign({}, ping.data, data.data);
    }
  }
  return JSON.parse(JSON.stringify(out));
}"""

NAVIGATOR_JS = """() => ({gpc: navigator.globalPrivacyControl === true,
                            dnt: navigator.doNotTrack === '1'})"""


async def read_signals(page: Page) -> dict[str, Any]:
    """Answers of __uspapi('getUSPData') and __gpp('ping') in the main frame, if present."""
    try:
        result: dict[str, Any] = await page.main_frame.evaluate(SIGNALS_JS)
        return result
    except PlaywrightError as exc:
        return {"error": first_line(exc, "error")}


async def read_navigator(page: Page) -> dict[str, Any]:
    """navigator.globalPrivacyControl / doNotTrack as each frame sees them."""
    frames: dict[str, Any] = {}
    for frame in page.frames:
        try:
            frames[frame.url] = await frame.evaluate(NAVIGATOR_JS)
        except PlaywrightError:
            continue
    return frames


GPC_SCRIPT = read_text("pytest_privacy.browser", "gpc.js")
DNT_SCRIPT = read_text("pytest_privacy.browser", "dnt.js")


async def apply_signals(context: BrowserContext, state: State) -> None:
    headers = {}
    if state.gpc:
        headers["Sec-GPC"] = "1"
        await context.add_init_script(GPC_SCRIPT)
    if state.dnt:
        headers["DNT"] = "1"
        await context.add_init_script(DNT_SCRIPT)
    if headers:
        await context.set_extra_http_headers(headers)
