"""More pages: the same-site pages that links from the spec's pages lead to (breadth first)
and the pages a sitemap (or sitemap index) lists, found at collection.

No pytest and no browser here: `discover` is given an async `fetch` (the browser stage
supplies one that goes through the browser's own network stack, browser/fetch.py) and returns
paths in a deterministic order: the spec's pages, then the crawl's by depth and document
order, then the sitemap's in its order; one per path, HTML only, same origin only, never a
link that logs out or deletes, robots.txt `Disallow` respected unless told otherwise, at most
`limit` pages and `seconds` of fetching."""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

from pytest_privacy.errors import PrivacyError
from pytest_privacy.spec.model import CrawlSpec

ROBOTS_AGENT = "pytest-privacy"
BATCH = 4  # fetches under way at once
# A link whose path, query or text holds one of these is never followed: it may end the
# session or change the account (GET /logout, /account/delete, "Unsubscribe").
DANGEROUS = ("logout", "log-out", "log_out", "log out", "signout", "sign-out", "sign_out",
             "sign out", "logoff", "log-off", "log off", "delete", "remove", "unsubscribe",
             "deactivate", "destroy", "cancel-account", "close-account", "revoke")
NOT_PAGES = (".pdf", ".zip", ".gz", ".tgz", ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg",
             ".ico", ".mp3", ".mp4", ".webm", ".avi", ".mov", ".css", ".js", ".json", ".xml",
             ".txt", ".csv", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".dmg", ".exe",
             ".woff", ".woff2", ".ttf", ".rss", ".atom")
REDIRECTED = "redirects to another site"  # a Fetched.error: the answer left the origin
MAX_SITEMAPS = 50  # sitemap files read from one index (nested indexes included)


class DiscoveryError(PrivacyError):
    """The site could not be reached (or answered nothing usable) at collection."""


@dataclass(frozen=True)
class Fetched:
    """One fetch: what the browser got for `url`."""

    url: str
    final_url: str = ""  # after redirects
    status: int = 0
    content_type: str = ""
    text: str = ""  # the body, for HTML, XML and plain text
    error: str | None = None  # a network error: nothing was answered


Fetch = Callable[[Sequence[str]], Awaitable[list[Fetched]]]


@dataclass
class Discovery:
    """The pages found (paths, or URLs for pages on another origin) and what was left out."""

    pages: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # why something was skipped or stopped


