"""When a page is quiet enough to be looked at: no request in flight for a while, and no
one-off timer about to fire that a tracker may be waiting on."""

from __future__ import annotations

import asyncio
import time

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page

from pytest_privacy.browser.recorder import Recorder, crash_error
from pytest_privacy.errors import VisitError
from pytest_privacy.settings import PrivacyConfig

BUSY_S = 15.0  # a page whose script does not yield for this long cannot be observed


async def next_timer(page: Page, horizon_ms: int) -> float | None:
    """ms until the next one-off timer any frame set to fire within `horizon_ms` after its
    load, if any."""
    soonest: float | None = None
    for frame in page.frames:
        try:
            due = await asyncio.wait_for(frame.evaluate(
                "(h) => window.__privacyNextTimer ? window.__privacyNextTimer(h) : null",
                horizon_ms), BUSY_S)
        except PlaywrightError:
            continue
        except asyncio.TimeoutError:
            raise VisitError(f"{page.url} kept its script running for more than {BUSY_S:.0f} s "
                             "without yielding (an endless loop?); the browser could not "
                             "look at it, and the checks cannot judge it.") from None
        if due is not None and (soonest is None or due < soonest):
            soonest = float(due)
    return soonest


async def settle(page: Page, recorder: Recorder, cfg: PrivacyConfig) -> bool:
    """Wait until the page is quiet, at most settle_cap_ms; False when the cap ended the wait.

    Quiet: no request in flight (unanswered and not failed: see Recorder.inflight) for
    settle_ms, and no one-off timer pending that the page set to fire within
    settle_timers_ms after load (a tracker started by setTimeout after load makes no network
    noise until it fires)."""
    quiet = cfg.settle_ms / 1000
    deadline = time.monotonic() + cfg.settle_cap_ms / 1000
    step = min(0.05, max(0.01, cfg.settle_ms / 5000))
    while True:
        if recorder.crashed:
            raise crash_error(page.url)
        now = time.monotonic()
        if not recorder.inflight and now - recorder.last_activity >= quiet:
            pending = await next_timer(page, cfg.settle_timers_ms) \
                if cfg.settle_timers_ms else None
            if pending is None:
                return True
        if now >= deadline:
            return False
        await asyncio.sleep(step)
