"""One browser per worker: launched (or connected to) lazily, closed at session end.

Async: it lives on the runner's browser thread (runner.py), where visits run concurrently."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from playwright.async_api import Browser, BrowserContext, Playwright, async_playwright
from playwright.async_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from pytest_privacy.browser.cookie_policy import MODES, is_headless_shell, set_third_party_cookies
from pytest_privacy.browser.playwright_flags import NO_DISPLAY, display_problem
from pytest_privacy.errors import BrowserError, first_line
from pytest_privacy.settings import PrivacyConfig

QUIET_FLAGS = (
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-domain-reliability",
)
# Browse as a visitor: several session recorders and pixels do nothing when
# navigator.webdriver is true, which Playwright's --enable-automation sets.
VISITOR_FLAGS = ("--disable-blink-features=AutomationControlled",)
SYSTEM_CHROMIUMS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Chromium's headless-only build ("old headless"): what Playwright itself launches for headless
# runs. It has no UI and no GPU compositing, so a visit costs about a fifth of the CPU of the
# full browser in headless mode and the machine's cores go to the pages.
HEADLESS_SHELLS = ("chromium-headless-shell", "chrome-headless-shell")
INSTALL_HINT = ("install one: 'python -m playwright install chromium' where downloads work, "
                "or the system's ('apt-get install -y chromium chromium-headless-shell' on "
                "Debian), or pass --privacy-browser-path")


def find_system_chromium(headless: bool = False) -> str | None:
    """A Chromium or Chrome on PATH or in /usr/bin, if there is one; for a headless run, a
    headless shell first."""
    for name in (*HEADLESS_SHELLS, *SYSTEM_CHROMIUMS) if headless else SYSTEM_CHROMIUMS:
        found = shutil.which(name) or (f"/usr/bin/{name}" if os.access(f"/usr/bin/{name}",
                                                                        os.X_OK) else None)
        if found:
            return found
    return None


def launch_args(cfg: PrivacyConfig) -> list[str]:
    args = [*QUIET_FLAGS, *(VISITOR_FLAGS if cfg.automation == "hidden" else ())]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")
    if cfg.host_map:
        args.append(f"--host-resolver-rules={cfg.host_map}")
    return args


class BrowserProvider:
    """Creates the browser on first use; `close()` ends it and Playwright."""

    def __init__(self, cfg: PrivacyConfig) -> None:
        self.cfg = cfg
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None
        self._profile_context: BrowserContext | None = None
        self._profile_dir: tempfile.TemporaryDirectory[str] | None = None
        self.executable: str = ""
        # A headless shell cannot block third-party cookies browser-wide: every page of a
        # visit is restricted on its own (cookie_policy.restrict_page).
        self.restrict_pages = False
        self.devices: dict[str, Any] = {}  # Playwright's device descriptors, once started
        # the browser's own user agent with "HeadlessChrome" told as "Chrome" (headless runs),
        # as a visitor's browser says it; None when it needs no change
        self.user_agent: str | None = None

    async def browser(self) -> Browser:
        if self._browser is None:
            self._playwright = await async_playwright().start()
            self.devices = dict(self._playwright.devices)
            try:
                self._browser = await self._open(self._playwright)
                if self.cfg.automation == "hidden":  # --privacy-automation visible keeps it
                    self.user_agent = await visitor_user_agent(self._browser)
            except BaseException:
                await self.close()
                raise
        return self._browser

    async def _open(self, pw: Playwright) -> Browser:
        cfg = self.cfg
        if cfg.connect:
            return await self._connect(pw)
        problem = display_problem(cfg)
        if problem:
            raise BrowserError(problem)
        executable = cfg.browser_path
        if executable and not Path(executable).exists():
            raise BrowserError(f"--privacy-browser-path {executable} does not exist; "
                               f"{INSTALL_HINT}.")
        if not executable and not cfg.browser_channel:
            if not Path(pw.chromium.executable_path).exists():
                executable = find_system_chromium(headless=not cfg.headed)
                if executable is None:
                    kind = "with a window (--headed) " if cfg.headed else ""
                    raise BrowserError(f"no Chromium {kind}found: Playwright's own is not "
                                       f"installed and none is on PATH; {INSTALL_HINT}.")
        self.executable = executable or cfg.browser_channel or pw.chromium.executable_path
        # The third-party cookie policy is a profile preference that no flag sets: launch on a
        # fresh profile whose Preferences carry it. Every context made with new_context()
        # reads it from there.
        self._profile_dir = tempfile.TemporaryDirectory(prefix="pytest-privacy-profile-")
        prefs = Path(self._profile_dir.name) / "Default" / "Preferences"
        prefs.parent.mkdir()
        mode = MODES[cfg.third_party_cookies]
        prefs.write_text(json.dumps({"profile": {"cookie_controls_mode": mode}}), "utf-8")
        try:
            self._profile_context = await pw.chromium.launch_persistent_context(
                self._profile_dir.name, executable_path=executable, channel=cfg.browser_channel,
                headless=not cfg.headed, slow_mo=cfg.slowmo, args=launch_args(cfg))
        except PlaywrightError as exc:
            if cfg.headed and "Missing X server" in str(exc):  # DISPLAY names no server
                raise BrowserError(NO_DISPLAY) from None
            raise BrowserError(f"cannot launch {self.executable}: {first_line(exc)}.") from None
        browser = self._profile_context.browser
        if browser is None:
            raise BrowserError("this Playwright version cannot open contexts beside a profile; "
                               "upgrade playwright (pip install -U playwright).")
        if cfg.third_party_cookies == "block" and await is_headless_shell(browser):
            self.restrict_pages = True  # a headless shell reads no cookie preference
        return browser

    async def _connect(self, pw: Playwright) -> Browser:
        """A browser launched by a remote `playwright run-server`. The launch options travel in
        a header; the server keeps only headless/channel/timeout unless it runs with --unsafe,
        which the host map (a launch argument) and --privacy-browser-path need."""
        cfg = self.cfg
        options: dict[str, object] = {"headless": not cfg.headed, "args": launch_args(cfg)}
        if cfg.browser_path:
            options["executablePath"] = cfg.browser_path  # a path on the server's machine
        if cfg.browser_channel:
            options["channel"] = cfg.browser_channel
        endpoint = choose_endpoint(cfg.connect or "", os.environ.get("PYTEST_XDIST_WORKER", ""))
        self.executable = f"remote {endpoint}"
        try:
            remote = await pw.chromium.connect(
                endpoint, timeout=cfg.timeout_ms, slow_mo=cfg.slowmo,
                headers={"x-playwright-launch-options": json.dumps(options)})
        except PlaywrightError as exc:
            raise BrowserError(f"cannot connect to the Playwright browser server at "
                               f"{endpoint}: {first_line(exc)}; start it with "
                               "'playwright run-server' or fix --privacy-connect.") from None
        self.restrict_pages = await set_third_party_cookies(remote, cfg.third_party_cookies)
        return remote

    async def close(self) -> None:
        try:
            if self._profile_context is not None:
                await self._profile_context.close()
            elif self._browser is not None:
                await self._browser.close()
        except PlaywrightError:
            pass
        finally:
            self._browser = None
            self._profile_context = None
            if self._playwright is not None:
                await self._playwright.stop()
                self._playwright = None
            if self._profile_dir is not None:
                self._profile_dir.cleanup()
                self._profile_dir = None


async def visitor_user_agent(browser: Browser) -> str | None:
    """The browser's user agent without "HeadlessChrome", or None when it does not say it."""
    context = await browser.new_context()
    try:
        page = await context.new_page()
        agent = str(await page.evaluate("() => navigator.userAgent"))
    except PlaywrightError:
        return None
    finally:
        await context.close()
    return agent.replace("HeadlessChrome/", "Chrome/") if "HeadlessChrome/" in agent else None


def choose_endpoint(connect: str, worker: str) -> str:
    """The browser server of this process: of a comma-separated list, xdist worker gwN gets
    the Nth (round robin); a process that is no worker gets the first."""
    endpoints = [e.strip() for e in connect.split(",") if e.strip()]
    if not endpoints:
        return connect
    number = int(worker[2:]) if worker.startswith("gw") and worker[2:].isdigit() else 0
    return endpoints[number % len(endpoints)]


def _report() -> int:
    """`python -m pytest_privacy.browser.provider`: which browser would be launched, headless
    and headed. Exit status 0: ready; 2: a full Chromium only (works, but headless visits
    would be lighter in a headless shell); 1: none."""
    with sync_playwright() as pw:
        if Path(pw.chromium.executable_path).exists():
            print(f"Playwright's Chromium at {pw.chromium.executable_path}")
            return 0
    headless, headed = find_system_chromium(headless=True), find_system_chromium()
    if headless is None:
        print(f"no Chromium found; {INSTALL_HINT}.")
        return 1
    if headless == headed:
        print(f"system Chromium at {headed} (no headless shell: headless visits cost more CPU)")
        return 2
    print(f"system Chromium: headless {headless}, headed {headed or 'none (--headed fails)'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(_report())
