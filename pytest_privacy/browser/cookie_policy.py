"""The browser's third-party cookie policy, set like a user would in chrome://settings.

Debian's Chromium blocks third-party cookies by default (profile preference
`profile.cookie_controls_mode`), and no command-line flag changes it. Contexts made by
`browser.new_context()` read that preference from the browser's default profile, live. A
browser the plugin launches gets it in its profile's Preferences file (provider.py); a remote
browser (--privacy-connect) gets it here, once, through the settings page's own
`chrome.settingsPrivate` API reached over the DevTools protocol.

A headless shell (the browser Playwright launches for headless runs, and so what a
`playwright run-server` usually gives) has neither the preference nor a settings page, and
allows third-party cookies; "block" is then set on every page of a visit with the DevTools
protocol's cookie controls, which hold as long as their session stays attached.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from typing import Any

from playwright.async_api import Browser, BrowserContext, CDPSession, Page

from pytest_privacy.errors import BrowserError

# Values of profile.cookie_controls_mode in current Chromium.
MODES = {"allow": 0, "block": 1}


class _ChildSession:
    """A DevTools session to one target, tunnelled through the browser session."""

    def __init__(self, browser_session: CDPSession) -> None:
        self.browser_session = browser_session
        self.replies: dict[int, dict[str, Any]] = {}
        self.ids = itertools.count(1)
        self.session_id = ""
        browser_session.on("Target.receivedMessageFromTarget", self._on_message)

    async def attach(self, target_id: str) -> None:
        reply = await self.browser_session.send(
            "Target.attachToTarget", {"targetId": target_id, "flatten": False})
        self.session_id = reply["sessionId"]

    def _on_message(self, event: dict[str, Any]) -> None:
        message = json.loads(event["message"])
        if "id" in message:
            self.replies[message["id"]] = message

    async def evaluate(self, expression: str, timeout_s: float = 10.0) -> Any:
        call_id = next(self.ids)
        payload = {"id": call_id, "method": "Runtime.evaluate",
                   "params": {"expression": expression, "awaitPromise": True,
                              "returnByValue": True}}
        await self.browser_session.send(
            "Target.sendMessageToTarget",
            {"sessionId": self.session_id, "message": json.dumps(payload)})
        deadline = time.monotonic() + timeout_s
        while call_id not in self.replies:
            if time.monotonic() > deadline:
                raise BrowserError("Chromium's settings page did not answer in time.")
            await asyncio.sleep(0.02)
        reply = self.replies.pop(call_id)
        result = reply.get("result", {})
        if "exceptionDetails" in result or "error" in reply:
            raise BrowserError(f"Chromium's settings page refused the change: {reply}")
        return result.get("result", {}).get("value")


async def is_headless_shell(browser: Browser) -> bool:
    """Chromium's headless shell ("HeadlessChrome" as its product; the full browser says
    "Chrome" even when headless)."""
    session = await browser.new_browser_cdp_session()
    try:
        version = await session.send("Browser.getVersion")
    finally:
        await session.detach()
    return str(version.get("product", "")).startswith("HeadlessChrome/")


async def set_third_party_cookies(browser: Browser, policy: str) -> bool:
    """Allow or block third-party cookies for every context of `browser`; True when the
    browser cannot hold the policy and every page must be restricted (restrict_page)."""
    mode = MODES[policy]
    if await is_headless_shell(browser):  # no settings page
        return policy == "block"
    session = await browser.new_browser_cdp_session()
    target = await session.send("Target.createTarget", {"url": "chrome://settings/cookies"})
    target_id = target["targetId"]
    try:
        page = _ChildSession(session)
        await page.attach(target_id)
        await page.evaluate("new Promise(r => { const f = () => (window.chrome && "
                            "chrome.settingsPrivate) ? r(true) : setTimeout(f, 20); f(); })")
        await page.evaluate("new Promise(r => chrome.settingsPrivate.setPref("
                            f"'profile.cookie_controls_mode', {mode}, '', r))")
        value = await page.evaluate("new Promise(r => chrome.settingsPrivate.getPref("
                                    "'profile.cookie_controls_mode', p => r(p.value)))")
    finally:
        await session.send("Target.closeTarget", {"targetId": target_id})
        await session.detach()
    if value != mode:
        raise BrowserError(f"could not set the browser's third-party cookie policy to {policy!r} "
                           f"(profile.cookie_controls_mode is {value!r}, wanted {mode}).")
    return False


async def restrict_page(context: BrowserContext, page: Page) -> CDPSession:
    """Block third-party cookies for `page` (a headless shell's only way); the returned session
    must stay attached while the page is used."""
    session = await context.new_cdp_session(page)
    await session.send("Network.enable")  # the controls apply to a session with the domain on
    await session.send("Network.setCookieControls", {
        "enableThirdPartyCookieRestriction": True,
        "disableThirdPartyCookieMetadata": False,
        "disableThirdPartyCookieHeuristics": False})
    return session
