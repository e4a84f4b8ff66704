"""The spec as frozen dataclasses: what the rest of the plugin reads."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pytest_privacy.contextargs import ContextSettings, from_spec
from pytest_privacy.declared import Declaration, from_csv
from pytest_privacy.errors import SpecError
from pytest_privacy.spec.load import Document, JsonPath, read_document
from pytest_privacy.spec.regex import regex_problem
from pytest_privacy.spec.validate import (
    ExpectKinds,
    builtin_kinds,
    format_path,
    schema_problems,
)
from pytest_privacy.taxonomy import canonical_category

PRESETS = {
    "before_consent": ("none", False, False),
    "after_reject": ("reject", False, False),
    "after_accept": ("accept", False, False),
    "gpc": ("none", True, False),
}
# Presets of the next keys (DESIGN "More consent states"), performed by consent/operate.py.
MORE_PRESETS = {"after_withdrawal": ("withdraw", False, False)}


@dataclass(frozen=True)
class State:
    """The browser state a visit is made in."""

    consent: str = "none"  # none | reject | accept | withdraw | allow
    gpc: bool = False
    dnt: bool = False
    allow: tuple[str, ...] = ()  # consent "allow": the categories switched on

    @property
    def label(self) -> str:
        base = {"none": "before_consent", "reject": "after_reject", "accept": "after_accept",
                "withdraw": "after_withdrawal",
                "allow": "after_allow_" + "_".join(self.allow or ("necessary",))}
        parts = [base[self.consent]]
        if self.gpc:
            parts.append("gpc")
        if self.dnt:
            parts.append("dnt")
        if len(parts) > 1 and parts[0] == "before_consent":
            parts = parts[1:]  # 'gpc', 'dnt', 'gpc+dnt': signals alone, no consent action
        return "+".join(parts)


@dataclass(frozen=True)
class Rule:
    """One classification rule: an exact name, a regex (re:), or a domain."""

    pattern: str
    category: str
    source: str
    regex: re.Pattern[str] | None = None

    def matches_name(self, name: str) -> bool:
        if self.regex is not None:
            return self.regex.search(name) is not None
        return name == self.pattern


@dataclass(frozen=True)
class ConsentConfig:
    cmp: str = "auto"
    accept: str | None = None
    reject: str | None = None
    banner: str | None = None
    settings: str | None = None


@dataclass(frozen=True)
class CheckSpec:
    id: str
    claim: str
    state: State
    pages: tuple[str, ...]
    tags: tuple[str, ...]
    expect: dict[str, dict[str, Any]]
    line: int
    record: bool = False
    site_pages: bool = False  # no pages of its own: runs on site.pages and what they lead to


@dataclass(frozen=True)
class Declared:
    """The site's own cookie list: inline and CSV declarations (read when the spec loads) and
    the page whose table is read during the run."""

    cookies: tuple[Declaration, ...] = ()
    page: str | None = None


@dataclass(frozen=True)
class Spec:
    path: Path
    name: str
    policy_url: str | None
    base_url: str | None
    follow_redirects: bool
    pages: tuple[str, ...]
    consent: ConsentConfig
    cookie_rules: tuple[Rule, ...]
    domain_rules: tuple[Rule, ...]
    storage_rules: tuple[Rule, ...]
    checks: tuple[CheckSpec, ...] = field(default_factory=tuple)
    declared: Declared | None = None
    context: ContextSettings = ContextSettings()  # the browser context of its visits
    crawl: CrawlSpec | None = None  # site.crawl / site.sitemap


@dataclass(frozen=True)
class CrawlSpec:
    """site.crawl and site.sitemap: more pages, found at collection (pytest_privacy.discover)."""

    limit: int = 50
    depth: int = 0
    robots: bool = True
    seconds: float = 120.0
    sitemap: str | None = None


def _crawl(site: dict[str, Any]) -> CrawlSpec | None:
    crawl = site.get("crawl")
    sitemap = site.get("sitemap")
    if crawl is None and sitemap is None:
        return None
    crawl = crawl or {}
    return CrawlSpec(limit=int(crawl.get("limit", 50)),
                     depth=int(crawl.get("depth", 1 if "crawl" in site else 0)),
                     robots=bool(crawl.get("robots", True)),
                     seconds=float(crawl.get("seconds", 120)), sitemap=sitemap)


def load_spec(path: Path, kinds: ExpectKinds | None = None, cmps: Iterable[str] = ()) -> Spec:
    """Read, validate and model one spec file; raises SpecError listing every problem.

    `kinds`: the check kinds the run knows (default: the built-in ones); `cmps`: names of
    consent-manager adapters that plugins add."""
    kinds = kinds or builtin_kinds()
    doc = read_document(path)
    if not isinstance(doc.data, dict):
        raise SpecError(path, [(1, "a spec must be a mapping with 'version: 1' and 'checks:' at "
                                   "the top level.")])
    problems = [*doc.problems, *schema_problems(doc, kinds, cmps), *_semantic_problems(doc, kinds)]
    if problems:
        unique = list(dict.fromkeys(problems))
        unique.sort(key=lambda item: item[0] or 0)
        raise SpecError(path, unique)
    return _build(doc)


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _semantic_problems(doc: Document, kinds: ExpectKinds) -> list[tuple[int | None, str]]:
    """What the schema cannot say; read defensively, since it runs beside schema errors."""
    data = doc.data
    problems: list[tuple[int | None, str]] = []
    site = _mapping(data.get("site"))
    problems.extend(_duplicate_pages(doc, ("site", "pages"), site.get("pages")))
    cmp = _mapping(data.get("consent")).get("cmp")
    seen: dict[str, int | None] = {}
    for index, check in enumerate(_items(data.get("checks"))):
        if not isinstance(check, dict):
            continue
        where = ("checks", index, "id")
        check_id = check.get("id")
        if isinstance(check_id, str) and check_id in seen:
            problems.append((doc.line_of(where), f"at {format_path(where)}: duplicate check id "
                             f"'{check_id}' (first used on line {seen[check_id]}); "
                             "give every check its own id."))
        elif isinstance(check_id, str):
            seen[check_id] = doc.line_of(where)
        if "pages" not in check and "pages" not in site:
            problems.append((doc.line_of(("checks", index)), f"at {format_path(('checks', index))}"
                             ": no pages to visit; add 'pages:' to the check or 'site.pages'."))
        problems.extend(_duplicate_pages(doc, ("checks", index, "pages"), check.get("pages")))
        if cmp == "none":
            problems.extend(_needs_a_click(doc, ("checks", index, "when"), check.get("when")))
        expect = _mapping(check.get("expect"))
        for key, params in expect.items():
            for sub, text in kinds.problems(key, params):
                at: JsonPath = ("checks", index, "expect", key, *sub)
                problems.append((doc.line_of(at), f"at {format_path(at)}: {text}"))
        if _mapping(expect.get("cookies")).get("declared") and "declared" not in data:
            at = ("checks", index, "expect", "cookies", "declared")
            problems.append((doc.line_of(at), f"at {format_path(at)}: the spec declares "
                             "no cookies; add a top-level 'declared:' with cookies, cookies_file "
                             "or cookies_page."))
    classify = _mapping(data.get("classify"))
    for kind in ("cookies", "storage"):
        for index, rule in enumerate(_items(classify.get(kind))):
            problems.extend(_regex_problem(doc, ("classify", kind, index, "name"),
                                           _mapping(rule).get("name")))
    declared = _mapping(data.get("declared"))
    for index, rule in enumerate(_items(declared.get("cookies"))):
        problems.extend(_regex_problem(doc, ("declared", "cookies", index, "name"),
                                       _mapping(rule).get("name")))
    if isinstance(declared.get("cookies_file"), str):
        try:
            _declared_file(doc)
        except ValueError as exc:
            at = ("declared", "cookies_file")
            problems.append((doc.line_of(at), f"at {format_path(at)}: {exc}"))
    return problems


def _duplicate_pages(doc: Document, path: tuple[str | int, ...],
                     pages: Any) -> list[tuple[int | None, str]]:
    """A page listed twice would make two items with one test id."""
    problems: list[tuple[int | None, str]] = []
    first: dict[str, int | None] = {}
    for j, page in enumerate(_items(pages)):
        if not isinstance(page, str):
            continue
        where = path + (j,)
        if page in first:
            problems.append((doc.line_of(where), f"at {format_path(where)}: page {page!r} is "
                             f"listed twice (first on line {first[page]}); list each page once."))
        else:
            first[page] = doc.line_of(where)
    return problems


def _needs_a_click(doc: Document, path: tuple[str | int, ...],
                   when: Any) -> list[tuple[int | None, str]]:
    """`consent: {cmp: none}` says there is no banner to operate."""
    if isinstance(when, str) and when in PRESETS:
        action = PRESETS[when][0]
    elif isinstance(when, str) and when.startswith("after_"):
        action = when[len("after_"):]
    elif isinstance(when, dict) and when.get("consent", "none") != "none":
        consent = when["consent"]
        action = consent if isinstance(consent, str) else "choose categories"
    else:
        return []
    if action == "none":
        return []
    return [(doc.line_of(path), f"at {format_path(path)}: this check needs a consent action "
             f"({action}), but 'consent: {{cmp: none}}' says the site has no consent manager, "
             "so the plugin cannot click anything; set consent.cmp (auto finds the banner), or "
             "make it a before_consent or gpc check.")]


def _declared_file(doc: Document) -> list[Declaration]:
    name = doc.data["declared"]["cookies_file"]
    path = doc.path.parent / name
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ValueError(f"cannot read {path} ({exc.strerror}); the path is relative to the "
                         "spec file.") from None
    rows = from_csv(text, where=f"{name} ")
    if not rows:
        raise ValueError(f"{name} has no row with a name and a known category; its first row "
                         "must name the columns (name, category[, domain, provider]).")
    return rows


def _declared(doc: Document) -> Declared | None:
    data = doc.data.get("declared")
    if data is None:
        return None
    cookies = []
    for index, row in enumerate(data.get("cookies", [])):
        line = doc.line_of(("declared", "cookies", index))
        quoted = ", ".join(f"{k}: {v}" for k, v in row.items())
        cookies.append(Declaration(row["name"], canonical_category(row["category"]),
                                   row.get("provider", ""), row.get("domain", ""),
                                   f"{doc.path.name}:{line} declared.cookies[{index}]: "
                                   f"{{{quoted}}}", "inline"))
    if "cookies_file" in data:
        cookies.extend(_declared_file(doc))
    return Declared(tuple(cookies), data.get("cookies_page"))


def _regex_problem(doc: Document, path: tuple[str | int, ...],
                   text: Any) -> list[tuple[int | None, str]]:
    if not isinstance(text, str) or not text.startswith("re:"):
        return []
    return [(doc.line_of(path), f"at {format_path(path)}: {problem}")
            for problem in regex_problem(text[3:])]


def _compile_rule(pattern: str, category: str, source: str) -> Rule:
    regex = re.compile(pattern[3:]) if pattern.startswith("re:") else None
    return Rule(pattern=pattern, category=canonical_category(category), source=source, regex=regex)


def _state(when: Any) -> State:
    if when is None:
        return State()
    if isinstance(when, str):
        consent, gpc, dnt = {**PRESETS, **MORE_PRESETS}[when]
        return State(consent, gpc, dnt)
    consent = when.get("consent", "none")
    allow: tuple[str, ...] = ()
    if isinstance(consent, dict):
        allow = tuple(sorted({canonical_category(c) for c in consent["allow"]} - {"necessary"}))
        consent = "allow"
    return State(consent, bool(when.get("gpc", False)), bool(when.get("dnt", False)), allow)


def _build(doc: Document) -> Spec:
    data = doc.data
    site = data.get("site", {})
    default_pages = tuple(site.get("pages", ()))
    consent = ConsentConfig(**data.get("consent", {}))
    classify = data.get("classify", {})
    name_of = doc.path.name

    def rules(kind: str, key: str) -> tuple[Rule, ...]:
        out = []
        for index, rule in enumerate(classify.get(kind, [])):
            line = doc.line_of(("classify", kind, index))
            out.append(_compile_rule(rule[key], rule["category"],
                                     f"spec: {name_of}:{line} classify.{kind}[{index}]"))
        return tuple(out)

    checks = []
    for index, check in enumerate(data["checks"]):
        checks.append(CheckSpec(
            id=check["id"],
            claim=check["claim"].strip(),
            state=_state(check.get("when")),
            pages=tuple(check.get("pages", default_pages)),
            tags=tuple(check.get("tags", ())),
            expect=check["expect"],
            line=doc.line_of(("checks", index)) or 1,
            record=bool(check.get("record", False)),
            site_pages="pages" not in check,
        ))
    policy = data.get("policy", {})
    return Spec(
        path=doc.path,
        name=data.get("name", doc.path.stem),
        policy_url=policy.get("url"),
        base_url=site.get("base_url"),
        follow_redirects=bool(site.get("follow_redirects", False)),
        pages=default_pages,
        consent=consent,
        cookie_rules=rules("cookies", "name"),
        domain_rules=rules("domains", "domain"),
        storage_rules=rules("storage", "name"),
        checks=tuple(checks),
        declared=_declared(doc),
        context=from_spec(data.get("context", {}), doc.path.parent, doc.line_of),
        crawl=_crawl(site),
    )
