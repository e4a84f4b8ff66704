"""Operate a consent banner: click the spec's accept or reject control, in any frame."""

from __future__ import annotations

import time
from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Frame, Page

from pytest_privacy.errors import VisitError
from pytest_privacy.spec.model import ConsentConfig

BANNER_WAIT_MS = 5000


def _visible_in(frame: Frame, selector: str) -> bool:
    try:
        return frame.locator(selector).first.is_visible()
    except PlaywrightError:
        return False


def _find(page: Page, selector: str, wait_ms: int) -> Frame | None:
    """The first frame where `selector` is visible, waiting up to `wait_ms` for it."""
    deadline = time.monotonic() + wait_ms / 1000
    while True:
        for frame in page.frames:
            if _visible_in(frame, selector):
                return frame
        if time.monotonic() >= deadline:
            return None
        page.wait_for_timeout(100)


def perform_consent(page: Page, action: str, consent: ConsentConfig,
                    started: float) -> dict[str, Any]:
    """Click the control for `action` ('accept' or 'reject'); a record of what was done.

    Raises VisitError when the control cannot be found or clicked: a consent state that
    could not be reached must never pass."""
    selector = consent.accept if action == "accept" else consent.reject
    if consent.cmp == "none":
        raise VisitError(f"this check needs the banner's {action!r} control, but the spec says "
                         "'consent: {cmp: none}'; use a before_consent or gpc check instead.")
    if not selector:
        raise VisitError(f"no way to {action} consent: consent manager adapters are not "
                         f"available yet (cmp: {consent.cmp}); set 'consent.{action}' to the "
                         "selector of the banner's control (cmp: selectors).")
    frame = _find(page, selector, BANNER_WAIT_MS)
    if frame is None:
        raise VisitError(f"the {action} control {selector!r} did not appear on {page.url} "
                         f"within {BANNER_WAIT_MS} ms (looked in {len(page.frames)} frames); "
                         "check consent.{action} in the spec.".replace("{action}", action))
    try:
        frame.locator(selector).first.click(timeout=BANNER_WAIT_MS)
    except PlaywrightError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise VisitError(f"could not click the {action} control {selector!r}: {first}") from None
    return {
        "adapter": "selectors",
        "detected_by": f"consent.{action} selector",
        "action": action,
        "clicked": selector,
        "frame": frame.url,
        "at_ms": round((time.monotonic() - started) * 1000, 1),
    }
