"""Records the analytics and advertising SDKs a page carries (by its globals and scripts)."""

from __future__ import annotations

from collections.abc import Iterable

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page

from pytest_privacy.classify.sdks import global_paths, sdks_seen
from pytest_privacy.evidence import SdkRecord
from pytest_privacy.packagedata import read_text

_SCRIPT = read_text("pytest_privacy.browser", "sdks.js")


async def record_sdks(page: Page, request_urls: Iterable[str]) -> list[SdkRecord]:
    """The SDKs seen in any frame of the page, or among the scripts it fetched."""
    found: set[str] = set()
    for frame in page.frames:
        try:
            found.update(await frame.evaluate(_SCRIPT, list(global_paths())))
        except PlaywrightError:
            continue
    return [SdkRecord(s.name, s.category, list(s.via)) for s in sdks_seen(request_urls, found)]
