"""Fetching for discovery (discover.py) through the browser itself.

Why the browser and not an HTTP client: --privacy-host-map is Chromium's host-resolver rules,
which only the browser's network stack honours (Playwright's APIRequestContext runs in its
Node driver and resolves names itself), and the fixture hosts of the tests, like a staged
site under production names, exist only through them. A page is opened on the site's origin
without loading anything from the site (the browser is answered by a route with an empty
document), and `fetch()` runs in it: same origin, so every answer is readable; no page script,
image or tracker of the site runs; redirects are followed; the body is read only for HTML,
XML and text. TLS errors are ignored as the visits ignore them (--privacy-ignore-https-errors).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from playwright.async_api import Browser, BrowserContext, Page, Route
from playwright.async_api import Error as PlaywrightError

from pytest_privacy.discover import (
    REDIRECTED,
    Discovery,
    Fetch,
    Fetched,
    discover,
    origin_of,
)
from pytest_privacy.errors import first_line
from pytest_privacy.settings import PrivacyConfig
from pytest_privacy.spec.model import CrawlSpec

BLANK = "/__pytest_privacy_discover__"
MAX_BODY = 10_000_000  # characters: a sitemap may list 50,000 URLs

FETCH_JS = """
async ([urls, timeout, max, redirected]) => Promise.all(urls.map(async (url) => {
  const one = async (redirect) => {
    const stop = new AbortController();
    const timer = setTimeout(() => stop.abort(), timeout);
    try {
      const r = await fetch(url, {redirect, signal: stop.signal, credentials: "same-origin"});
      const type = r.headers.get("content-type") || "";
      const readable = /html|xml|text\\/plain/i.test(type);
      const text = readable ? (await r.text()).slice(0, max) : "";
      if (!readable) stop.abort();
      return {final_url: r.url || url, status: r.status, content_type: type, text,
              error: r.type === "opaqueredirect" ? redirected : null};
    } finally {
      clearTimeout(timer);
    }
  };
  try {
    return await one("follow");
  } catch (e) {
    try {  // a redirect to another origin fails like a network error; say which it is
      const r = await one("manual");
      if (r.error) return {...r, final_url: url};
    } catch (ignored) {}
    return {final_url: url, status: 0, content_type: "", text: "",
            error: String((e && e.message) || e)};
  }
}))
"""


class PageFetcher:
    """A page on `origin` that fetches URLs of that origin."""

    def __init__(self, browser: Browser, origin: str, cfg: PrivacyConfig,
                 context_args: dict[str, Any]) -> None:
        self.browser = browser
        self.origin = origin
        self.cfg = cfg
        self.context_args = context_args
        self._context: BrowserContext | None = None
        self._page: Page | None = None

    async def _open(self) -> Page:
        if self._page is None:
            self._context = await self.browser.new_context(**self.context_args)
            page = await self._context.new_page()

            async def blank(route: Route) -> None:
                await route.fulfill(status=200, content_type="text/html",
                                    body="<!doctype html><title>pytest-privacy discovery</title>")

            await page.route(self.origin + BLANK, blank)
            await page.goto(self.origin + BLANK, timeout=self.cfg.timeout_ms)
            self._page = page
        return self._page

    async def __call__(self, urls: Sequence[str]) -> list[Fetched]:
        try:
            page = await self._open()
            answers: list[dict[str, Any]] = await page.evaluate(
                FETCH_JS, [list(urls), self.cfg.timeout_ms, MAX_BODY, REDIRECTED])
        except PlaywrightError as exc:
            error = first_line(exc, "browser error")
            return [Fetched(url, error=error) for url in urls]
        return [Fetched(url, str(a["final_url"]), int(a["status"]), str(a["content_type"]),
                        str(a["text"]), a["error"]) for url, a in zip(urls, answers, strict=True)]

    async def close(self) -> None:
        if self._context is not None:
            try:
                await self._context.close()
            except PlaywrightError:
                pass


async def discover_in_browser(browser: Browser, pages: Sequence[str], settings: CrawlSpec,
                              cfg: PrivacyConfig, context_args: dict[str, Any]) -> Discovery:
    """discover() with fetches made by `browser` (host map and TLS settings of the visits)."""
    fetcher = PageFetcher(browser, origin_of(pages[0]), cfg, context_args) if pages else None
    try:
        fetch: Fetch = fetcher if fetcher is not None else _nothing
        return await discover(pages, settings, fetch)
    finally:
        if fetcher is not None:
            await fetcher.close()


async def _nothing(urls: Sequence[str]) -> list[Fetched]:
    return [Fetched(url, error="nothing to fetch") for url in urls]
