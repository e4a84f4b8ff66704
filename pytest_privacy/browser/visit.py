"""One visit: a fresh context, the signals, navigation, consent, settle -> Evidence."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.async_api import Browser, BrowserContext, CDPSession, Page, Request, Response
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from pytest_privacy.botwall import looks_blocked
from pytest_privacy.browser.cookie_policy import restrict_page
from pytest_privacy.browser.sdks import record_sdks
from pytest_privacy.browser.signals import read_navigator, read_signals
from pytest_privacy.classify.party import domain_matches, host_of, registrable_domain
from pytest_privacy.consent.base import Adapter
from pytest_privacy.consent.operate import (
    categories,
    observe_banner,
    perform_consent,
    read_state,
)
from pytest_privacy.errors import InconclusiveError, VisitError, first_line
from pytest_privacy.evidence import (
    CookieRecord,
    Evidence,
    LinkRecord,
    ProbeRecord,
    RequestRecord,
    StorageRecord,
)
from pytest_privacy.needs import Needs
from pytest_privacy.packagedata import read_text
from pytest_privacy.settings import PrivacyConfig
from pytest_privacy.spec.model import ConsentConfig, State
from pytest_privacy.textmatch import normalise, scope_selector

MAX_TEXT = 1_000_000
# Fetches a URL outside the visit (the harness's own traffic, never the page's).
Probe = Callable[[str], Awaitable[ProbeRecord]]
MAX_REQUESTS = 20_000
BUSY_S = 15.0  # a page whose script does not yield for this long cannot be observed
MAX_URL = 4096  # a URL is kept to its first 4 KiB (hosts and paths, not megabytes of query)
MAX_STORAGE = 5000  # storage records per phase, over all frames

_HOOKS = read_text("pytest_privacy.browser", "hooks.js")

GPC_SCRIPT = """
Object.defineProperty(Navigator.prototype, 'globalPrivacyControl',
  {get: () => true, configurable: true, enumerable: true});
"""
DNT_SCRIPT = """
Object.defineProperty(Navigator.prototype, 'doNotTrack',
  {get: () => '1', configurable: true, enumerable: true});
