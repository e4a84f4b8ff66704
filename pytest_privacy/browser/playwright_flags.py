"""pytest-playwright's flags, applied to the visits: each is honoured or refused, none ignored.

Honoured: --browser chromium (others are refused in options.py), --browser-channel, --headed,
--slowmo (the launch, provider.py), --screenshot, --full-page-screenshot, --tracing, --output
(the visit's artifacts, runner.py and visit.py), --device and --video (context arguments, here).
Refused: --playwright-debug (it attaches to pytest-playwright's page fixture), a --device
Playwright does not know, and --headed where no display can show the browser.

--device and --video become arguments of the visit's browser context in one function
(`playwright_context_args`). A device descriptor's `default_browser_type` is dropped: visits run
in Chromium, which emulates the device (viewport, screen, user agent, touch, scale, mobile)."""

from __future__ import annotations

import difflib
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

from pytest_privacy.errors import ConfigError
from pytest_privacy.settings import PrivacyConfig

NOT_CONTEXT_ARGS = ("default_browser_type",)
VIDEO_DIR = "video"  # inside the visit's --output folder
NO_DISPLAY = ("no display for a headed browser (--headed): neither DISPLAY nor WAYLAND_DISPLAY "
              "leads to one; run under 'xvfb-run pytest ...' or drop --headed.")


def playwright_context_args(cfg: PrivacyConfig, devices: Mapping[str, Mapping[str, Any]],
                            output_dir: Path | None) -> dict[str, Any]:
    """Context arguments for --device (the device's descriptor) and --video (record into
    the visit's --output folder)."""
    args: dict[str, Any] = {}
    if cfg.device:
        descriptor = devices.get(cfg.device)
        if descriptor is None:
            raise ConfigError(unknown_device(cfg.device, devices))
        args.update({k: v for k, v in descriptor.items() if k not in NOT_CONTEXT_ARGS})
    if cfg.video != "off" and output_dir is not None:
        args["record_video_dir"] = str(output_dir / VIDEO_DIR)
    return args


def refused_flag(cfg: PrivacyConfig, playwright_debug: str | None) -> str | None:
    """Why one of pytest-playwright's flags cannot apply to the visits, if one cannot."""
    if playwright_debug:
        return ("--playwright-debug attaches to pytest-playwright's own page fixture, not to "
                "a spec's visits; to look at a visit, use --headed --privacy-pause.")
    if cfg.device:
        with sync_playwright() as pw:
            devices = pw.devices
        if cfg.device not in devices:
            return unknown_device(cfg.device, devices)
    return display_problem(cfg)


def unknown_device(name: str, devices: Mapping[str, Any]) -> str:
    """The sentence for a --device that Playwright does not know."""
    close = difflib.get_close_matches(name, list(devices), n=3, cutoff=0.5)
    hint = f"did you mean {' or '.join(repr(c) for c in close)}?" if close else \
        "see Playwright's device list (playwright.devices)."
    return f"--device {name!r} is not a Playwright device; {hint}"


def display_problem(cfg: PrivacyConfig) -> str | None:
    """Why a headed browser cannot be launched here (Linux without a display), if it cannot.
    A remote browser server (--privacy-connect) has its own display."""
    if not cfg.headed or cfg.connect or not sys.platform.startswith("linux"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return NO_DISPLAY
