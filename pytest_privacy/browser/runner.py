"""The session's visits: planned at collection, made once each, cached for every item."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext
from playwright.sync_api import Error as PlaywrightError

from pytest_privacy.browser.provider import BrowserProvider
from pytest_privacy.browser.visit import VisitKey, VisitNeeds, run_visit
from pytest_privacy.classify import Knowledge, load_user_knowledge
from pytest_privacy.consent.autoconsent import load_bundle as load_autoconsent
from pytest_privacy.errors import PrivacyError, VisitError
from pytest_privacy.evidence import Evidence, ProbeRecord
from pytest_privacy.options import PrivacyConfig


@dataclass
class VisitOutcome:
    evidence: Evidence | None
    error: PrivacyError | None
    seconds: float


class Visits:
    """Makes each planned visit at most once per session and remembers the outcome."""

    def __init__(self, cfg: PrivacyConfig) -> None:
        self.cfg = cfg
        self.provider = BrowserProvider(cfg)
        # The user's classification files, loaded once per session (None when there are none).
        self.knowledge: Knowledge | None = load_user_knowledge(cfg.cookie_dbs, cfg.filter_lists)
        if cfg.autoconsent:
            load_autoconsent(cfg.autoconsent)  # a bad folder is a usage error, before any visit
        self.needs: dict[VisitKey, VisitNeeds] = {}
        self.outcomes: dict[VisitKey, VisitOutcome] = {}
        self._probe_context: BrowserContext | None = None
        self._probes: dict[str, ProbeRecord] = {}
        self._written: set[Path] = set()

    def plan(self, key: VisitKey) -> VisitNeeds:
        """Register that an item needs `key`; returns the needs to extend."""
        return self.needs.setdefault(key, VisitNeeds())

    def get(self, key: VisitKey) -> Evidence:
        """The evidence of `key`, visiting on first use; raises the visit's error every time."""
        outcome = self.outcomes.get(key)
        if outcome is None:
            started = time.monotonic()
            try:
                browser = self.provider.browser()
                started = time.monotonic()  # the browser's launch is not the visit's time
                evidence = self._visit(browser, key)
                outcome = VisitOutcome(evidence, None, time.monotonic() - started)
                if self.cfg.evidence_dir is not None:
                    evidence.write(self._evidence_path(key), self.cfg.show_values)
            except PrivacyError as exc:
                outcome = VisitOutcome(None, exc, time.monotonic() - started)
            self.outcomes[key] = outcome
        if outcome.error is not None:
            raise outcome.error
        assert outcome.evidence is not None
        return outcome.evidence

    def _visit(self, browser: Browser, key: VisitKey) -> Evidence:
        """One visit, tried again up to --privacy-retries times when it cannot be completed."""
        failures: list[str] = []
        while True:
            try:
                evidence = run_visit(browser, key, self.needs.get(key, VisitNeeds()), self.cfg,
                                     self._probe)
            except VisitError as exc:
                failures.append(str(exc))
                if len(failures) > self.cfg.retries:
                    if len(failures) > 1:
                        raise VisitError(f"{exc} (failed {len(failures)} tries)") from None
                    raise
                continue
            evidence.tries = len(failures) + 1
            if failures:
                evidence.problems["retried"] = (f"needed {evidence.tries} tries; first: "
                                                f"{failures[0]}")
            return evidence

    def _evidence_path(self, key: VisitKey) -> Path:
        """One file per visit: page and state, numbered when two visits share both."""
        assert self.cfg.evidence_dir is not None
        name = f"{slug(key.url)}__{key.state.label}"
        path = self.cfg.evidence_dir / f"{name}.json"
        number = 2
        while path in self._written:
            path = self.cfg.evidence_dir / f"{name}-{number}.json"
            number += 1
        self._written.add(path)
        return path

    def _probe(self, url: str) -> ProbeRecord:
        """`url` fetched by the harness itself, in its own context: never the visit's traffic."""
        if url in self._probes:
            return self._probes[url]
        record = ProbeRecord(url)
        if not url.startswith(("http://", "https://")):
            record.error = f"not an http(s) link: {url}"
        else:
            if self._probe_context is None:
                self._probe_context = self.provider.browser().new_context(
                    ignore_https_errors=self.cfg.ignore_https_errors)
            page = self._probe_context.new_page()
            try:
                # "commit" would be cheaper, but closing a page whose load is still under way
                # can stall Chromium; the DOM of a linked page is quick to come.
                response = page.goto(url, wait_until="domcontentloaded",
                                     timeout=self.cfg.timeout_ms)
                if response is None:
                    record.error = "no response"
                else:
                    record.status = response.status
                    record.content_type = response.headers.get("content-type", "")
                    try:
                        record.body = response.body()[:65536].decode("utf-8", "replace")
                    except PlaywrightError:
                        record.body = ""
            except PlaywrightError as exc:
                text = str(exc).strip()
                record.error = text.splitlines()[0] if text else "error"
            finally:
                page.close()
        self._probes[url] = record
        return record

    def close(self) -> None:
        if self._probe_context is not None:
            try:
                self._probe_context.close()
            except PlaywrightError:
                pass
        self.provider.close()


def slug(url: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", url.split("://", 1)[-1]).strip("_")[:120] or "page"


__all__ = ["VisitError", "Visits", "VisitKey", "VisitNeeds"]