"""

LINKS_SCRIPT = """
(scopes) => {
  const problems = {};
  const links = [];
  for (const a of document.querySelectorAll('a[href]')) {
    const text = (a.innerText || a.getAttribute('aria-label') || a.getAttribute('title') ||
                  (a.querySelector('img[alt]') || {}).alt || '').trim();
    const inside = [];
    for (const [name, selector] of scopes) {
      if (problems[name]) continue;
      try { if (a.closest(selector)) inside.push(name); }
      catch (e) { problems[name] = `'${name}' is not a valid CSS selector: ${e.message}`; }
    }
    links.push({text: text.slice(0, 500), href: a.href.slice(0, 2048), scopes: inside});
    if (links.length >= 5000) break;
  }
  return {links, problems};
}
"""

STORAGE_SCRIPT = """
() => {
  const out = {origin: location.origin, local: [], session: [], writers: {}};
  for (const w of (window.__privacyStorageWrites || [])) {
    const id = w.kind + ':' + w.key;
    if (w.script && !(id in out.writers)) out.writers[id] = w.script;
  }
  const cap = (v) => String(v).slice(0, 4096);  // giant values are not kept whole
  try { for (let i = 0; i < localStorage.length && i < 2000; i++) {
    const k = localStorage.key(i);
    out.local.push([k.slice(0, 256), cap(localStorage.getItem(k))]); } }
  catch (e) {}
  try { for (let i = 0; i < sessionStorage.length && i < 2000; i++) {
    const k = sessionStorage.key(i);
    out.session.push([k.slice(0, 256), cap(sessionStorage.getItem(k))]); } }
  catch (e) {}
  return out;
}
"""


PAGE_FACTS_SCRIPT = """
() => {
  const body = document.body;
  return {
    text: body ? body.innerText.slice(0, 1000000) : '',  // MAX_TEXT
    elements: body ? body.getElementsByTagName('*').length : 0,
    html: (document.documentElement ? document.documentElement.outerHTML : '').slice(0, 200000),
  };
}
"""


@dataclass(frozen=True)
class VisitKey:
    """What makes two items share a visit: the page, the state and how consent is given."""

    url: str
    state: State
    consent: ConsentConfig
    entry: str | None = None  # consent is given on this page first, then `url` is visited
    follow_redirects: bool = False  # check where a redirect to another site lands


@dataclass
class Artifacts:
    """Files a visit writes beside its evidence, and the screenshot kept for the HTML report."""

    directory: Path | None = None  # screenshot.png, trace.zip go here (--output)
    har: Path | None = None  # the visit's HAR (--privacy-evidence)
    screenshot: bool = False  # take one at the end of the visit (or when it fails)
    full_page: bool = False  # the screenshot of the whole page (--full-page-screenshot)
    tracing: bool = False
    paths: dict[str, str] = field(default_factory=dict)  # kind -> path written
    png: bytes | None = None


class VisitFailed(VisitError):
    """A visit error that still left artifacts (screenshot, trace) to look at."""

    def __init__(self, error: VisitError, artifacts: Artifacts) -> None:
        super().__init__(str(error))
        self.error = error  # what went wrong, with its type (InconclusiveError, ...)
        self.artifacts = artifacts


class _Recorder:
    """Listens to the context's network while a visit runs."""

    def __init__(self, started: float) -> None:
        self.started = started
        self.phase = "initial"
        self.inflight: set[int] = set()
        self.last_activity = time.monotonic()
        self.requests: dict[int, RequestRecord] = {}
        self.responses: list[tuple[Response, float]] = []
        self.console_errors: list[str] = []
        self.set_cookie_names: dict[int, set[str]] = {}  # per response, fetched on demand
        self.crashed = False

    async def cookie_names_set_by(self, response: Response) -> set[str]:
        """Names of the cookies a response's Set-Cookie headers sent (one round trip, once)."""
        key = id(response)
        if key not in self.set_cookie_names:
            names: set[str] = set()
            try:
                for value in await response.header_values("set-cookie"):
                    for line in value.split("\n"):
                        names.add(line.split(";")[0].split("=")[0].strip())
            except PlaywrightError:
                pass
            self.set_cookie_names[key] = names
        return self.set_cookie_names[key]

    def ms(self) -> float:
        return round((time.monotonic() - self.started) * 1000, 1)

    def on_request(self, request: Request) -> None:
        self.last_activity = time.monotonic()
        if len(self.requests) >= MAX_REQUESTS:
            return
        self.inflight.add(id(request))
        try:
            frame_url = request.frame.url
        except PlaywrightError:
            frame_url = ""  # service worker requests have no frame
        frame_url = frame_url[:MAX_URL]
        self.requests[id(request)] = RequestRecord(
            url=request.url[:MAX_URL], method=request.method,
            resource_type=request.resource_type, frame_url=frame_url, phase=self.phase,
            time_ms=self.ms(), initiator=frame_url or None)

    def on_response(self, response: Response) -> None:
        self.last_activity = time.monotonic()
        record = self.requests.get(id(response.request))
        if record is not None:
            record.status = response.status
        if len(self.responses) < MAX_REQUESTS:
            self.responses.append((response, self.ms()))

    def on_done(self, request: Request) -> None:
        self.last_activity = time.monotonic()
        self.inflight.discard(id(request))

    def on_failed(self, request: Request) -> None:
        self.on_done(request)
        record = self.requests.get(id(request))
        if record is not None:
            record.failure = request.failure

    def on_console(self, message: Any) -> None:
        if message.type == "error" and len(self.console_errors) < 200:
            self.console_errors.append(message.text[:500])

    def on_crash(self, page: Page) -> None:
        self.crashed = True


def _crash_error(url: str) -> VisitError:
    return VisitError(f"the page {url} crashed the browser's renderer (out of memory, or a "
                      "browser bug); nothing it did can be judged. Open it headed "
                      "(--headed) or keep a trace (--tracing retain-on-failure) to see why.")


def _navigation_error(url: str, exc: PlaywrightError, cfg: PrivacyConfig,
                      recorder: _Recorder) -> VisitError:
    text = str(exc)
    if recorder.crashed or "crashed" in text.lower():
        return _crash_error(url)
    if isinstance(exc, PlaywrightTimeoutError):
        return VisitError(f"{url} did not load within {cfg.timeout_ms} ms; raise "
                          "--privacy-timeout if the site is slow.")
    if "ERR_CERT" in text or "SSL" in text:
        code = next((w for w in text.split() if w.startswith("net::ERR_")), "a TLS error")
        return VisitError(f"{url} failed with {code}: the certificate is not trusted; for a "
                          "staging site run with --privacy-ignore-https-errors.")
    if "ERR_NAME_NOT_RESOLVED" in text:
        return VisitError(f"{url}: the host name does not resolve (net::ERR_NAME_NOT_RESOLVED); "
                          "check the URL or map it with --privacy-host-map.")
    if "ERR_CONNECTION_REFUSED" in text:
        return VisitError(f"{url}: connection refused (net::ERR_CONNECTION_REFUSED); is the "
                          "server running, and is --base-url right?")
    if "ERR_TOO_MANY_REDIRECTS" in text:
        return VisitError(f"{url}: redirect loop (net::ERR_TOO_MANY_REDIRECTS).")
    return VisitError(f"{url} could not be loaded: {first_line(exc)}")


