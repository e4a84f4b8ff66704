"""Spec files become pytest collectors; each (check × page) is one item."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from _pytest.nodes import Node

from pytest_privacy.baseline import KINDS as DRIFT_KINDS
from pytest_privacy.baseline import Baseline, Entry, Row, observed, page_path
from pytest_privacy.browser.runner import Visits
from pytest_privacy.browser.visit import VisitKey
from pytest_privacy.checks import CheckContext, CheckKind, Finding, Kinds, Needs, builtin_kinds
from pytest_privacy.checks.declared import TABLES, TABLES_JS
from pytest_privacy.classify import Classifier
from pytest_privacy.consent.base import Adapter
from pytest_privacy.contextargs import ContextError
from pytest_privacy.declared import Declaration, from_tables
from pytest_privacy.errors import ConfigError, InconclusiveError, PrivacyError, SpecError
from pytest_privacy.evidence import Evidence
from pytest_privacy.inventory import site_host
from pytest_privacy.pages import Found, spec_pages
from pytest_privacy.report import artifact_lines, headline, render_comparison, render_failure
from pytest_privacy.spec import CheckSpec, Spec, State, load_spec

VISITS_KEY = pytest.StashKey[Visits]()
DISCOVERED_KEY = pytest.StashKey[dict[str, Found]]()  # spec path -> its discovered pages
BASELINE_KEY = pytest.StashKey[Baseline]()  # --privacy-baseline, as read at the start
_KINDS: dict[tuple[int, ...], tuple[tuple[CheckKind, ...], Kinds]] = {}


def kinds_for(node: Node) -> Kinds:
    """The built-in check kinds and those the conftests and plugins that apply to `node`
    declare (pytest_privacy_check_kinds), made once per distinct set."""
    extra = tuple(kind for found in node.ihook.pytest_privacy_check_kinds(config=node.config)
                  for kind in (found or ()))
    key = tuple(id(kind) for kind in extra)
    cached = _KINDS.get(key)
    if cached is None:
        try:
            cached = (extra, Kinds((*builtin_kinds(), *extra)))
        except ConfigError as exc:
            raise pytest.UsageError(str(exc)) from None
        _KINDS[key] = cached
    return cached[1]


def adapters_for(node: Node) -> tuple[Adapter, ...]:
    """Consent-manager adapters the conftests and plugins that apply to `node` add."""
    return tuple(adapter for found in node.ihook.pytest_privacy_cmp_adapters(config=node.config)
                 for adapter in (found or ()))


class CheckFailed(AssertionError):
    """A check's findings; rendered by PrivacyItem.repr_failure."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(f"{len(findings)} broken expectation(s)")
        self.findings = findings


def _absolute(page: str, base: str | None) -> str:
    if page.startswith(("http://", "https://")) or not base:
        return page
    return urljoin(base.rstrip("/") + "/", page.lstrip("/"))


def visit_key(spec: Spec, check: CheckSpec, page: str, base: str | None) -> VisitKey:
    """The visit an item of `check` on `page` needs: items with equal keys share it."""
    url = _absolute(page, base)
    # A visitor answers the banner once, on the first page of the check, and the choice must
    # hold on the others: a consent visit starts there.
    entry = _absolute(check.pages[0], base) if check.state.consent != "none" else url
    return VisitKey(url=url, state=check.state, consent=spec.consent,
                    entry=entry if entry != url else None,
                    follow_redirects=spec.follow_redirects, context=spec.context)


def declared_key(spec: Spec, base: str | None) -> VisitKey:
    """The visit that reads the spec's cookies_page, before any consent."""
    assert spec.declared is not None and spec.declared.page is not None
    return VisitKey(url=_absolute(spec.declared.page, base or spec.base_url), state=State(),
                    consent=spec.consent, follow_redirects=spec.follow_redirects,
                    context=spec.context)


def baseline_key(key: VisitKey) -> VisitKey | None:
    """A GPC visit is compared (when its check fails) with the same page without the signal."""
    return replace(key, state=replace(key.state, gpc=False)) if key.state.gpc else None


def visit_group(key: VisitKey) -> str:
    """A name for the visit that is the same in every process (unlike hash()): the work unit
    of the xdist scheduler (distribute.py), the one place that groups items by visit."""
    digest = hashlib.sha1(repr(key).encode("utf-8")).hexdigest()[:12]
    return f"privacy-{digest}"


def spec_classifier(spec: Spec, visits: Visits) -> Classifier:
    """The classifier of a spec's items: its classify: rules over the run's knowledge."""
    return Classifier(spec.cookie_rules, spec.domain_rules, spec.storage_rules,
                      extra=visits.knowledge,
                      declared=spec.declared.cookies if spec.declared else ())