def page_of(url: str, origin: str) -> str:
    """The page as an item id shows it: the path on the site's origin, the URL elsewhere."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != origin:
        return url.split("#", 1)[0]
    return parts.path or "/"


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def dangerous(url: str, text: str = "") -> str | None:
    """The word that makes a link one never followed, if any."""
    parts = urlsplit(url)
    haystack = " ".join((unquote(parts.path), unquote(parts.query), text)).lower()
    return next((word for word in DANGEROUS if word in haystack), None)


class _Links(HTMLParser):
    """<a href> and <area href> with their text, resolved against <base href>."""

    def __init__(self, url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base = url
        self.links: list[tuple[str, str]] = []
        self._open: list[list[str]] = []  # href, text parts of the <a> being read

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "base" and values.get("href"):
            self.base = urljoin(self.base, values["href"])
        elif tag in ("a", "area") and "href" in values and "download" not in values:
            if tag == "area":
                self.links.append((values["href"], values.get("alt", "")))
            else:
                self._open.append([values["href"], values.get("title", ""),
                                   values.get("aria-label", "")])

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[-1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open:
            href, *text = self._open.pop()
            self.links.append((href, " ".join(" ".join(text).split())))


def links_of(html: str, url: str) -> list[tuple[str, str]]:
    """The absolute http(s) links of a page, without fragments, in document order, with text."""
    parser = _Links(url)
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):  # a page broken beyond what html.parser forgives
        pass
    out = []
    for href, text in parser.links:
        absolute = urljoin(parser.base, href.strip()).split("#", 1)[0]
        if absolute.startswith(("http://", "https://")):
            out.append((absolute, text))
    return out


def sitemap_locations(xml: str) -> tuple[list[str], list[str]]:
    """(pages, nested sitemaps) listed by a sitemap or a sitemap index."""
    try:
        root = ET.fromstring(xml.encode("utf-8"))
    except ET.ParseError as exc:
        raise ValueError(f"not a sitemap ({exc})") from None
    kind = root.tag.rsplit("}", 1)[-1]
    locations = [(element.text or "").strip() for element in root.iter()
                 if element.tag.rsplit("}", 1)[-1] == "loc"]
    locations = [loc for loc in locations if loc]
    if kind == "sitemapindex":
        return [], locations
    if kind == "urlset":
        return locations, []
    raise ValueError(f"not a sitemap (its root element is <{kind}>, not <urlset> or "
                     "<sitemapindex>)")


class Robots:
    """robots.txt as search engines read it (RFC 9309): the group of the most specific
    user-agent that matches ours, else `*`; `Allow`/`Disallow` paths with `*` and a closing
    `$`; the longest matching rule wins, `Allow` on a tie."""

    def __init__(self, text: str, agent: str = ROBOTS_AGENT) -> None:
        groups: list[tuple[list[str], list[tuple[bool, str]]]] = []
        agents: list[str] = []
        rules: list[tuple[bool, str]] = []
        for raw in text.splitlines():
            line = raw.split("#", 1)[0].strip()
            if ":" not in line:
                continue
            field_name, value = (part.strip() for part in line.split(":", 1))
            field_name = field_name.lower()
            if field_name == "user-agent":
                if rules:  # a new group starts
                    groups.append((agents, rules))
                    agents, rules = [], []
                agents.append(value.lower())
            elif field_name in ("allow", "disallow") and agents:
                if value:
                    rules.append((field_name == "allow", value))
        if agents:
            groups.append((agents, rules))
        name = agent.lower()
        mine = [r for names, r in groups if any(a != "*" and a in name for a in names)]
        anyone = [r for names, r in groups if "*" in names]
        self.rules = [rule for group in (mine or anyone) for rule in group]

    @staticmethod
    def _pattern(path: str) -> re.Pattern[str]:
        anchored = path.endswith("$")
        body = ".*".join(re.escape(part) for part in path.rstrip("$").split("*"))
        return re.compile(body + ("$" if anchored else ""))

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        best: tuple[int, bool] | None = None
        for allow, path in self.rules:
            if self._pattern(path).match(target) or self._pattern(path).match(unquote(target)):
                rank = (len(path), allow)
                if best is None or rank > best:
                    best = rank
        return best is None or best[1]


def is_html(fetched: Fetched) -> bool:
    return "html" in fetched.content_type.lower()


class _Crawl:
    def __init__(self, origin: str, settings: CrawlSpec, fetch: Fetch,
                 clock: Callable[[], float]) -> None:
        self.origin = origin
        self.settings = settings
        self.fetch = fetch
        self.clock = clock
        self.deadline = clock() + settings.seconds
        self.robots: Robots | None = None
        self.found: Discovery = Discovery()
        self.seen: set[str] = set()

    def out_of_time(self) -> bool:
        if self.clock() < self.deadline:
            return False
        note = (f"stopped after {self.settings.seconds:g} s with {len(self.found.pages)} pages "
                "(site.crawl.seconds)")
        if note not in self.found.notes:
            self.found.notes.append(note)
        return True

    def full(self) -> bool:
        return len(self.found.pages) >= self.settings.limit

    def allowed(self, url: str, text: str = "") -> bool:
        """Whether a discovered URL may become a page (before fetching it)."""
        if origin_of(url) != self.origin:
            return False
        page = page_of(url, self.origin)
        if page in self.seen:
            return False
        word = dangerous(url, text)
        if word:
            self.seen.add(page)
            self.found.notes.append(f"not followed: {page} ('{word}')")
            return False
        if page.lower().endswith(NOT_PAGES):
            self.seen.add(page)
            return False
        if self.robots is not None and not self.robots.allowed(url):
            self.seen.add(page)
            self.found.notes.append(f"disallowed by robots.txt: {page}")
            return False
        return True

    async def read_robots(self) -> None:
        [robots] = await self.fetch([self.origin + "/robots.txt"])
        if robots.error is not None:
            raise DiscoveryError(f"{self.origin} cannot be reached to discover pages "
                                 f"({robots.error}); check the base URL and that the site is "
                                 "up, or list the pages in site.pages without site.crawl.")
        # no robots.txt (404), or one we cannot read: nothing is disallowed
        self.robots = Robots(robots.text if 200 <= robots.status < 300 else "")

    async def keep(self, candidates: list[tuple[str, str]]) -> list[tuple[str, Fetched]]:
        """Fetch the candidates (in batches, in order) and add the HTML pages that stay on
        the site; returns them with what was fetched, in order."""
        kept: list[tuple[str, Fetched]] = []
        for start in range(0, len(candidates), BATCH):
            if self.full() or self.out_of_time():
                break
            batch = [url for url, _ in candidates[start:start + BATCH]]
            for url, fetched in zip(batch, await self.fetch(batch), strict=True):
                page = page_of(url, self.origin)
                self.seen.add(page)
                if fetched.error is not None or fetched.status >= 400:
                    self.found.notes.append(f"skipped {page}: "
                                            f"{fetched.error or f'status {fetched.status}'}")
                    continue
                if fetched.final_url and origin_of(fetched.final_url) != self.origin:
                    self.found.notes.append(f"skipped {page}: it leads to another site")
                    continue
                if not is_html(fetched):
                    continue
                landed = page_of(fetched.final_url or url, self.origin)
                if landed != page and landed in self.seen:
                    continue  # a redirect to a page already seen
                if not self.full():
                    self.seen.add(landed)
                    self.found.pages.append(page)
                    kept.append((url, fetched))
        return kept

    async def links(self, start: list[tuple[str, Fetched]]) -> None:
        """Breadth first from the start pages, `depth` links deep."""
        level = start
        for _ in range(self.settings.depth):
            candidates: list[tuple[str, str]] = []
            queued: set[str] = set()
            for url, fetched in level:
                for link, text in links_of(fetched.text, fetched.final_url or url):
                    page = page_of(link, self.origin)
                    if page not in queued and self.allowed(link, text):
                        queued.add(page)
                        candidates.append((link, text))
            if not candidates or self.full() or self.out_of_time():
                return
            level = await self.keep(candidates)

    async def sitemap(self, location: str) -> None:
        """The pages of a sitemap, following a sitemap index (nested ones too)."""
        queue, read = [urljoin(self.origin + "/", location)], 0
        while queue and not self.full() and not self.out_of_time():
            url = queue.pop(0)
            read += 1
            if read > MAX_SITEMAPS:
                self.found.notes.append(f"sitemap: read only {MAX_SITEMAPS} sitemap files")
                return
            if origin_of(url) != self.origin:
                self.found.notes.append(f"sitemap: skipped {url} (another site)")
                continue
            [fetched] = await self.fetch([url])
            if fetched.error is not None or fetched.status >= 400:
                raise DiscoveryError(f"the sitemap {url} could not be read "
                                     f"({fetched.error or f'status {fetched.status}'}); fix "
                                     "site.sitemap or remove it.")
            try:
                pages, nested = sitemap_locations(fetched.text)
            except ValueError as exc:
                raise DiscoveryError(f"the sitemap {url} is {exc}; point site.sitemap at a "
                                     "sitemap or a sitemap index (XML, not gzipped).") from None
            queue.extend(nested)
            candidates: list[tuple[str, str]] = []
            elsewhere = sum(1 for page_url in pages if origin_of(page_url) != self.origin)
            if elsewhere:
                self.found.notes.append(f"sitemap {url}: {elsewhere} pages on another origin "
                                        "left out")
            for page_url in pages:
                if origin_of(page_url) != self.origin:
                    continue
                page = page_of(page_url, self.origin)
                if self.allowed(page_url) and page not in {p for p, _ in candidates}:
                    candidates.append((self.origin + page, ""))
            await self.keep(candidates)


async def discover(pages: Sequence[str], settings: CrawlSpec, fetch: Fetch,
                   clock: Callable[[], float] = time.monotonic) -> Discovery:
    """The spec's `pages` (absolute URLs) and the pages found from them.

    The crawl stays on the origin of the first page. Raises DiscoveryError when the site
    cannot be reached, or none of the spec's pages answers."""
    if not pages:
        raise DiscoveryError("site.crawl and site.sitemap start from site.pages; list at "
                             "least one page there, e.g. pages: [/].")
    origin = origin_of(pages[0])
    crawl = _Crawl(origin, settings, fetch, clock)
    if settings.robots:
        await crawl.read_robots()
    for url in pages:  # the spec's own pages are always checked, whatever robots.txt says
        page = page_of(url, origin)
        crawl.seen.add(page)
        crawl.found.pages.append(page)
    starts = [url for url in pages if origin_of(url) == origin]
    fetched = await fetch(starts)
    answered = [(url, f) for url, f in zip(starts, fetched, strict=True)
                if f.error is None and f.status < 400]
    if not answered:
        first = fetched[0]
        if first.error == REDIRECTED:
            raise DiscoveryError(f"{starts[0]} redirects to another origin; make the address "
                                 "it lands on the base URL to discover its pages.")
        why = first.error or f"status {first.status}"
        raise DiscoveryError(f"{starts[0]} cannot be reached to discover pages ({why}); "
                             "check the base URL and that the site is up, or list the pages "
                             "in site.pages without site.crawl.")
    for url, f in answered:
        if f.final_url and origin_of(f.final_url) != origin:
            raise DiscoveryError(f"{url} redirects to {f.final_url}, another site; make that "
                                 "site the base URL to discover its pages.")
        crawl.seen.add(page_of(f.final_url or url, origin))
    await crawl.links([(url, f) for url, f in answered if is_html(f)])
    if settings.sitemap:
        await crawl.sitemap(settings.sitemap)
    if crawl.full():
        crawl.found.notes.append(f"stopped at the limit of {settings.limit} pages "
                                 "(site.crawl.limit)")
    return crawl.found