async def _navigate(page: Page, url: str, recorder: _Recorder, cfg: PrivacyConfig,
                    follow_redirects: bool = False) -> Response | None:
    try:
        response = await page.goto(url, wait_until="load", timeout=cfg.timeout_ms)
    except PlaywrightError as exc:
        raise _navigation_error(url, exc, cfg, recorder) from None
    landed = page.url
    if not follow_redirects and landed.startswith(("http://", "https://")) and \
            registrable_domain(host_of(landed)) != registrable_domain(host_of(url)):
        raise VisitError(f"{url} redirected to another site, {landed}; checks about {url} would "
                         "judge someone else's page. Set 'site.follow_redirects: true' to check "
                         "where it lands.")
    if response is None:
        return None
    if response.status >= 400:
        # a bot challenge answers 403 or 503 as often as 200: the page says more than the status
        reason = await _blocked(page, response.status)
        if reason:
            raise InconclusiveError(reason)
        raise VisitError(f"{url} answered HTTP {response.status} {response.status_text}; "
                         "the page itself must load for its checks to mean anything.")
    return response


async def _blocked(page: Page, status: int | None) -> str | None:
    try:
        title = await page.title()
        facts = await page.main_frame.evaluate(PAGE_FACTS_SCRIPT)
    except PlaywrightError:
        return None
    return looks_blocked(title, str(facts["text"]), str(facts["html"]), int(facts["elements"]),
                         status)


async def _next_timer(page: Page, horizon_ms: int) -> float | None:
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


async def _settle(page: Page, recorder: _Recorder, cfg: PrivacyConfig) -> bool:
    """Wait until the page is quiet, at most settle_cap_ms; False when the cap ended the wait.

    Quiet: no request in flight for settle_ms, and no one-off timer pending that the page set
    to fire within settle_timers_ms after load (a tracker started by setTimeout after load
    makes no network noise until it fires)."""
    quiet = cfg.settle_ms / 1000
    deadline = time.monotonic() + cfg.settle_cap_ms / 1000
    step = min(0.05, max(0.01, cfg.settle_ms / 5000))
    while True:
        if recorder.crashed:
            raise _crash_error(page.url)
        now = time.monotonic()
        if not recorder.inflight and now - recorder.last_activity >= quiet:
            pending = await _next_timer(page, cfg.settle_timers_ms) \
                if cfg.settle_timers_ms else None
            if pending is None:
                return True
        if now >= deadline:
            return False
        await asyncio.sleep(step)


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


async def _response_setters(recorder: _Recorder, name: str,
                            domain: str) -> tuple[str, float] | None:
    """The first response whose Set-Cookie sent `name`, from a host the cookie belongs to."""
    for response, at_ms in recorder.responses:
        host = host_of(response.url)
        if not (domain_matches(host, domain) or domain_matches(domain, host)):
            continue
        if name in await recorder.cookie_names_set_by(response):
            return response.url, at_ms
    return None