class PrivacyFile(pytest.File):
    """One spec file."""

    def collect(self) -> list[PrivacyItem]:
        kinds = kinds_for(self)
        adapters = adapters_for(self)
        visits = self.config.stash[VISITS_KEY]
        visits.add_adapters(adapters)
        try:
            spec = load_spec(self.path, kinds, cmps=[a.name for a in visits.adapters])
        except SpecError as exc:
            raise self.CollectError(str(exc)) from None
        base = visits.cfg.base_url or spec.base_url
        classifier = spec_classifier(spec, visits)
        problems: list[tuple[int | None, str]] = []
        items = []
        site_pages = self._site_pages(spec, base)
        for check in spec.checks:
            for page in site_pages if check.site_pages else check.pages:
                if not page.startswith(("http://", "https://")) and not base:
                    problems.append((check.line, f"check '{check.id}': page {page!r} is a path "
                                     "but no base URL is set; add 'site.base_url' to the spec "
                                     "or pass --base-url."))
                    continue
                # The node id is given whole: pytest (9.2+) reads a stored id (--lf, --ff) as
                # name[params], so the item's own id must have the page as its params too.
                try:
                    items.append(PrivacyItem.from_parent(
                        self, name=f"{check.id}[{page}]",
                        nodeid=f"{self.nodeid}::{check.id}[{page}]",
                        spec=spec, check=check, key=visit_key(spec, check, page, base),
                        classifier=classifier, kinds=kinds))
                except ContextError as exc:  # the spec's context: (the options' are checked)
                    problem = (exc.line, f"at context.{exc.where}: {exc}")
                    if problem not in problems:
                        problems.append(problem)
        if problems:
            raise self.CollectError(str(SpecError(self.path, problems)))
        return items

    def _site_pages(self, spec: Spec, base: str | None) -> tuple[str, ...]:
        """site.pages, and with site.crawl / site.sitemap the pages found from them (once per
        session, the same in every xdist worker): a site that cannot be reached is one
        collection error."""
        if spec.crawl is None or (not base and not all(
                p.startswith(("http://", "https://")) for p in spec.pages)):
            return spec.pages  # without a base URL each item says so
        workerinput = getattr(self.config, "workerinput", None)
        run_id = workerinput.get("testrunuid") if isinstance(workerinput, dict) else None
        visits = self.config.stash[VISITS_KEY]
        # the browser context of the spec's visits (its log-in, credentials, proxy), as
        # plugins adjust it
        key = VisitKey(url=_absolute(spec.pages[0], base), state=State(), consent=spec.consent,
                       follow_redirects=spec.follow_redirects, context=spec.context)
        try:
            args = visits.base_context_args(key)
            for extra in self.ihook.pytest_privacy_context_args(key=key, args=args):
                if extra:
                    args.update(extra)
            found = spec_pages(spec, base, visits, run_id, args)
        except PrivacyError as exc:
            raise self.CollectError(f"{self.path}: {exc}") from None
        self.config.stash.setdefault(DISCOVERED_KEY, {})[str(self.path)] = found
        return found.pages


