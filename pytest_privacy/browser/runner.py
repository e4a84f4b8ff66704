"""The session's visits: planned at collection, made once each, cached for every item.

Playwright runs on one thread of its own with an asyncio loop (async API), so that visits can
run concurrently in separate contexts of one browser (--privacy-concurrency) while pytest's
items wait for the one they need. Nothing from Playwright crosses back: items get plain
Evidence."""

from __future__ import annotations

import asyncio
import concurrent.futures
import re
import threading
import time
from collections.abc import Awaitable, Callable, Coroutine, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from playwright.async_api import Browser
from playwright.async_api import Error as PlaywrightError

from pytest_privacy.browser.loop import BrowserLoop
from pytest_privacy.browser.playwright_flags import playwright_context_args
from pytest_privacy.browser.probes import Prober
from pytest_privacy.browser.provider import BrowserProvider
from pytest_privacy.browser.visit import (
    Artifacts,
    ConsentSeed,
    VisitFailed,
    VisitKey,
    base_context_args,
    give_consent,
    run_visit,
)
from pytest_privacy.classify import Knowledge, load_user_knowledge
from pytest_privacy.consent.autoconsent import load_bundle as load_autoconsent
from pytest_privacy.consent.base import Adapter
from pytest_privacy.errors import PrivacyError, VisitError
from pytest_privacy.evidence import Evidence
from pytest_privacy.needs import Needs
from pytest_privacy.redaction import redact_har, redact_trace
from pytest_privacy.settings import PrivacyConfig

T = TypeVar("T")


@dataclass
class VisitOutcome:
    evidence: Evidence | None
    error: PrivacyError | None
    seconds: float
    artifacts: dict[str, str] = field(default_factory=dict)  # kind -> path
    screenshot: bytes | None = None  # kept for the HTML report
    number: int = 0  # 1-based, in the order visits finished


LOOK_AHEAD_S = 0.1  # how often a worker waiting for a visit looks for newly sent items


