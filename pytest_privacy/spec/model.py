"""The spec as frozen dataclasses: what the rest of the plugin reads."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pytest_privacy.errors import SpecError
from pytest_privacy.spec.load import Document, read_document
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


@dataclass(frozen=True)
class State:
    """The browser state a visit is made in."""

    consent: str = "none"
    gpc: bool = False
    dnt: bool = False

    @property
    def label(self) -> str:
        base = {"none": "before_consent", "reject": "after_reject", "accept": "after_accept"}
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


def load_spec(path: Path, kinds: ExpectKinds | None = None, cmps: Iterable[str] = ()) -> Spec:
    """Read, validate and model one spec file; raises SpecError listing every problem.

    `kinds`: the check kinds the run knows (default: the built-in ones); `cmps`: names of
    consent-manager adapters that plugins add."""
    kinds = kinds or builtin_kinds()
    doc = read_document(path)
    if not isinstance(doc.data, dict):
        raise SpecError(path, [(1, "a spec must be a mapping with 'version: 1' and 'checks:' at "
                                   "the top level.")])
    problems = schema_problems(doc, kinds, cmps)
    if problems:
        raise SpecError(path, problems)
    problems = _semantic_problems(doc, kinds)
    if problems:
        raise SpecError(path, problems)
    return _build(doc)


def _semantic_problems(doc: Document, kinds: ExpectKinds) -> list[tuple[int | None, str]]:
    data = doc.data
    problems: list[tuple[int | None, str]] = []
    seen: dict[str, int | None] = {}
    for index, check in enumerate(data["checks"]):
        where = ("checks", index, "id")
        if check["id"] in seen:
            problems.append((doc.line_of(where), f"at {format_path(where)}: duplicate check id "
                             f"'{check['id']}' (first used on line {seen[check['id']]}); "
                             "give every check its own id."))
        else:
            seen[check["id"]] = doc.line_of(where)
        pages = check.get("pages", data.get("site", {}).get("pages"))
        if not pages:
            problems.append((doc.line_of(("checks", index)), f"at {format_path(('checks', index))}"
                             ": no pages to visit; add 'pages:' to the check or 'site.pages'."))
        for key, params in check["expect"].items():
            for sub, text in kinds.problems(key, params):
                where = ("checks", index, "expect", key, *sub)
                problems.append((doc.line_of(where), f"at {format_path(where)}: {text}"))
    for kind in ("cookies", "storage"):
        for index, rule in enumerate(data.get("classify", {}).get(kind, [])):
            problems.extend(_regex_problem(doc, ("classify", kind, index, "name"), rule["name"]))
    return problems


def _regex_problem(doc: Document, path: tuple[str | int, ...],
                   text: str) -> list[tuple[int | None, str]]:
    if not text.startswith("re:"):
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
        consent, gpc, dnt = PRESETS[when]
        return State(consent, gpc, dnt)
    return State(when.get("consent", "none"), bool(when.get("gpc", False)),
                 bool(when.get("dnt", False)))


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
    )
