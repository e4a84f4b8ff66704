"""Categories with their reasons: spec rules first, then the built-in knowledge base."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from pytest_privacy.classify.party import domain_matches, host_of, is_third_party
from pytest_privacy.spec.model import Rule


@dataclass(frozen=True)
class Verdict:
    category: str
    source: str


UNKNOWN = Verdict("unknown", "no rule matched")


@dataclass(frozen=True)
class _Known:
    exact: dict[str, Verdict]
    prefixes: tuple[tuple[str, Verdict], ...]
    domains: tuple[tuple[str, Verdict], ...]


@cache
def _known() -> _Known:
    text = resources.files("pytest_privacy.classify").joinpath("known.json").read_text("utf-8")
    data: dict[str, list[dict[str, Any]]] = json.loads(text)
    exact, prefixes = {}, []
    for entry in data["cookies"]:
        verdict = Verdict(entry["category"], f"built-in: {entry['platform']}")
        if entry["match"] == "prefix":
            prefixes.append((entry["name"], verdict))
        else:
            exact[entry["name"]] = verdict
    prefixes.sort(key=lambda item: -len(item[0]))
    domains = [(e["domain"], Verdict(e["category"], f"built-in: {e['platform']}"))
               for e in data["domains"]]
    domains.sort(key=lambda item: -len(item[0]))
    return _Known(exact, tuple(prefixes), tuple(domains))


class Classifier:
    """Classifies by the spec's own rules, then by the built-in database."""

    def __init__(self, cookie_rules: tuple[Rule, ...] = (), domain_rules: tuple[Rule, ...] = (),
                 storage_rules: tuple[Rule, ...] = ()) -> None:
        self.cookie_rules = cookie_rules
        self.domain_rules = tuple(sorted(domain_rules, key=lambda r: -len(r.pattern)))
        self.storage_rules = storage_rules

    def _by_domain(self, host: str) -> Verdict | None:
        for rule in self.domain_rules:
            if domain_matches(host, rule.pattern):
                return Verdict(rule.category, rule.source)
        for domain, verdict in _known().domains:
            if domain_matches(host, domain):
                return Verdict(verdict.category, f"{verdict.source} (domain {domain})")
        return None

    @staticmethod
    def _by_name(name: str, rules: tuple[Rule, ...]) -> Verdict | None:
        for rule in rules:
            if rule.matches_name(name):
                return Verdict(rule.category, rule.source)
        known = _known()
        if name in known.exact:
            return known.exact[name]
        for prefix, verdict in known.prefixes:
            if name.startswith(prefix):
                return verdict
        return None

    def cookie(self, name: str, domain: str) -> Verdict:
        """A cookie by its name, else by the domain it is stored for."""
        return self._by_name(name, self.cookie_rules) or self._by_domain(domain) or UNKNOWN

    def storage(self, key: str) -> Verdict:
        return self._by_name(key, self.storage_rules) or UNKNOWN

    def request(self, url: str, site_host: str) -> Verdict:
        """A request by its host; the site's own unlisted requests count as necessary."""
        host = host_of(url)
        if not host:
            return Verdict("necessary", "not a network request (data:, blob:)")
        verdict = self._by_domain(host)
        if verdict is not None:
            return verdict
        if not is_third_party(host, site_host):
            return Verdict("necessary", "first party: the site's own host")
        return UNKNOWN