class Visits:
    """Makes each planned visit at most once per session and remembers the outcome."""

    def __init__(self, cfg: PrivacyConfig, adapters: tuple[Adapter, ...] = ()) -> None:
        self.cfg = cfg
        self.adapters = adapters  # consent-manager adapters plugins add
        self.provider = BrowserProvider(cfg)
        # The user's classification files, loaded once per session (None when there are none).
        self.knowledge: Knowledge | None = load_user_knowledge(cfg.cookie_dbs, cfg.filter_lists)
        if cfg.autoconsent:
            load_autoconsent(cfg.autoconsent)  # a bad folder is a usage error, before any visit
        self.needs: dict[VisitKey, Needs] = {}
        self.context_args: dict[VisitKey, dict[str, Any]] = {}
        self.outcomes: dict[VisitKey, VisitOutcome] = {}
        self.keep_screenshots = cfg.report is not None
        self.order: list[VisitKey] = []  # the visits in the order items will ask for them
        # Where the order is not known at collection (an xdist worker): the visits of the items
        # sent so far, read again while a visit is awaited.
        self._upcoming: Callable[[], Iterable[VisitKey]] | None = None
        self._loop: BrowserLoop | None = None
        self._futures: dict[VisitKey, concurrent.futures.Future[VisitOutcome]] = {}
        # consents given once per state and entry page (with the files they left)
        self._seeds: dict[tuple[Any, ...], asyncio.Future[tuple[ConsentSeed, dict[str, str]]]] = {}
        self._slots: asyncio.Semaphore | None = None
        self._browser_lock: asyncio.Lock | None = None
        self.prober = Prober(self.provider, cfg)  # the harness's own fetches
        self._written: set[str] = set()
        self._tasks: set[asyncio.Task[Any]] = set()
        self._lock = threading.Lock()
        self._finished = 0

    def plan(self, key: VisitKey, needs: Needs | None = None,
             context_args: dict[str, Any] | None = None) -> None:
        """Register that an item needs `key`, and what it must record; `context_args` replace
        the browser context's arguments for that visit (plugins adjust them)."""
        self.needs[key] = self.needs.get(key, Needs()) | (needs or Needs())
        if context_args is not None:
            self.context_args[key] = context_args

    def add_adapters(self, adapters: Iterable[Adapter]) -> None:
        """Consent-manager adapters from plugins, for every visit (by name, last wins)."""
        merged = {a.name: a for a in self.adapters}
        merged.update((a.name, a) for a in adapters)
        self.adapters = tuple(merged.values())

    def base_context_args(self, key: VisitKey | None = None) -> dict[str, Any]:
        """The context arguments of the visit of `key` before plugins adjust them: the spec's
        `context:` with the --privacy-* options over it (raises ContextError)."""
        return base_context_args(self.cfg, key)

    def schedule(self, keys: Iterable[VisitKey]) -> None:
        """The order in which items will need their visits (after deselection): with
        --privacy-concurrency N, the next N-1 are made while the first is looked at."""
        seen: set[VisitKey] = set()
        self.order = [k for k in keys if not (k in seen or seen.add(k))]  # type: ignore[func-returns-value]

    def look_ahead(self, upcoming: Callable[[], Iterable[VisitKey]]) -> None:
        """For a process that is sent its items as it goes (an xdist worker): `upcoming()`
        yields the visits of the items it has been sent and not run, in order; while a visit
        is awaited, the next ones from there are started (--privacy-concurrency)."""
        self._upcoming = upcoming

    def get(self, key: VisitKey) -> Evidence:
        """The evidence of `key`, visiting on first use; raises the visit's error every time."""
        outcome = self.outcomes.get(key)
        if outcome is None:
            future = self._start(key)
            self._start_ahead(key)
            outcome = self._await(key, future)
            self.outcomes[key] = outcome
        if outcome.error is not None:
            raise outcome.error
        assert outcome.evidence is not None
        return outcome.evidence

    def with_browser(self, work: Callable[[Browser], Coroutine[Any, Any, T]],
                     timeout_s: float) -> T:
        """`work(browser)` on the browser thread, e.g. discovering pages at collection."""
        with self._lock:
            if self._loop is None:
                self._loop = BrowserLoop()
            loop = self._loop

        async def run() -> T:
            if self._browser_lock is None:
                self._browser_lock = asyncio.Lock()
            async with self._browser_lock:
                browser = await self.provider.browser()
            return await work(browser)

        return loop.submit(asyncio.wait_for(run(), timeout_s)).result()

    def artifacts(self, key: VisitKey) -> dict[str, str]:
        """The files the visit of `key` left (screenshot, trace, HAR, evidence), if made."""
        outcome = self.outcomes.get(key)
        return dict(outcome.artifacts) if outcome is not None else {}

    def _deadline_s(self) -> float:
        """A bound on one visit with all its tries: nothing may wait forever."""
        cfg = self.cfg
        one = 3 * cfg.timeout_ms + 2 * cfg.settle_cap_ms + 3 * cfg.banner_timeout_ms + 60_000
        return (cfg.retries + 1) * one / 1000 + (86_400 if cfg.pause else 0)

    def _start(self, key: VisitKey) -> concurrent.futures.Future[VisitOutcome]:
        with self._lock:
            future = self._futures.get(key)
            if future is None:
                if self._loop is None:
                    self._loop = BrowserLoop()
                future = self._loop.submit(self._run(key))
                self._futures[key] = future
            return future

    def _await(self, key: VisitKey,
               future: concurrent.futures.Future[VisitOutcome]) -> VisitOutcome:
        deadline = time.monotonic() + self._deadline_s()
        poll = self._upcoming is not None and self.cfg.concurrency > 1
        while True:
            if poll:
                self._start_upcoming(key)
            left = deadline - time.monotonic()
            try:
                return future.result(timeout=min(left, LOOK_AHEAD_S) if poll else left)
            except concurrent.futures.TimeoutError:
                if time.monotonic() < deadline:
                    continue
                return VisitOutcome(None, VisitError(
                    f"the visit of {key.url} did not finish within {self._deadline_s():.0f} s; "
                    "the browser seems stuck (see --privacy-timeout)."), self._deadline_s())

    def _start_upcoming(self, key: VisitKey) -> None:
        """Start the first visits of `upcoming()` not yet made, up to N - 1 beside `key`."""
        assert self._upcoming is not None
        wanted = self.cfg.concurrency - 1
        for other in self._upcoming():
            if wanted <= 0:
                return
            if other == key or other in self.outcomes:
                continue
            self._start(other)
            wanted -= 1

    def _start_ahead(self, key: VisitKey) -> None:
        """Start the visits that come after `key`, so that N are under way at once."""
        if self.cfg.concurrency <= 1 or key not in self.order:
            return
        index = self.order.index(key)
        for ahead in self.order[index + 1:index + self.cfg.concurrency]:
            self._start(ahead)

    async def _run(self, key: VisitKey) -> VisitOutcome:
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.cfg.concurrency)
        if self._browser_lock is None:
            self._browser_lock = asyncio.Lock()
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        async with self._slots:
            started = time.monotonic()
            name = self._unique_name(key)
            artifacts = Artifacts()
            try:
                assert self._browser_lock is not None
                async with self._browser_lock:
                    browser = await self.provider.browser()
                started = time.monotonic()  # the browser's launch is not the visit's time
                evidence, artifacts = await self._visit(browser, key, name)
                outcome = VisitOutcome(evidence, None, time.monotonic() - started)
                if self.cfg.evidence_dir is not None:
                    evidence.write(self.cfg.evidence_dir / f"{name}.json", self.cfg.show_values)
                    artifacts.paths["evidence"] = evidence.path or ""
            except VisitFailed as exc:
                artifacts = exc.artifacts
                outcome = VisitOutcome(None, exc.error, time.monotonic() - started)
            except PrivacyError as exc:
                outcome = VisitOutcome(None, exc, time.monotonic() - started)
            outcome.artifacts = dict(artifacts.paths)
            outcome.screenshot = artifacts.png if self.keep_screenshots else None
            self._finished += 1
            outcome.number = self._finished
            if task is not None:
                self._tasks.discard(task)
            return outcome

    def _artifacts(self, name: str) -> Artifacts:
        cfg = self.cfg
        return Artifacts(
            directory=cfg.output / name
            if any(mode != "off" for mode in (cfg.screenshot, cfg.tracing, cfg.video)) else None,
            har=cfg.evidence_dir / f"{name}.har" if cfg.evidence_dir is not None else None,
            screenshot=cfg.screenshot != "off" or cfg.report is not None,
            full_page=cfg.full_page_screenshot,
            tracing=cfg.tracing != "off")

    def _context_args(self, key: VisitKey, artifacts: Artifacts) -> dict[str, Any]:
        """--device and --video first: the spec's and plugins' context args win."""
        planned = self.context_args.get(key)
        visitor = {"user_agent": self.provider.user_agent} if self.provider.user_agent else {}
        return {**visitor, **playwright_context_args(self.cfg, self.provider.devices,
                                                     artifacts.directory),
                **(planned if planned is not None else self.base_context_args(key))}

    async def _visit(self, browser: Browser, key: VisitKey,
                     name: str) -> tuple[Evidence, Artifacts]:
        """One visit, tried again up to --privacy-retries times when it cannot be completed.
        A consent visit starts from the consent of its state (given once, _seed)."""
        seed, given = (await self._seed(browser, key)) if key.state.consent != "none" \
            else (None, {})

        async def attempt(artifacts: Artifacts) -> Evidence:
            return await run_visit(browser, key, self.needs.get(key, Needs()), self.cfg,
                                   self.prober.probe, artifacts,
                                   restrict_pages=self.provider.restrict_pages,
                                   context_args=self._context_args(key, artifacts),
                                   adapters=self.adapters, seed=seed)

        evidence, artifacts, failures = await self._tried(name, attempt)
        self._redact_files(artifacts, {c.value for c in evidence.cookies}
                           | {s.value for s in evidence.storage})
        evidence.tries = len(failures) + 1
        if failures:
            evidence.problems["retried"] = (f"needed {evidence.tries} tries; first: "
                                            f"{failures[0]}")
        for kind, path in given.items():  # the files of the banner's answer, named
            artifacts.paths[f"consent_{kind}"] = path
            evidence.artifacts[f"consent_{kind}"] = path
        return evidence, artifacts

    async def _tried(self, name: str, attempt: Callable[[Artifacts], Awaitable[T]]
                     ) -> tuple[T, Artifacts, list[str]]:
        """`attempt(artifacts)`, tried again up to --privacy-retries times when it raises
        VisitFailed; its result, its files and why the earlier tries failed."""
        failures: list[str] = []
        while True:
            artifacts = self._artifacts(name)
            try:
                return await attempt(artifacts), artifacts, failures
            except VisitFailed as exc:
                self._redact_files(exc.artifacts, set())
                failures.append(str(exc))
                if len(failures) > self.cfg.retries:
                    if len(failures) > 1:
                        error = type(exc.error)(f"{exc.error.args[0] if exc.error.args else exc}"
                                                f" (failed {len(failures)} tries)")
                        raise VisitFailed(error, exc.artifacts) from None
                    raise

    async def _seed(self, browser: Browser, key: VisitKey) -> tuple[ConsentSeed, dict[str, str]]:
        """The consent of `key`'s state, given once on its entry page for every page of that
        state (same signals, consent settings and context) and the files it left; raises
        VisitFailed for every visit that needs it when it could not be given."""
        shared = (*_answer(key), repr(self.context_args.get(key)))
        task = self._seeds.get(shared)
        if task is None:
            needs = Needs()
            for other, wanted in self.needs.items():  # the banner, instrumentation of them all
                if other.state.consent != "none" and _answer(other) == _answer(key):
                    needs = needs | wanted
            task = asyncio.ensure_future(self._give_consent(browser, key, needs))
            self._seeds[shared] = task
            self._tasks.add(task)
        return await asyncio.shield(task)

    async def _give_consent(self, browser: Browser, key: VisitKey,
                            needs: Needs) -> tuple[ConsentSeed, dict[str, str]]:
        name = self._unique_name(replace(key, url=key.entry or key.url), "consent__")

        async def attempt(artifacts: Artifacts) -> ConsentSeed:
            return await give_consent(browser, key, needs, self.cfg, artifacts,
                                      restrict_pages=self.provider.restrict_pages,
                                      context_args=self._context_args(key, artifacts),
                                      adapters=self.adapters)

        seed, artifacts, _ = await self._tried(name, attempt)
        self._redact_files(artifacts, {c["value"] for c in seed.storage_state["cookies"]}
                           | {item["value"] for origin in seed.storage_state["origins"]
                              for item in origin["localStorage"]})
        return seed, dict(artifacts.paths)

    def _redact_files(self, artifacts: Artifacts, secrets: set[str]) -> None:
        """Cookie and storage values out of the HAR and the trace, unless asked to keep them."""
        if self.cfg.show_values:
            return
        if "har" in artifacts.paths:
            redact_har(Path(artifacts.paths["har"]), secrets)
        if "trace" in artifacts.paths:
            redact_trace(Path(artifacts.paths["trace"]), secrets)

    def _unique_name(self, key: VisitKey, prefix: str = "") -> str:
        """The name of a visit's files: page and state, numbered when two visits share both."""
        base = f"{prefix}{slug(key.url)}__{key.state.label}"
        name, number = base, 2
        while name in self._written:
            name, number = f"{base}-{number}", number + 1
        self._written.add(name)
        return name

    def close(self) -> None:
        """Cancel what is still under way (e.g. after -x) and close the browser."""
        if self._loop is None:
            return
        for future in self._futures.values():
            future.cancel()
        try:
            self._loop.submit(self._close()).result(timeout=60)
        except (concurrent.futures.TimeoutError, PlaywrightError):
            pass
        self._loop.stop()
        self._loop = None

    async def _close(self) -> None:
        pending = list(self._tasks)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        await self.prober.close()
        await self.provider.close()


def _answer(key: VisitKey) -> tuple[Any, ...]:
    """What makes two consent visits start from the same answer to the banner: the page it
    is given on, the state, the consent settings, redirects and the spec's context."""
    return (key.entry or key.url, key.state, key.consent, key.follow_redirects, key.context)


def slug(url: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", url.split("://", 1)[-1]).strip("_")[:120] or "page"


__all__ = ["VisitError", "Visits", "VisitKey"]
