"""What a check kind is, and the set of kinds a run knows (built-in and from plugins).

A kind brings its `expect:` key, the JSON Schema of its parameters, what the visit must
record, and a pure function from evidence to findings. Built-in kinds are the modules of
`pytest_privacy.checks.kinds`; a team adds its own through the `pytest_privacy_check_kinds`
hook. Nothing else in the package names a kind."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pytest_privacy.checks.base import Check, CheckContext, Finding
from pytest_privacy.checks.draft import Drafter
from pytest_privacy.errors import ConfigError
from pytest_privacy.evidence import Evidence
from pytest_privacy.needs import Needs

JsonPath = tuple[str | int, ...]
# A problem in a kind's parameters that the schema cannot express: (path below the key, text).
Problem = tuple[JsonPath, str]


def _no_needs(params: Mapping[str, Any]) -> Needs:
    return Needs()


def _no_problems(params: Any) -> list[Problem]:
    return []


@dataclass(frozen=True)
class CheckKind:
    """One `expect:` key: its schema, its visit needs and its pure check."""

    key: str
    schema: Mapping[str, Any]  # JSON Schema of the parameters; may $ref the spec's $defs
    check: Check  # (evidence, params, ctx) -> list[Finding]
    needs: Callable[[Mapping[str, Any]], Needs] = field(default=_no_needs)
    doc: str = ""  # one line for the reference
    lint: Callable[[Any], list[Problem]] = field(default=_no_problems)  # beyond the schema
    draft: Drafter | None = None  # proposes its expectation for `pytest-privacy scan`
    # The widest expectation its draft proposes, when the visit must record something for it:
    # a scan's visits meet `needs(draft_params)`, so the drafter has evidence to judge.
    draft_params: Mapping[str, Any] | None = None


@cache
def builtin_kinds() -> tuple[CheckKind, ...]:
    """Every module of pytest_privacy.checks.kinds that defines KIND."""
    from pytest_privacy.checks import kinds as package

    found = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        kind = getattr(module, "KIND", None)
        if isinstance(kind, CheckKind):
            found.append(kind)
    return tuple(found)


class Kinds:
    """The check kinds of a run, by key."""

    def __init__(self, kinds: Iterable[CheckKind]) -> None:
        self.by_key: dict[str, CheckKind] = {}
        for kind in kinds:
            if not isinstance(kind, CheckKind):
                raise ConfigError(f"a pytest_privacy_check_kinds hook returned {kind!r}, not a "
                                  "CheckKind; build it with pytest_privacy.checks.CheckKind(...).")
            if kind.key in self.by_key:
                raise ConfigError(f"two check kinds use the expect key '{kind.key}'; give the "
                                  "plugin's kind another key.")
            self.by_key[kind.key] = kind

    @classmethod
    def builtin(cls) -> Kinds:
        return _BUILTIN()

    def schemas(self) -> dict[str, Mapping[str, Any]]:
        """The `expect:` key -> parameter schema (with its doc line as description)."""
        out: dict[str, Mapping[str, Any]] = {}
        for key, kind in self.by_key.items():
            node = dict(kind.schema)
            if kind.doc and "description" not in node:
                node["description"] = kind.doc
            out[key] = node
        return out

    def needs(self, expect: Mapping[str, Any]) -> Needs:
        """Everything the visit must record for these expectations."""
        merged = Needs()
        for key, params in expect.items():
            kind = self.by_key.get(key)
            if kind is not None:
                merged = merged | kind.needs(params)
        return merged

    def draft_needs(self) -> Needs:
        """What a scan's visits must record so that every kind can draft its expectation."""
        merged = Needs()
        for kind in self.by_key.values():
            if kind.draft is not None and kind.draft_params is not None:
                merged = merged | kind.needs(kind.draft_params)
        return merged

    def problems(self, key: str, params: Any) -> list[Problem]:
        kind = self.by_key.get(key)
        return kind.lint(params) if kind is not None else []

    def run(self, evidence: Evidence, expect: Mapping[str, Mapping[str, Any]],
            ctx: CheckContext) -> list[Finding]:
        """Every finding of every expectation, in the spec's order."""
        findings: list[Finding] = []
        for key, params in expect.items():
            kind = self.by_key.get(key)
            if kind is None:
                raise ConfigError(f"no check kind is registered for the expect key '{key}'.")
            findings.extend(kind.check(evidence, params, ctx))
        return findings


@cache
def _BUILTIN() -> Kinds:  # noqa: N802  (a cached constant)
    return Kinds(builtin_kinds())


def run_expectations(evidence: Evidence, expect: Mapping[str, Mapping[str, Any]],
                     ctx: CheckContext, kinds: Kinds | None = None) -> list[Finding]:
    """Every finding of every expectation, with the built-in kinds unless others are given."""
    return (kinds or Kinds.builtin()).run(evidence, expect, ctx)