async def _cookies(context: BrowserContext, page: Page, recorder: _Recorder,
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


async def _storage(page: Page, phase: str) -> list[StorageRecord]:
    seen: dict[tuple[str, str, str], StorageRecord] = {}
    for frame in page.frames:
        try:
            data = await frame.evaluate(STORAGE_SCRIPT)
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


async def _links(page: Page, scopes: frozenset[str], evidence: Evidence) -> None:
    pairs = [[s, scope_selector(s)] for s in sorted(scopes) if scope_selector(s)]
    data = await page.main_frame.evaluate(LINKS_SCRIPT, pairs)
    evidence.links = [LinkRecord(text=link["text"], href=link["href"], scopes=link["scopes"])
                      for link in data["links"]]
    evidence.problems.update(data["problems"])


async def _apply_signals(context: BrowserContext, state: State) -> None:
    headers = {}
    if state.gpc:
        headers["Sec-GPC"] = "1"
        await context.add_init_script(GPC_SCRIPT)
    if state.dnt:
        headers["DNT"] = "1"
        await context.add_init_script(DNT_SCRIPT)
    if headers:
        await context.set_extra_http_headers(headers)


async def _page_facts(page: Page, evidence: Evidence) -> None:
    """Title, text and the size of the DOM: what the bot-wall heuristic looks at."""
    evidence.final_url = page.url
    evidence.title = (await page.title())[:1000]
    facts = await page.main_frame.evaluate(PAGE_FACTS_SCRIPT)
    evidence.text = facts["text"][:MAX_TEXT]
    evidence.dom_elements = int(facts["elements"])
    evidence.blocked = looks_blocked(evidence.title, evidence.text, str(facts["html"]),
                                     evidence.dom_elements, evidence.status)


async def run_visit(browser: Browser, key: VisitKey, needs: Needs, cfg: PrivacyConfig,
                    probe: Probe, artifacts: Artifacts | None = None,
                    restrict_pages: bool = False,
                    context_args: dict[str, Any] | None = None,
                    adapters: tuple[Adapter, ...] = ()) -> Evidence:
    """Visit `key.url` in a fresh context in `key.state` and record the evidence.

    `probe(url)` fetches a link outside this visit's context. Files asked for in `artifacts`
    (HAR, trace, screenshot) are written even when the visit fails: raises VisitFailed then.
    `restrict_pages`: block third-party cookies on the page itself (a headless shell).
    `context_args`: arguments of the browser context (default: base_context_args(cfg));
    `adapters`: consent-manager adapters that plugins add."""
    artifacts = artifacts or Artifacts()
    started = time.monotonic()
    epoch_start = time.time() * 1000
    recorder = _Recorder(started)
    evidence = Evidence(url=key.url, state=key.state.label,
                        cookie_policy=f"{cfg.third_party_cookies}-third-party")
    options = dict(context_args if context_args is not None else base_context_args(cfg))
    if artifacts.har is not None:
        artifacts.har.parent.mkdir(parents=True, exist_ok=True)
        options.update(record_har_path=str(artifacts.har), record_har_content="omit")
    context = await browser.new_context(**options)
    page: Page | None = None
    _controls: CDPSession | None = None  # held (attached) for the whole visit
    failure: VisitError | None = None
    try:
        if artifacts.tracing:
            await context.tracing.start(screenshots=True, snapshots=True, sources=False)
        await context.add_init_script(_HOOKS)
        await _apply_signals(context, key.state)
        context.on("request", recorder.on_request)
        context.on("response", recorder.on_response)
        context.on("requestfinished", recorder.on_done)
        context.on("requestfailed", recorder.on_failed)
        context.on("console", recorder.on_console)
        try:
            page = await context.new_page()
        except PlaywrightError as exc:
            if "ffmpeg" in str(exc) and "record_video_dir" in options:
                raise VisitError("--video needs Playwright's ffmpeg, which is not installed: "
                                 "run 'python -m playwright install ffmpeg', or drop --video."
                                 ) from None
            raise
        _controls = await restrict_page(context, page) if restrict_pages else None
        page.on("crash", recorder.on_crash)
        page.set_default_timeout(cfg.timeout_ms)
        budget = (2 * cfg.timeout_ms + 2 * cfg.settle_cap_ms + 3 * cfg.banner_timeout_ms
                  + 30_000) / 1000
        try:
            await asyncio.wait_for(_visit_page(context, page, key, needs, cfg, recorder,
                                               evidence, epoch_start, adapters), budget)
        except asyncio.TimeoutError:
            raise VisitError(f"the visit of {key.url} did not finish within {budget:.0f} s "
                             "(its navigations, settles and banner waits together); the page "
                             "or the browser is stuck.") from None
        if cfg.pause:
            await page.pause()
    except VisitError as exc:
        failure = exc
    except PlaywrightError as exc:
        failure = _crash_error(key.url) if recorder.crashed else VisitError(
            f"the browser failed during the visit of {key.url}: {first_line(exc)}")
    finally:
        await _finish(context, page, artifacts, recorder)
    evidence.artifacts = dict(artifacts.paths)
    if failure is not None:
        raise VisitFailed(failure, artifacts) from None
    await _probe_links(evidence, needs, probe)
    parts = urlsplit(evidence.final_url or key.url)
    for path in sorted(needs.probes):
        evidence.probes[path] = await probe(f"{parts.scheme}://{parts.netloc}{path}")
    return evidence


def base_context_args(cfg: PrivacyConfig) -> dict[str, Any]:
    """The browser context of every visit, before plugins adjust it."""
    return {"ignore_https_errors": cfg.ignore_https_errors, "service_workers": "allow"}


async def _visit_page(context: BrowserContext, page: Page, key: VisitKey, needs: Needs,
                      cfg: PrivacyConfig, recorder: _Recorder, evidence: Evidence,
                      epoch_start: float, adapters: tuple[Adapter, ...]) -> None:
    response = await _navigate(page, key.entry or key.url, recorder, cfg, key.follow_redirects)
    evidence.status = response.status if response else None
    evidence.settled = await _settle(page, recorder, cfg)
    evidence.timings["initial_ms"] = recorder.ms()
    cookies: dict[tuple[str, str, str, str], CookieRecord] = {}
    await _cookies(context, page, recorder, cookies, epoch_start)
    storage = await _storage(page, recorder.phase)
    if needs.banner:
        evidence.banner = await observe_banner(page, key.consent, cfg.banner_timeout_ms,
                                               adapters)
    if key.state.consent != "none":
        evidence.consent = await perform_consent(page, key.state.consent, key.consent,
                                                 recorder.started, cfg.banner_timeout_ms,
                                                 cfg.autoconsent, adapters)
        evidence.consent.page = page.url
        await _settle(page, recorder, cfg)
        recorder.phase = "after_consent"
        response = await _navigate(page, key.url, recorder, cfg, key.follow_redirects)
        evidence.status = response.status if response else None
        evidence.settled = await _settle(page, recorder, cfg) and evidence.settled
        await _cookies(context, page, recorder, cookies, epoch_start)
        storage += await _storage(page, recorder.phase)
    evidence.consent_state = await read_state(page, adapters)
    evidence.privacy_signals = await read_signals(page)
    evidence.navigator_signals = await read_navigator(page)
    evidence.consent_categories = categories(evidence.consent_state, adapters)
    await _page_facts(page, evidence)
    await _links(page, needs.link_scopes, evidence)
    await _page_scripts(page, needs, evidence)
    evidence.cookies = list(cookies.values())
    evidence.storage = storage
    evidence.requests = list(recorder.requests.values())
    evidence.sdks = await record_sdks(page, (r.url for r in evidence.requests))
    evidence.console_errors = recorder.console_errors
    evidence.timings["visit_ms"] = recorder.ms()


async def _finish(context: BrowserContext, page: Page | None, artifacts: Artifacts,
                  recorder: _Recorder) -> None:
    """Screenshot, trace and HAR (best effort: a crashed page has no screenshot), then close."""
    try:
        if artifacts.screenshot and page is not None and not recorder.crashed:
            try:
                artifacts.png = await page.screenshot(timeout=10_000,
                                                      full_page=artifacts.full_page)
            except PlaywrightError:
                artifacts.png = None
            if artifacts.png is not None and artifacts.directory is not None:
                artifacts.directory.mkdir(parents=True, exist_ok=True)
                path = artifacts.directory / "screenshot.png"
                path.write_bytes(artifacts.png)
                artifacts.paths["screenshot"] = str(path)
        if artifacts.tracing and artifacts.directory is not None:
            artifacts.directory.mkdir(parents=True, exist_ok=True)
            path = artifacts.directory / "trace.zip"
            try:
                await context.tracing.stop(path=str(path))
                artifacts.paths["trace"] = str(path)
            except PlaywrightError:
                pass
    finally:
        try:
            await context.close()  # writes the HAR
        except PlaywrightError:
            pass
    if artifacts.har is not None and artifacts.har.exists():
        artifacts.paths["har"] = str(artifacts.har)
    video = page.video if page is not None else None
    if video is not None:  # saved when the context closed
        try:
            path = Path(await video.path())
        except PlaywrightError:
            return
        if path.exists():
            artifacts.paths["video"] = str(path)


async def _page_scripts(page: Page, needs: Needs, evidence: Evidence) -> None:
    """What check kinds asked the page for (Needs.page_scripts), in the main frame."""
    for name, source in needs.page_scripts:
        try:
            evidence.facts[name] = await page.main_frame.evaluate(source)
        except PlaywrightError as exc:
            evidence.problems[f"script:{name}"] = first_line(exc)


async def _probe_links(evidence: Evidence, needs: Needs, probe: Probe) -> None:
    wanted = {(scope, normalise(text)) for scope, text in needs.probe_links}
    for link in evidence.links:
        name = normalise(link.text)
        if any(name == text and (scope == "page" or scope in link.scopes)
               for scope, text in wanted):
            record = await probe(link.href)
            link.status, link.probe_error = record.status, record.error
