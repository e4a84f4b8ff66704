"""One browser per worker: launched (or connected to) lazily, closed at session end."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from playwright.sync_api import Browser, Playwright, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from pytest_privacy.browser.cookie_policy import set_third_party_cookies
from pytest_privacy.errors import BrowserError
from pytest_privacy.options import PrivacyConfig

QUIET_FLAGS = (
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-domain-reliability",
)
SYSTEM_CHROMIUMS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL_HINT = ("install one: 'python -m playwright install chromium' where downloads work, "
                "or the system's ('apt-get install -y chromium' on Debian/Ubuntu), "
                "or pass --privacy-browser-path")


def find_system_chromium() -> str | None:
    """A Chromium or Chrome on PATH or in /usr/bin, if there is one."""
    for name in SYSTEM_CHROMIUMS:
        found = shutil.which(name) or (f"/usr/bin/{name}" if os.access(f"/usr/bin/{name}",
                                                                        os.X_OK) else None)
        if found:
            return found
    return None


def launch_args(cfg: PrivacyConfig) -> list[str]:
    args = list(QUIET_FLAGS)
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
        self.executable: str = ""

    def browser(self) -> Browser:
        if self._browser is None:
            self._playwright = sync_playwright().start()
            try:
                self._browser = self._open(self._playwright)
                set_third_party_cookies(self._browser, self.cfg.third_party_cookies)
            except BaseException:
                self.close()
                raise
        return self._browser

    def _open(self, pw: Playwright) -> Browser:
        cfg = self.cfg
        if cfg.connect:
            try:
                self.executable = f"remote {cfg.connect}"
                return pw.chromium.connect(cfg.connect, timeout=cfg.timeout_ms)
            except PlaywrightError as exc:
                raise BrowserError(f"cannot connect to the Playwright browser server at "
                                   f"{cfg.connect}: {_first_line(exc)}; start it with "
                                   "'playwright run-server' or fix --privacy-connect.") from None
        executable = cfg.browser_path
        if executable and not Path(executable).exists():
            raise BrowserError(f"--privacy-browser-path {executable} does not exist; "
                               f"{INSTALL_HINT}.")
        if not executable and not cfg.browser_channel:
            if not Path(pw.chromium.executable_path).exists():
                executable = find_system_chromium()
                if executable is None:
                    raise BrowserError(f"no Chromium found: Playwright's own is not installed "
                                       f"and none is on PATH; {INSTALL_HINT}.")
        self.executable = executable or cfg.browser_channel or pw.chromium.executable_path
        try:
            return pw.chromium.launch(
                executable_path=executable, channel=cfg.browser_channel,
                headless=not cfg.headed, slow_mo=cfg.slowmo, args=launch_args(cfg))
        except PlaywrightError as exc:
            raise BrowserError(f"cannot launch {self.executable}: {_first_line(exc)}.") from None

    def close(self) -> None:
        try:
            if self._browser is not None:
                self._browser.close()
        except PlaywrightError:
            pass
        finally:
            self._browser = None
            if self._playwright is not None:
                self._playwright.stop()
                self._playwright = None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
