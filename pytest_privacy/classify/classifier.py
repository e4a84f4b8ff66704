"""Categories with their reasons.

Precedence, first match wins:
1. the spec's own `classify:` rules;
2. built-in consent records (entries marked "pinned": a consent manager's own record is
   strictly necessary whatever a user database says, or every compliant site would fail);
3. the user's files (cookie databases, filter lists), in the order given;
4. the built-in knowledge base (3 and 4 swap with `user_first=False`: the user's files then
   only fill the built-in base's gaps).
For cookies the name is asked first at every level, then the domain the cookie is stored for:
a name says more than a domain. A request is classified by its host, then by filter lists.
"""

from __future__ import annotations

from pytest_privacy.classify.filters import request_type
from pytest_privacy.classify.knowledge import Knowledge, Verdict, builtin
from pytest_privacy.classify.party import domain_matches, host_of, is_third_party
from pytest_privacy.declared import Declaration, lookup, raises
from pytest_privacy.spec.model import Rule

__all__ = ["UNKNOWN", "Classifier", "Verdict"]

UNKNOWN = Verdict("unknown", "no rule matched")


class Classifier:
    """Classifies cookies, requests and storage keys; verdicts are cached per classifier."""

    def __init__(self, cookie_rules: tuple[Rule, ...] = (), domain_rules: tuple[Rule, ...] = (),
                 storage_rules: tuple[Rule, ...] = (), extra: Knowledge | None = None,
                 user_first: bool = True, declared: tuple[Declaration, ...] = ()) -> None:
        self.cookie_rules = cookie_rules
        self.domain_rules = tuple(sorted(domain_rules, key=lambda r: -len(r.pattern)))
        self.storage_rules = storage_rules
        self.extra = extra
        self.declared = declared  # the site's cookie list: raises a category, never lowers it
        self._user_first = user_first
        self._with: dict[tuple[Declaration, ...], Classifier] = {}
        pinned, rest = builtin()
        levels = (pinned, extra, rest) if user_first else (pinned, rest, extra)
        self._levels = tuple(level for level in levels if level is not None)
        self._cookies: dict[tuple[str, str, str], Verdict] = {}
        self._storage: dict[str, Verdict] = {}
        self._requests: dict[tuple[str, str, str, str], Verdict] = {}

    def _spec_domain(self, host: str) -> Verdict | None:
        for rule in self.domain_rules:
            if domain_matches(host, rule.pattern):
                return Verdict(rule.category, rule.source)
        return None

    @staticmethod
    def _spec_name(name: str, rules: tuple[Rule, ...]) -> Verdict | None:
        for rule in rules:
            if rule.matches_name(name):
                return Verdict(rule.category, rule.source)
        return None

    def cookie(self, name: str, domain: str, site_host: str = "") -> Verdict:
        """A cookie by its name, else by the domain it is stored for.

        `site_host` (the visited site) lets filter rules with $third-party apply to the
        cookie's domain; without it the cookie's domain is taken as first party.
        """
        verdict = self.known_cookie(name, domain, site_host)
        declaration, _ = lookup(self.declared, name, domain)
        if declaration is not None and raises(verdict.category, declaration):
            return Verdict(declaration.category, f"declared: {declaration.row}")
        return verdict

    def with_declared(self, declared: tuple[Declaration, ...]) -> Classifier:
        """The same classifier with another cookie list (one per list, kept)."""
        found = self._with.get(declared)
        if found is None:
            found = Classifier(self.cookie_rules, self.domain_rules, self.storage_rules,
                               self.extra, self._user_first, declared)
            self._with[declared] = found
        return found

    def known_cookie(self, name: str, domain: str, site_host: str = "") -> Verdict:
        """A cookie as the harness knows it, the site's own declarations left out."""
        key = (name, domain, site_host)
        verdict = self._cookies.get(key)
        if verdict is None:
            verdict = self._cookie(name, domain, site_host)
            self._cookies[key] = verdict
        return verdict

    def _cookie(self, name: str, domain: str, site_host: str) -> Verdict:
        verdict = self._spec_name(name, self.cookie_rules)
        for level in self._levels:
            verdict = verdict or level.cookie_name(name, domain)
        if verdict is not None:
            return verdict
        host = domain.lower().strip(".")
        if not host:
            return UNKNOWN
        verdict = self._spec_domain(host)
        url, source = f"https://{host}/", f"https://{site_host or host}/"
        for level in self._levels:
            verdict = verdict or level.domain(host) or level.filtered(url, source, "other")
        return verdict or UNKNOWN

    def storage(self, key: str) -> Verdict:
        """A localStorage / sessionStorage key by its name (storage entries, then cookies)."""
        verdict = self._storage.get(key)
        if verdict is None:
            verdict = self._spec_name(key, self.storage_rules)
            for level in self._levels:
                verdict = verdict or level.storage_key(key)
            verdict = verdict or UNKNOWN
            self._storage[key] = verdict
        return verdict

    def request(self, url: str, site_host: str, resource_type: str = "other",
                page_url: str = "") -> Verdict:
        """A request by its host, then by filter lists; the site's own unlisted requests
        count as necessary.

        `resource_type` is the browser's ("script", "xhr", "image", ...): filter rules with
        type options ($script, $image) only apply when it is given. `page_url` is the page
        that made the request (default: the site's root).
        """
        key = (url, site_host, resource_type, page_url)
        verdict = self._requests.get(key)
        if verdict is None:
            verdict = self._request(url, site_host, resource_type, page_url)
            self._requests[key] = verdict
        return verdict

    def _request(self, url: str, site_host: str, resource_type: str, page_url: str) -> Verdict:
        host = host_of(url)
        if not host:
            return Verdict("necessary", "not a network request (data:, blob:)")
        verdict = self._spec_domain(host)
        if verdict is not None:
            return verdict
        third_party = is_third_party(host, site_host) if site_host else True
        kind = request_type(resource_type, third_party)
        source = page_url or (f"https://{site_host}/" if site_host else url)
        for level in self._levels:
            verdict = level.domain(host) or level.filtered(url, source, kind)
            if verdict is not None:
                return verdict
        if not third_party:
            return Verdict("necessary", "first party: the site's own host")
        return UNKNOWN
