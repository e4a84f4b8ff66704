"""Categories with their reasons.

Precedence, from the first group that has an opinion:
1. the spec's own `classify:` rules;
2. consent managers' own records (built-in entries marked "pinned"): strictly necessary
   whatever any database says, or every compliant site would fail;
3. the user's files (cookie databases, filter lists), in the order given;
4. the built-in knowledge: the project's hand-kept list, the SDK catalogue's documented name
   formats, host globs and URL signatures, and the Open Cookie Database shipped in the
   package. Inside this group the most specific match wins: a request URL signature, then an
   exact name (one for the cookie's domain first), then a name prefix, then a name format
   (pattern); among names of the same kind the hand-kept list wins over the Open Cookie
   Database, then the longer match; a domain by the length matched. A database row that
   names only other sites' domains counts as a prefix (a name seen elsewhere), and the Open
   Cookie Database never lowers the category the project's own knowledge gives a name.
   (3 and 4 swap with `user_first=False`: the user's files then only fill the gaps.)
For cookies the name is asked first at every group, then the domain the cookie is stored
for (a name says more than a domain), and last the **setter**: a cookie or storage key
written by a script from a known analytics or marketing host, or set by the response of
one, takes that host's category ("analytics, set by script https://cdn.vendor.com/sdk.js
(...)"). A cookie that nothing classifies stays `unknown`, naming its setter when one is
known. A request is classified by its URL signature and host, then by filter lists; the
site's own requests that nothing classifies count as necessary.

`opinions()` lists what every source says (for `pytest-privacy explain`); `decide()` picks
the winner by the rules above, and the classifier uses the same two functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import NamedTuple

from pytest_privacy.classify.filters import request_type
from pytest_privacy.classify.knowledge import (
    EXACT,
    Knowledge,
    Match,
    Rank,
    Verdict,
    builtin,
    builtin_patterns,
    open_cookie_database,
)
from pytest_privacy.classify.party import domain_matches, host_of, is_third_party
from pytest_privacy.declared import Declaration, lookup, raises
from pytest_privacy.spec.model import Rule

__all__ = ["UNKNOWN", "Classifier", "Opinion", "Verdict", "decide"]

UNKNOWN = Verdict("unknown", "no rule matched")
INHERITED = ("analytics", "marketing")  # categories a setter passes on to what it writes

# Opinion groups, in precedence order.
SPEC, CONSENT, USER, BUILTIN = 0, 1, 2, 3
# Among names of the same kind and scope: the hand-kept list, then the Open Cookie Database.
PRIORITY = {"built-in": 2, "open cookie database": 0}
# Least to most invasive: the Open Cookie Database never lowers what the project's own
# knowledge says of the same name (its "Functional" rows for _hjSession_ say necessary).
SEVERITY = {"necessary": 0, "functional": 1, "analytics": 2, "marketing": 3}
OCD = "open cookie database"


class Opinion(NamedTuple):
    """What one source says: `what` is what was asked (name, domain, host, setter)."""

    source: str  # spec rule, consent record, your files, built-in, open cookie database, ...
    what: str
    verdict: Verdict
    stage: int  # 0 name, 1 domain, 2 setter: an earlier stage always wins
    group: int  # precedence inside a stage (SPEC < CONSENT < USER < BUILTIN)
    rank: Rank = Rank(EXACT)


def decide(opinions: Iterable[Opinion]) -> Opinion | None:
    """The winning opinion: the earliest stage and group, then the highest rank; on a tie the
    one listed first."""
    best: Opinion | None = None
    seen = list(opinions)
    for opinion in seen:
        if best is None or (opinion.stage, opinion.group) < (best.stage, best.group) or (
                (opinion.stage, opinion.group) == (best.stage, best.group)
                and opinion.rank > best.rank):
            best = opinion
    if best is not None and best.source == OCD:
        invasive = [o for o in seen if (o.stage, o.group) == (best.stage, best.group)
                    and o.source != OCD and _severity(o) > _severity(best)]
        if invasive:
            best = max(invasive, key=lambda o: o.rank)
    return best


def _severity(opinion: Opinion) -> int:
    return SEVERITY.get(opinion.verdict.category, -1)


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
        # (label, group, knowledge) in the order listed; groups decide precedence
        self._sources: list[tuple[str, int, Knowledge]] = [("consent record", CONSENT, pinned)]
        if extra is not None:
            self._sources.append(("your files", USER if user_first else BUILTIN + 1, extra))
        self._sources += [("built-in", BUILTIN, rest),  # listed first: wins ties
                          ("built-in pattern", BUILTIN, builtin_patterns()),
                          ("open cookie database", BUILTIN, open_cookie_database())]
        self._cookies: dict[tuple[str, str, str, str, str], Verdict] = {}
        self._storage: dict[tuple[str, str, str], Verdict] = {}
        self._requests: dict[tuple[str, str, str, str], Verdict] = {}
        self._setters: dict[tuple[str, str], Verdict | None] = {}

    # -- the spec's rules ------------------------------------------------------------------

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

    # -- cookies ---------------------------------------------------------------------------

    def cookie(self, name: str, domain: str, site_host: str = "", *, set_by: str | None = None,
               set_by_kind: str | None = None) -> Verdict:
        """A cookie by its name, else by the domain it is stored for, else by its setter.

        `site_host` (the visited site) lets filter rules with $third-party apply to the
        cookie's domain; without it the cookie's domain is taken as first party. `set_by` is
        the URL of the script (`set_by_kind="script"`, the default) or response ("response")
        that set it, when known.
        """
        verdict = self.known_cookie(name, domain, site_host, set_by=set_by,
                                    set_by_kind=set_by_kind)
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

    def known_cookie(self, name: str, domain: str, site_host: str = "", *,
                     set_by: str | None = None, set_by_kind: str | None = None) -> Verdict:
        """A cookie as the harness knows it, the site's own declarations left out."""
        key = (name, domain, site_host, set_by or "", set_by_kind or "")
        verdict = self._cookies.get(key)
        if verdict is None:
            opinions = self.cookie_opinions(name, domain, site_host, set_by=set_by,
                                            set_by_kind=set_by_kind)
            verdict = self._verdict(opinions, set_by, set_by_kind)
            self._cookies[key] = verdict
        return verdict

    def cookie_opinions(self, name: str, domain: str, site_host: str = "", *,
                        set_by: str | None = None,
                        set_by_kind: str | None = None) -> Iterator[Opinion]:
        """Every source's opinion of a cookie, in precedence order."""
        spec = self._spec_name(name, self.cookie_rules)
        if spec is not None:
            yield Opinion("spec rule", f"name {name}", spec, 0, SPEC)
        for label, group, knowledge in self._sources:
            for match in knowledge.cookie_matches(name, domain):
                yield Opinion(_label(label, match), f"name {name}", match.verdict, 0, group,
                              match.rank._replace(priority=PRIORITY.get(label, 1)))
        host = domain.lower().strip(".")
        if host:
            spec = self._spec_domain(host)
            if spec is not None:
                yield Opinion("spec rule", f"domain {host}", spec, 1, SPEC)
            url, source = f"https://{host}/", f"https://{site_host or host}/"
            for label, group, knowledge in self._sources:
                for match in knowledge.url_matches(url, source, "other"):
                    yield Opinion(_label(label, match), f"domain {host}", match.verdict, 1,
                                  group, match.rank)
        if set_by:
            yield from self._setter_opinions(set_by, set_by_kind or "script", site_host)

    # -- storage ---------------------------------------------------------------------------

    def storage(self, key: str, *, set_by: str | None = None, site_host: str = "") -> Verdict:
        """A localStorage / sessionStorage key by its name (storage entries, then cookies),
        else by the script that wrote it (`set_by`)."""
        cache_key = (key, set_by or "", site_host)
        verdict = self._storage.get(cache_key)
        if verdict is None:
            verdict = self._verdict(self.storage_opinions(key, set_by=set_by,
                                                          site_host=site_host),
                                    set_by, "script")
            self._storage[cache_key] = verdict
        return verdict

    def storage_opinions(self, key: str, *, set_by: str | None = None,
                         site_host: str = "") -> Iterator[Opinion]:
        spec = self._spec_name(key, self.storage_rules)
        if spec is not None:
            yield Opinion("spec rule", f"key {key}", spec, 0, SPEC)
        for label, group, knowledge in self._sources:
            for match in knowledge.storage_matches(key):
                yield Opinion(_label(label, match), f"key {key}", match.verdict, 0, group,
                              match.rank._replace(priority=PRIORITY.get(label, 1)))
        if set_by:
            yield from self._setter_opinions(set_by, "script", site_host)

    # -- the setter ------------------------------------------------------------------------

    def _setter_opinions(self, url: str, kind: str, site_host: str) -> Iterator[Opinion]:
        """The setter's host (or URL signature) category, when a rule knows it; the site's
        own unlisted scripts give nothing."""
        verdict = self._setter(url, site_host)
        if verdict is not None:
            yield Opinion("setter", f"{kind} {_short(url)}", Verdict(
                verdict.category, f"set by {kind} {_short(url)} ({verdict.source})"), 2,
                BUILTIN)

    def _setter(self, url: str, site_host: str) -> Verdict | None:
        key = (url, site_host)
        if key not in self._setters:
            host = host_of(url)
            best = decide(self.request_opinions(url, site_host, "script")) if host else None
            # only a tracker's category is inherited: a CDN or the site's own host that a
            # rule calls necessary says nothing of the cookies its scripts write
            inherited = best is not None and best.verdict.category in INHERITED
            self._setters[key] = best.verdict if best is not None and inherited else None
        return self._setters[key]

    @staticmethod
    def _verdict(opinions: Iterable[Opinion], set_by: str | None,
                 set_by_kind: str | None) -> Verdict:
        best = decide(opinions)
        if best is not None:
            return best.verdict
        if set_by:
            return Verdict("unknown", f"no rule matched; set by {set_by_kind or 'script'} "
                                      f"{_short(set_by)}, which no rule knows")
        return UNKNOWN

    # -- requests --------------------------------------------------------------------------

    def request(self, url: str, site_host: str, resource_type: str = "other",
                page_url: str = "") -> Verdict:
        """A request by its URL signature and host, then by filter lists; the site's own
        unlisted requests count as necessary.

        `resource_type` is the browser's ("script", "xhr", "image", ...): filter rules with
        type options ($script, $image) only apply when it is given. `page_url` is the page
        that made the request (default: the site's root).
        """
        key = (url, site_host, resource_type, page_url)
        verdict = self._requests.get(key)
        if verdict is None:
            host = host_of(url)
            if not host:
                verdict = Verdict("necessary", "not a network request (data:, blob:)")
            else:
                best = decide(self.request_opinions(url, site_host, resource_type, page_url))
                if best is not None:
                    verdict = best.verdict
                elif site_host and not is_third_party(host, site_host):
                    verdict = Verdict("necessary", "first party: the site's own host")
                else:
                    verdict = UNKNOWN
            self._requests[key] = verdict
        return verdict

    def request_opinions(self, url: str, site_host: str = "", resource_type: str = "other",
                         page_url: str = "") -> Iterator[Opinion]:
        host = host_of(url)
        if not host:
            return
        spec = self._spec_domain(host)
        if spec is not None:
            yield Opinion("spec rule", f"host {host}", spec, 0, SPEC)
        third_party = is_third_party(host, site_host) if site_host else True
        kind = request_type(resource_type, third_party)
        source = page_url or (f"https://{site_host}/" if site_host else url)
        for label, group, knowledge in self._sources:
            for match in knowledge.url_matches(url, source, kind):
                yield Opinion(_label(label, match), f"host {host}", match.verdict, 0, group,
                              match.rank)


def _short(url: str, limit: int = 120) -> str:
    return url if len(url) <= limit else url[: limit - 1] + "…"


def _label(label: str, match: Match) -> str:
    """'built-in' entries that come from the catalogue's patterns say so."""
    if label == "built-in pattern" or match.verdict.source.startswith("built-in pattern"):
        return "pattern"
    return label
