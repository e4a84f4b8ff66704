"""The harness's own fetches (link reachability, /.well-known files): made in a context of
their own, never part of a visit's traffic; one fetch per URL for the whole session."""

from __future__ import annotations

import asyncio

from playwright.async_api import BrowserContext
from playwright.async_api import Error as PlaywrightError

from pytest_privacy.browser.provider import BrowserProvider
from pytest_privacy.errors import first_line
from pytest_privacy.evidence import ProbeRecord
from pytest_privacy.settings import PrivacyConfig

MAX_BODY = 65536  # small documents such as /.well-known/gpc.json


class Prober:
    """Fetches URLs for the visits; concurrent visits asking for one URL share the fetch."""

    def __init__(self, provider: BrowserProvider, cfg: PrivacyConfig) -> None:
        self.provider = provider
        self.cfg = cfg
        self._context: BrowserContext | None = None
        self._fetches: dict[str, asyncio.Future[ProbeRecord]] = {}

    async def probe(self, url: str) -> ProbeRecord:
        """`url` fetched by the harness itself, in its own context."""
        if url not in self._fetches:
            self._fetches[url] = asyncio.ensure_future(self._fetch(url))
        return await asyncio.shield(self._fetches[url])

    async def _fetch(self, url: str) -> ProbeRecord:
        record = ProbeRecord(url)
        if not url.startswith(("http://", "https://")):
            record.error = f"not an http(s) link: {url}"
            return record
        if self._context is None:
            browser = await self.provider.browser()
            self._context = await browser.new_context(
                ignore_https_errors=self.cfg.ignore_https_errors)
        page = await self._context.new_page()
        try:
            # "commit" would be cheaper, but closing a page whose load is still under way
            # can stall Chromium; the DOM of a linked page is quick to come.
            response = await page.goto(url, wait_until="domcontentloaded",
                                       timeout=self.cfg.timeout_ms)
            if response is None:
                record.error = "no response"
            else:
                record.status = response.status
                record.content_type = response.headers.get("content-type", "")
                try:
                    record.body = (await response.body())[:MAX_BODY].decode("utf-8", "replace")
                except PlaywrightError:
                    record.body = ""
        except PlaywrightError as exc:
            record.error = first_line(exc, "error")
        finally:
            await page.close()
        return record

    async def close(self) -> None:
        if self._context is not None:
            try:
                await self._context.close()
            except PlaywrightError:
                pass
            self._context = None