class PrivacyItem(pytest.Item):
    """One check of a spec on one page."""

    def __init__(self, *, spec: Spec, check: CheckSpec, key: VisitKey, classifier: Classifier,
                 kinds: Kinds, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.kinds = kinds
        self.spec = spec
        self.check = check
        self.url = url = key.url
        self.classifier = classifier
        self.key = key
        self.baseline_key = baseline_key(key)
        self.evidence: Evidence | None = None
        self.findings: list[Finding] = []
        self.baseline: Evidence | None = None
        self.drift: Row | None = None  # what a no_new check observed, for the baseline file
        self.user_properties.append(("claim", check.claim))
        if spec.policy_url:
            self.user_properties.append(("policy_url", spec.policy_url))
        self.user_properties += [("check", check.id), ("page", url),
                                 ("state", check.state.label), ("spec", spec.name)]
        self.add_marker("privacy")
        for tag in check.tags:
            self.config.addinivalue_line("markers", f"{tag}: privacy spec tag")
            self.add_marker(tag)
        visits = self.config.stash[VISITS_KEY]
        visits.plan(self.key, kinds.needs(check.expect), self._context_args(self.key))
        if self.baseline_key is not None:
            visits.plan(self.baseline_key, context_args=self._context_args(self.baseline_key))
        if spec.declared and spec.declared.page:
            # the site's cookie list page: read once, for the declared check and as a
            # classification source of every check
            key = declared_key(spec, visits.cfg.base_url)
            visits.plan(key, Needs(page_scripts=((TABLES, TABLES_JS),)),
                        self._context_args(key))

    def _context_args(self, key: VisitKey) -> dict[str, Any]:
        """The browser context of the visit: the spec's `context:` with the --privacy-* options
        over it, then as plugins adjust it (pytest_privacy_context_args)."""
        args = self.config.stash[VISITS_KEY].base_context_args(key)
        for extra in self.ihook.pytest_privacy_context_args(key=key, args=args):
            if extra:
                args.update(extra)
        return args

    def setup(self) -> None:
        visits = self.config.stash[VISITS_KEY]
        error: PrivacyError | None = None
        try:
            self.evidence = visits.get(self.key)
        except PrivacyError as exc:
            if visits.cfg.full_trace:
                raise
            error = exc
        if error is not None or self.evidence is None:
            # outside the except block, so the report is one sentence, not a chain
            # "inconclusive: ..." (a bot wall answering 403) needs no "visit error" in front
            prefix = "" if isinstance(error, InconclusiveError) else "visit error: "
            pytest.fail(f"{prefix}{error}{artifact_lines(visits.artifacts(self.key))}",
                        pytrace=False)
        if self.evidence.blocked:
            pytest.fail(f"inconclusive: {self.evidence.blocked}"
                        f"{artifact_lines(self.evidence.artifacts)}", pytrace=False)
        declared = self._declared()  # may replace self.classifier: call it first
        ctx = CheckContext(self.classifier, declared=declared, baseline=self._baseline_entry())
        self.findings = self.kinds.run(self.evidence, self.check.expect, ctx)
        if any(self.check.expect.get(kind, {}).get("no_new") for kind in DRIFT_KINDS):
            self.drift = Row(self.check.id, page_path(self.url), self.check.state.label,
                             observed(ctx.inventory(self.evidence), site_host(self.evidence)))
        if self.findings and self.baseline_key is not None:
            try:
                self.baseline = visits.get(self.baseline_key)
            except PrivacyError:
                self.baseline = None  # the comparison is a courtesy; the verdict stands
        inconclusive = [f for f in self.findings if f.inconclusive]
        if inconclusive:
            # The evidence cannot decide: an error, like a visit that failed, never a pass.
            report = render_failure(self.spec, self.check, self.url, self.evidence, inconclusive)
            pytest.fail(f"inconclusive: {headline(inconclusive)}\n{report}", pytrace=False)

    def _declared(self) -> tuple[Declaration, ...] | None:
        """The site's cookie list: the spec's inline and CSV rows, and the tables of its
        cookies_page (visited before any consent). The page's rows also classify, for every
        check of the spec (self.classifier is replaced by one that knows them). Only a check
        that holds the site to its list (`cookies: {declared: true}`) fails when the page
        cannot be read; the others keep the inline and CSV rows."""
        declared = self.spec.declared
        if declared is None:
            return None
        if declared.page is None:
            return declared.cookies
        wanted = bool(self.check.expect.get("cookies", {}).get("declared"))
        visits = self.config.stash[VISITS_KEY]
        key = declared_key(self.spec, visits.cfg.base_url)
        try:
            page = visits.get(key)
        except PrivacyError as exc:
            if wanted:
                pytest.fail(f"visit error: the cookie list page {key.url} could not be read: "
                            f"{exc}", pytrace=False)
            return declared.cookies
        tables = page.facts.get(TABLES)
        rows = from_tables(((t.get("rows", []), t.get("section", "")) for t in tables
                            if isinstance(t, dict)) if isinstance(tables, list) else (),
                           where=f"{declared.page} ")
        if not rows:
            if wanted:
                pytest.fail(f"inconclusive: the cookie list page {key.url} shows no table with "
                            "a name column and a category (a category column, or a heading "
                            "such as 'Statistics' above the table); fix declared.cookies_page.",
                            pytrace=False)
            return declared.cookies
        every = declared.cookies + tuple(rows)
        self.classifier = self.classifier.with_declared(every)
        return every

    def _baseline_entry(self) -> Entry:
        """What --privacy-baseline lists for this item's check, page and state."""
        baseline = self.config.stash.get(BASELINE_KEY, None)
        if baseline is None:
            return Entry("none")
        if self.config.stash[VISITS_KEY].cfg.baseline_update:
            return Entry("recording")
        return baseline.entry(self.check.id, page_path(self.url), self.check.state.label)

    def runtest(self) -> None:
        if self.check.record:
            assert self.evidence is not None
            text = (render_failure(self.spec, self.check, self.url, self.evidence, self.findings)
                    if self.findings else "nothing to record: every expectation held")
            self.add_report_section("call", "privacy record", text)
            return
        if self.findings:
            raise CheckFailed(self.findings)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: Any = None) -> str:
        if isinstance(excinfo.value, CheckFailed) and self.evidence is not None:
            findings = excinfo.value.findings
            text = headline(findings) + "\n" + render_failure(self.spec, self.check, self.url,
                                                              self.evidence, findings)
            if self.baseline is not None:
                text += "\n" + render_comparison(self.evidence, self.baseline,
                                                  CheckContext(self.classifier))
            return text
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        # the item's own name (check[page as written]): the failure header pastes back as an id
        return self.path, self.check.line - 1, self.name
