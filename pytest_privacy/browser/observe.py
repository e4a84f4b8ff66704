"""What a visit reads from the page once it is quiet: cookies (with what set each), storage,
links, text and facts, and what check kinds asked for. The page-side JavaScript is in the
.js files beside this module."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from playwright.async_api import BrowserContext, Page
from playwright.async_api import Error as PlaywrightError

from pytest_privacy.botwall import looks_blocked
from pytest_privacy.browser.recorder import Recorder
from pytest_privacy.classify.party import domain_matches, host_of
from pytest_privacy.errors import first_line
from pytest_privacy.evidence import CookieRecord, Evidence, LinkRecord, ProbeRecord, StorageRecord
from pytest_privacy.needs import Needs
from pytest_privacy.packagedata import read_text
from pytest_privacy.textmatch import normalise, scope_selector

MAX_TEXT = 1_000_000
MAX_STORAGE = 5000  # storage records per phase, over all frames
# Fetches a URL outside the visit (the harness's own traffic, never the page's).
Probe = Callable[[str], Awaitable[ProbeRecord]]
LINKS = read_text("pytest_privacy.browser", "links.js")
STORAGE = read_text("pytest_privacy.browser", "storage.js")
PAGE_FACTS = read_text("pytest_privacy.browser", "page_facts.js")


async def _script_writers(page: Page) -> dict[str, tuple[str, float]]:
    """Cookie name -> (script URL, epoch ms) of the first script that wrote it, in any frame."""
    out: dict[str, tuple[str, float]] = {}
    for frame in page.frames:
        try:
            writes = await frame.evaluate("() => window.__privacyCookieWrites || []")
        except PlaywrightError:
            continue
        for write in writes:
            if write.get("script") and write["name"] not in out:
                out[write["name"]] = (write["script"], float(write["t"]))
    return out


async def _response_setters(recorder: Recorder, name: str,
                            domain: str) -> tuple[str, float] | None:
    """The first response whose Set-Cookie sent `name`, from a host the cookie belongs to."""
    for response, at_ms in recorder.responses:
        host = host_of(response.url)
        if not (domain_matches(host, domain) or domain_matches(domain, host)):
            continue
        if name in await recorder.cookie_names_set_by(response):
            return response.url, at_ms
    return None


async def cookies(context: BrowserContext, page: Page, recorder: Recorder,
                   known: dict[tuple[str, str, str, str], CookieRecord],
                   epoch_start: float) -> None:
    writers = await _script_writers(page)
    jar = await context.cookies()
    if any(raw["name"] not in writers for raw in jar):
        # who sent a cookie is read from Set-Cookie headers: one round trip per response,
        # made all at once rather than one cookie after another
        await asyncio.gather(*(recorder.cookie_names_set_by(response)
                               for response, _ in recorder.responses
                               if id(response) not in recorder.set_cookie_names))
    for raw in jar:
        key = (raw["name"], raw["domain"], raw["path"], recorder.phase)
        if key in known:
            continue
        record = CookieRecord(
            name=raw["name"], domain=raw["domain"], path=raw["path"], value=raw["value"],
            secure=raw["secure"], http_only=raw["httpOnly"], same_site=raw["sameSite"],
            expires=raw["expires"], phase=recorder.phase, seen_ms=recorder.ms())
        if raw["name"] in writers:
            record.set_by, at = writers[raw["name"]]
            record.set_by_kind = "script"
            record.seen_ms = round(at - epoch_start, 1)
        else:
            found = await _response_setters(recorder, raw["name"], raw["domain"])
            if found:
                record.set_by, record.seen_ms = found
                record.set_by_kind = "response"
        known[key] = record


async def storage(page: Page, phase: str) -> list[StorageRecord]:
    seen: dict[tuple[str, str, str], StorageRecord] = {}
    for frame in page.frames:
        try:
            data = await frame.evaluate(STORAGE)
        except PlaywrightError:
            continue
        for kind in ("local", "session"):
            for key, value in data[kind]:
                if len(seen) >= MAX_STORAGE:
                    break
                seen.setdefault((kind, data["origin"], key), StorageRecord(
                    kind, data["origin"], key, value, phase,
                    set_by=data["writers"].get(f"{kind}:{key}")))
    return list(seen.values())


async def links(page: Page, scopes: frozenset[str], evidence: Evidence) -> None:
    pairs = [[s, scope_selector(s)] for s in sorted(scopes) if scope_selector(s)]
    data = await page.main_frame.evaluate(LINKS, pairs)
    evidence.links = [LinkRecord(text=link["text"], href=link["href"], scopes=link["scopes"])
                      for link in data["links"]]
    evidence.problems.update(data["problems"])


async def page_facts(page: Page, evidence: Evidence) -> None:
    """Title, text and the size of the DOM: what the bot-wall heuristic looks at."""
    evidence.final_url = page.url
    evidence.title = (await page.title())[:1000]
    facts = await page.main_frame.evaluate(PAGE_FACTS)
    evidence.text = facts["text"][:MAX_TEXT]
    evidence.dom_elements = int(facts["elements"])
    evidence.blocked = looks_blocked(evidence.title, evidence.text, str(facts["html"]),
                                     evidence.dom_elements, evidence.status)


async def page_scripts(page: Page, needs: Needs, evidence: Evidence) -> None:
    """What check kinds asked the page for (Needs.page_scripts), in the main frame."""
    for name, source in needs.page_scripts:
        try:
            evidence.facts[name] = await page.main_frame.evaluate(source)
        except PlaywrightError as exc:
            evidence.problems[f"script:{name}"] = first_line(exc)


async def probe_links(evidence: Evidence, needs: Needs, probe: Probe) -> None:
    wanted = {(scope, normalise(text)) for scope, text in needs.probe_links}
    for link in evidence.links:
        name = normalise(link.text)
        if any(name == text and (scope == "page" or scope in link.scopes)
               for scope, text in wanted):
            record = await probe(link.href)
            link.status, link.probe_error = record.status, record.error
