"""One visit, as a script: a fresh context with the signals (and, in a consent state, the
state the banner's answer left: seed.py), navigation, settle, then what the page shows ->
Evidence; and the answer to the banner itself (give_consent). The recording, settling,
reading and artifacts live in the modules beside this one."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from playwright.async_api import Browser, BrowserContext, CDPSession, Page
from playwright.async_api import Error as PlaywrightError

from pytest_privacy.browser import fingerprint, observe
from pytest_privacy.browser.artifacts import Artifacts, finish
from pytest_privacy.browser.cookie_policy import restrict_page
from pytest_privacy.browser.interact import Interaction, read_automation
from pytest_privacy.browser.navigate import navigate
from pytest_privacy.browser.observe import Probe
from pytest_privacy.browser.recorder import Recorder, crash_error
from pytest_privacy.browser.sdks import record_sdks
from pytest_privacy.browser.seed import (
    MAX_SESSION_ITEMS,
    SESSION_STORAGE,
    ConsentSeed,
    session_items,
)
from pytest_privacy.browser.settle import settle
from pytest_privacy.browser.signals import apply_signals, read_navigator, read_signals
from pytest_privacy.consent.base import Adapter
from pytest_privacy.consent.operate import (
    categories,
    observe_banner,
    perform_consent,
    read_state,
)
from pytest_privacy.contextargs import ContextSettings
from pytest_privacy.contextargs import describe as describe_context
from pytest_privacy.errors import VisitError, first_line
from pytest_privacy.evidence import ConsentState, CookieRecord, Evidence, RequestRecord
from pytest_privacy.needs import Needs
from pytest_privacy.packagedata import read_text
from pytest_privacy.settings import PrivacyConfig
from pytest_privacy.spec.model import ConsentConfig, State

_HOOKS = read_text("pytest_privacy.browser", "hooks.js")

__all__ = ["Artifacts", "ConsentSeed", "Probe", "VisitFailed", "VisitKey", "base_context_args",
           "give_consent", "run_visit"]



@dataclass(frozen=True)
class VisitKey:
    """What makes two items share a visit: the page, the state and how consent is given."""

    url: str
    state: State
    consent: ConsentConfig
    entry: str | None = None  # consent is given on this page first, then `url` is visited
    follow_redirects: bool = False  # check where a redirect to another site lands
    context: ContextSettings = ContextSettings()  # the spec's `context:` (login, region, proxy)


class VisitFailed(VisitError):
    """A visit error that still left artifacts (screenshot, trace) to look at."""

    def __init__(self, error: VisitError, artifacts: Artifacts) -> None:
        super().__init__(str(error))
        self.error = error  # what went wrong, with its type (InconclusiveError, ...)
        self.artifacts = artifacts


async def run_visit(browser: Browser, key: VisitKey, needs: Needs, cfg: PrivacyConfig,
                    probe: Probe, artifacts: Artifacts | None = None,
                    restrict_pages: bool = False,
                    context_args: dict[str, Any] | None = None,
                    adapters: tuple[Adapter, ...] = (),
                    seed: ConsentSeed | None = None) -> Evidence:
    """Visit `key.url` in a fresh context in `key.state` and record the evidence.

    `probe(url)` fetches a link outside this visit's context. Files asked for in `artifacts`
    (HAR, trace, screenshot) are written even when the visit fails: raises VisitFailed then.
    `restrict_pages`: block third-party cookies on the page itself (a headless shell).
    `context_args`: arguments of the browser context (default: base_context_args(cfg, key));
    `adapters`: consent-manager adapters that plugins add. `seed`: the consent of this
    state, already given on the entry page (give_consent): the context starts from its
    state and loads `key.url` once; without one, a consent visit answers the banner itself."""
    artifacts = artifacts or Artifacts()
    # A seeded visit goes on where answering the banner ended: its clock includes that time.
    before = seed.elapsed_s if seed is not None else 0.0
    recorder = Recorder(time.monotonic() - before)
    epoch_start = time.time() * 1000 - before * 1000
    interaction = Interaction(recorder.started, epoch_start) if needs.interact else None
    evidence = Evidence(url=key.url, state=key.state.label,
                        cookie_policy=f"{cfg.third_party_cookies}-third-party")
    options = dict(context_args if context_args is not None else base_context_args(cfg, key))
    if seed is not None:
        options["storage_state"] = seed.storage_state
    evidence.context = describe_context(options)

    async def script(context: BrowserContext, page: Page) -> None:
        await _visit_page(context, page, key, needs, cfg, recorder, evidence, epoch_start,
                          adapters, seed)
        evidence.automation = {"mode": cfg.automation, **await read_automation(page)}
        if interaction is not None:  # last: the rest of the evidence is what came before
            evidence.interaction = await interaction.run(page)
            evidence.timings["interaction_ms"] = round(
                recorder.ms() - evidence.interaction.started_ms, 1)
        if cfg.pause:
            await page.pause()

    extra = seed.restore_script() if seed is not None else None
    await _in_context(browser, key, needs, cfg, options, recorder, artifacts, restrict_pages,
                      interaction, script, (extra,) if extra else ())
    evidence.artifacts = dict(artifacts.paths)
    await observe.probe_links(evidence, needs, probe)
    parts = urlsplit(evidence.final_url or key.url)
    for path in sorted(needs.probes):
        evidence.probes[path] = await probe(f"{parts.scheme}://{parts.netloc}{path}")
    return evidence


async def give_consent(browser: Browser, key: VisitKey, needs: Needs, cfg: PrivacyConfig,
                       artifacts: Artifacts | None = None, restrict_pages: bool = False,
                       context_args: dict[str, Any] | None = None,
                       adapters: tuple[Adapter, ...] = ()) -> ConsentSeed:
    """Answer the banner of `key.entry` (else `key.url`) in `key.state`, in a context of its
    own, and keep what it showed and left: the seed of every visit in that state.

    Raises VisitFailed (with the artifacts asked for) when the page or the banner fails."""
    artifacts = artifacts or Artifacts()
    recorder = Recorder(time.monotonic())
    epoch_start = time.time() * 1000
    options = dict(context_args if context_args is not None else base_context_args(cfg, key))
    seeds: list[ConsentSeed] = []

    async def script(context: BrowserContext, page: Page) -> None:
        seeds.append(await _answer_banner(context, page, key, needs, cfg, recorder,
                                          epoch_start, adapters))

    await _in_context(browser, key, needs, cfg, options, recorder, artifacts, restrict_pages,
                      None, script, ())
    return seeds[0]


async def _in_context(browser: Browser, key: VisitKey, needs: Needs, cfg: PrivacyConfig,
                      options: dict[str, Any], recorder: Recorder, artifacts: Artifacts,
                      restrict_pages: bool, interaction: Interaction | None,
                      script: Callable[[BrowserContext, Page], Awaitable[None]],
                      init_scripts: tuple[str, ...]) -> None:
    """`script(context, page)` in a fresh context with the harness's instrumentation, the
    signals and the recorder listening; the artifacts written and the context closed however
    it ends. Raises VisitFailed."""
    if artifacts.har is not None:
        artifacts.har.parent.mkdir(parents=True, exist_ok=True)
        options = {**options, "record_har_path": str(artifacts.har),
                   "record_har_content": "omit"}
    try:
        context = await browser.new_context(**options)
    except PlaywrightError as exc:
        raise VisitFailed(VisitError(
            f"the browser context of the visit of {key.url} could not be made: "
            f"{first_line(exc)}; check the spec's context: and the --privacy-* context "
            "options (locale, timezone, proxy, storage state)."), artifacts) from None
    credentials = options.get("http_credentials")
    recorder.login = str(credentials.get("username")) if isinstance(credentials, dict) else None
    page: Page | None = None
    _controls: CDPSession | None = None  # held (attached) for the whole visit
    failure: VisitError | None = None
    try:
        if artifacts.tracing:
            await context.tracing.start(screenshots=True, snapshots=True, sources=False)
        await context.add_init_script(_HOOKS)
        for _, source in needs.init_scripts:  # check kinds' instrumentation, in every frame
            await context.add_init_script(source)
        for source in init_scripts:
            await context.add_init_script(source)
        await apply_signals(context, key.state)
        if interaction is not None:
            await interaction.prepare(context)
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
        if interaction is not None:
            interaction.attach(context, page)
        page.set_default_timeout(cfg.timeout_ms)
        budget = (2 * cfg.timeout_ms + 2 * cfg.settle_cap_ms + 3 * cfg.banner_timeout_ms
                  + 30_000) / 1000
        try:
            await asyncio.wait_for(script(context, page), budget)
        except asyncio.TimeoutError:
            raise VisitError(f"the visit of {key.url} did not finish within {budget:.0f} s "
                             "(its navigations, settles and banner waits together); the page "
                             "or the browser is stuck.") from None
    except VisitError as exc:
        failure = exc
    except PlaywrightError as exc:
        failure = crash_error(key.url) if recorder.crashed else VisitError(
            f"the browser failed during the visit of {key.url}: {first_line(exc)}")
    finally:
        await finish(context, page, artifacts, recorder)
    if failure is not None:
        raise VisitFailed(failure, artifacts) from None


def base_context_args(cfg: PrivacyConfig, key: VisitKey | None = None) -> dict[str, Any]:
    """The browser context of a visit before plugins adjust it: the spec's `context:` with
    the --privacy-* options over it (storage state, credentials, locale, ...). Raises
    ContextError when a password variable is unset or a storage state file is missing."""
    args: dict[str, Any] = {"ignore_https_errors": cfg.ignore_https_errors,
                            "service_workers": "allow"}
    if key is not None:
        args.update(cfg.context.over(key.context).playwright_args(key.url))
    elif cfg.context:
        args.update(cfg.context.playwright_args("https://example.invalid/"))
    return args


async def _answer_banner(context: BrowserContext, page: Page, key: VisitKey, needs: Needs,
                         cfg: PrivacyConfig, recorder: Recorder, epoch_start: float,
                         adapters: tuple[Adapter, ...]) -> ConsentSeed:
    """The entry page loaded and looked at, its banner answered, the page quiet again."""
    response = await navigate(page, key.entry or key.url, recorder, cfg, key.follow_redirects)
    settled = await settle(page, recorder, cfg)
    initial_ms = recorder.ms()
    cookies: dict[tuple[str, str, str, str], CookieRecord] = {}
    await observe.cookies(context, page, recorder, cookies, epoch_start)
    storage = await observe.storage(page, recorder.phase)
    prints = await fingerprint.collect(page, recorder.phase) \
        if fingerprint.wanted(needs.init_scripts) else []
    banner = await observe_banner(page, key.consent, cfg.banner_timeout_ms, adapters) \
        if needs.banner else None
    action = await perform_consent(page, key.state.consent, key.consent, recorder.started,
                                   cfg.banner_timeout_ms, cfg.autoconsent, adapters,
                                   key.state.allow)
    action.page = page.url
    await settle(page, recorder, cfg)
    # Who wrote what is known here, on the page that wrote it; the next page only reads it.
    recorder.phase = "after_consent"
    after: dict[tuple[str, str, str, str], CookieRecord] = {}
    await observe.cookies(context, page, recorder, after, epoch_start)
    written = await observe.storage(page, recorder.phase)
    tabs = []
    for frame in page.frames:
        try:
            tabs.append(await frame.evaluate(SESSION_STORAGE, MAX_SESSION_ITEMS))
        except PlaywrightError:
            continue
    return ConsentSeed(
        storage_state=dict(await context.storage_state()),
        session_storage=session_items(tabs),
        elapsed_s=time.monotonic() - recorder.started,
        status=response.status if response else None, settled=settled, initial_ms=initial_ms,
        requests=tuple(recorder.requests.values()), cookies=cookies, storage=tuple(storage),
        fingerprinting=tuple(prints), banner=banner, consent=action,
        cookie_setters={(c.name, c.domain, c.path): (c.set_by, c.set_by_kind, c.seen_ms)
                        for c in after.values() if c.set_by},
        storage_setters={(s.kind, s.origin, s.key): s.set_by for s in written if s.set_by})


async def _visit_page(context: BrowserContext, page: Page, key: VisitKey, needs: Needs,
                      cfg: PrivacyConfig, recorder: Recorder, evidence: Evidence,
                      epoch_start: float, adapters: tuple[Adapter, ...],
                      seed: ConsentSeed | None) -> None:
    earlier: list[RequestRecord] = []
    if seed is None and key.state.consent != "none":  # the banner answered in this context
        seed = await _answer_banner(context, page, key, needs, cfg, recorder, epoch_start,
                                    adapters)
        recorder.requests.clear()
    if seed is not None:
        cookies, storage, evidence.fingerprinting, earlier = seed.copy_records()
        evidence.banner = replace(seed.banner) if seed.banner is not None else None
        evidence.consent = replace(seed.consent)
        evidence.timings["initial_ms"] = seed.initial_ms
        recorder.phase = "after_consent"
        response = await navigate(page, key.url, recorder, cfg, key.follow_redirects)
        evidence.status = response.status if response else None
        evidence.settled = await settle(page, recorder, cfg) and seed.settled
        await observe.cookies(context, page, recorder, cookies, epoch_start)
        fresh = await observe.storage(page, recorder.phase)
        seed.credit(list(cookies.values()), fresh)
        storage += fresh
        if fingerprint.wanted(needs.init_scripts):
            evidence.fingerprinting += await fingerprint.collect(page, recorder.phase)
    else:
        response = await navigate(page, key.url, recorder, cfg, key.follow_redirects)
        evidence.status = response.status if response else None
        evidence.settled = await settle(page, recorder, cfg)
        evidence.timings["initial_ms"] = recorder.ms()
        cookies = {}
        await observe.cookies(context, page, recorder, cookies, epoch_start)
        storage = await observe.storage(page, recorder.phase)
        if fingerprint.wanted(needs.init_scripts):
            evidence.fingerprinting = await fingerprint.collect(page, recorder.phase)
        if needs.banner:
            evidence.banner = await observe_banner(page, key.consent, cfg.banner_timeout_ms,
                                                   adapters)
    apis = await read_state(page, adapters)
    evidence.consent_state = ConsentState(apis, categories(apis, adapters))
    evidence.privacy_signals = await read_signals(page)
    evidence.navigator_signals = await read_navigator(page)
    await observe.page_facts(page, evidence)
    await observe.links(page, needs.link_scopes, evidence)
    await observe.page_scripts(page, needs, evidence)
    evidence.cookies = list(cookies.values())
    evidence.storage = storage
    evidence.requests = earlier + list(recorder.requests.values())
    evidence.sdks = await record_sdks(page, (r.url for r in evidence.requests))
    evidence.console_errors = recorder.console_errors
    evidence.timings["visit_ms"] = recorder.ms()
