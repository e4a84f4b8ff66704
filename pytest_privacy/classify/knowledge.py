"""What the classifier knows: names and domains with their categories, as fast lookups.

One `Knowledge` holds what a source knows (the built-in file, a user's cookie database,
a user's filter list); `Knowledge` values add up with `+`, the left one winning.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import urlsplit

from pytest_privacy.errors import ConfigError
from pytest_privacy.packagedata import read_json

if TYPE_CHECKING:
    from pytest_privacy.classify.filters import FilterList


@dataclass(frozen=True)
class Verdict:
    category: str
    source: str


@dataclass(frozen=True)
class Entry:
    """One known name or domain.

    `scope`: the entry only matches cookies stored for this domain (or its subdomains).
    `hints`: domains that make the entry preferred among entries of the same name.
    """

    category: str
    source: str
    scope: str = ""
    hints: tuple[str, ...] = ()


# How a name or host matched, most specific first: an exact name, a name prefix, a pattern
# (a regular expression of a documented format), and for hosts a request URL signature, a
# domain or a host glob.
SIGNATURE, EXACT, PREFIX, PATTERN, FILTER = 4, 3, 2, 1, 0


class Rank(NamedTuple):
    """How specific a match is; a higher rank wins among sources of the same precedence.

    `kind` first (SIGNATURE > EXACT > PREFIX > PATTERN > FILTER), then the source's
    `priority` (for names: the hand-kept list over the Open Cookie Database), then whether
    the entry is for the cookie's domain (scoped to it, or a database row naming it), then the
    length of what matched (a longer prefix or domain says more). A database row that names
    other domains only (a name seen on someone else's site) counts as a prefix, not an exact
    name."""

    kind: int
    priority: int = 0
    scoped: bool = False
    length: int = 0


class Match(NamedTuple):
    verdict: Verdict
    rank: Rank


def _under(host: str, domain: str) -> bool:
    host, domain = host.lower().strip("."), domain.lower().strip(".")
    return bool(host) and (host == domain or host.endswith("." + domain))


class NameTable:
    """Exact names and name prefixes (longest prefix first), each looked up through a dict."""

    def __init__(self) -> None:
        self._exact: dict[str, list[Entry]] = {}
        self._prefixes: dict[str, list[Entry]] = {}
        self._lengths: tuple[int, ...] = ()
        self._starts: dict[str, tuple[int, ...]] = {}
        self._items: list[tuple[str, bool, Entry]] = []

    def add(self, name: str, entry: Entry, prefix: bool = False) -> None:
        """Adds an entry; an earlier entry of the same name and scope wins."""
        table = self._prefixes if prefix else self._exact
        entries = table.setdefault(name, [])
        if any(e.scope == entry.scope for e in entries) and not entry.hints:
            return
        entries.append(entry)
        self._items.append((name, prefix, entry))
        if prefix and len(name) not in self._lengths:
            self._lengths = tuple(sorted({*self._lengths, len(name)}, reverse=True))
        if prefix:  # prefix lengths by first character: a name only tries those that can fit
            lengths = self._starts.get(name[:1], ())
            if len(name) not in lengths:
                self._starts[name[:1]] = tuple(sorted({*lengths, len(name)}, reverse=True))

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[tuple[str, bool, Entry]]:
        return iter(self._items)

    def lookup(self, name: str, domain: str = "") -> Entry | None:
        """The entry for a name; `domain` is where a cookie is stored ('' for storage keys)."""
        found = self.match(name, domain)
        return found[0] if found else None

    def match(self, name: str, domain: str = "") -> tuple[Entry, Rank] | None:
        """The entry for a name and how specific the match is (see `Rank`)."""
        found = self._pick(self._exact.get(name), domain)
        if found is not None:
            return found, _rank(EXACT, found, domain, len(name))
        for length in self._starts.get(name[:1], ()):
            if len(name) >= length:
                found = self._pick(self._prefixes.get(name[:length]), domain)
                if found is not None:
                    return found, _rank(PREFIX, found, domain, length)
        return None

    @staticmethod
    def _pick(entries: list[Entry] | None, domain: str) -> Entry | None:
        if not entries:
            return None
        if domain:
            for entry in entries:
                if entry.scope and _under(domain, entry.scope):
                    return entry
            for entry in entries:
                if not entry.scope and any(_under(domain, hint) for hint in entry.hints):
                    return entry
        for entry in entries:
            if not entry.scope:
                return entry
        return None

    def __add__(self, other: NameTable) -> NameTable:
        merged = NameTable()
        for name, prefix, entry in (*self._items, *other._items):
            merged.add(name, entry, prefix)
        return merged


def _rank(kind: int, entry: Entry, domain: str, length: int) -> Rank:
    if entry.scope:
        return Rank(kind, 0, True, length)
    if entry.hints:
        if domain and any(_under(domain, hint) for hint in entry.hints):
            return Rank(kind, 0, True, length)
        return Rank(min(kind, PREFIX), 0, False, length)
    return Rank(kind, 0, False, length)


class DomainTable:
    """Domains; a host matches its own entry or its closest parent domain's."""

    def __init__(self) -> None:
        self._map: dict[str, Entry] = {}

    def add(self, domain: str, entry: Entry) -> None:
        self._map.setdefault(domain.lower().strip("."), entry)

    def __len__(self) -> int:
        return len(self._map)

    def __iter__(self) -> Iterator[tuple[str, Entry]]:
        return iter(self._map.items())

    def lookup(self, host: str) -> tuple[str, Entry] | None:
        if not self._map:
            return None
        host = host.lower().strip(".")
        while host:
            entry = self._map.get(host)
            if entry is not None:
                return host, entry
            _, _, host = host.partition(".")
        return None

    def __add__(self, other: DomainTable) -> DomainTable:
        merged = DomainTable()
        for domain, entry in (*self._map.items(), *other._map.items()):
            merged.add(domain, entry)
        return merged


class PatternTable:
    """Regular expressions: cookie and storage name formats (whole name), host globs
    ('*.vendor.com' subdomains only, '*-dataplane.vendor.com' a hyphenated prefix, or a plain
    domain and its subdomains) and request URL signatures (searched in path and query)."""

    def __init__(self) -> None:
        self.cookies: list[tuple[re.Pattern[str], Entry]] = []
        self.storage: list[tuple[re.Pattern[str], Entry]] = []
        self.hosts: list[tuple[str, Entry]] = []
        self.urls: list[tuple[re.Pattern[str], Entry]] = []
        self.packages: dict[str, Entry] = {}  # npm package -> entry, for public CDNs
        self._host_index: dict[str, list[tuple[str, Entry]]] | None = None
        self._url_regex: re.Pattern[str] | None = None
        self._combined: dict[str, re.Pattern[str]] = {}

    def __len__(self) -> int:
        return (len(self.cookies) + len(self.storage) + len(self.hosts) + len(self.urls)
                + len(self.packages))

    def __add__(self, other: PatternTable) -> PatternTable:
        merged = PatternTable()
        for table in (self, other):
            merged.cookies += table.cookies
            merged.storage += table.storage
            merged.hosts += table.hosts
            merged.urls += table.urls
            merged.packages = {**table.packages, **merged.packages}
        return merged

    def _name(self, kind: str, name: str) -> Entry | None:
        table = self.cookies if kind == "cookies" else self.storage
        if not table:
            return None
        combined = self._combined.get(kind)
        if combined is None:  # one pass over the name for all the formats
            combined = self._combined[kind] = re.compile("|".join(
                f"(?P<p{i}>{regex.pattern})" for i, (regex, _) in enumerate(table)))
        found = combined.fullmatch(name)
        if found is None or found.lastgroup is None:
            return None
        return table[int(found.lastgroup[1:])][1]

    def cookie(self, name: str) -> Entry | None:
        return self._name("cookies", name)

    def storage_key(self, key: str) -> Entry | None:
        return self._name("storage", key) or self._name("cookies", key)

    def host(self, host: str) -> tuple[str, Entry] | None:
        """The longest glob that matches `host`."""
        if not self.hosts:
            return None
        if self._host_index is None:
            self._host_index = {}
            for glob, entry in self.hosts:
                literal = glob[glob.index(".") + 1:] if glob.startswith("*") else glob
                self._host_index.setdefault(literal, []).append((glob, entry))
        host = host.lower().strip(".")
        best: tuple[str, Entry] | None = None
        suffix = host
        while suffix:
            for glob, entry in self._host_index.get(suffix, ()):
                if glob_matches(host, glob) and (best is None or len(glob) > len(best[0])):
                    best = glob, entry
            _, _, suffix = suffix.partition(".")
        return best

    def url(self, url: str) -> tuple[str, Entry] | None:
        """A signature found in the URL's path and query, or a package a public CDN served."""
        host, path, query = split_url(url)
        if self.packages and host in CDN_HOSTS:
            package = CDN_PACKAGE.match(path)
            entry = self.packages.get(package.group(1)) if package else None
            if package is not None and entry is not None:
                return f"{host}/…/{package.group(1)}", entry
        if not self.urls:
            return None
        if self._url_regex is None:  # one pass over the URL for all the signatures
            self._url_regex = re.compile("|".join(
                f"(?P<s{i}>{regex.pattern})" for i, (regex, _) in enumerate(self.urls)))
        tail = path + ("?" + query if query else "")
        found = self._url_regex.search(tail)
        if found is not None and found.lastgroup is not None:
            regex, entry = self.urls[int(found.lastgroup[1:])]
            return regex.pattern, entry
        return None


# Public CDNs that serve any npm package: what was fetched decides, not the CDN's name.
CDN_HOSTS = frozenset({"cdn.jsdelivr.net", "fastly.jsdelivr.net", "unpkg.com", "esm.sh",
                       "cdn.skypack.dev"})
CDN_PACKAGE = re.compile(r"^/(?:npm/)?(@[^/@]+/[^/@]+|[^/@]+)(?:@|/|$)")


@lru_cache(maxsize=8192)
def split_url(url: str) -> tuple[str, str, str]:
    """(host, path, query) of a URL, parsed once for every source that looks at it."""
    parts = urlsplit(url)
    return (parts.hostname or ""), parts.path, parts.query


def glob_matches(host: str, glob: str) -> bool:
    """'*.a.com': a subdomain of a.com; '*-b.a.com': <something>-b.a.com; else the domain
    itself or a subdomain."""
    if glob.startswith("*."):
        return host.endswith(glob[1:])
    if glob.startswith("*-"):
        head, _, rest = host.partition(".")
        return "." + rest == glob[glob.index("."):] and head.endswith(glob[1:glob.index(".")])
    return host == glob or host.endswith("." + glob)


@dataclass(frozen=True)
class Knowledge:
    """Cookie names, storage keys, domains and filter lists from one or more sources."""

    cookies: NameTable = field(default_factory=NameTable)
    storage: NameTable = field(default_factory=NameTable)
    domains: DomainTable = field(default_factory=DomainTable)
    filters: tuple[FilterList, ...] = ()
    patterns: PatternTable = field(default_factory=PatternTable)

    def __add__(self, other: Knowledge) -> Knowledge:
        return Knowledge(self.cookies + other.cookies, self.storage + other.storage,
                         self.domains + other.domains, self.filters + other.filters,
                         self.patterns + other.patterns)

    def warnings(self) -> list[str]:
        """One sentence per filter list with rules the engine could not use."""
        return [w for f in self.filters if (w := f.warning())]

    def cookie_name(self, name: str, domain: str) -> Verdict | None:
        entry = self.cookies.lookup(name, domain)
        return Verdict(entry.category, entry.source) if entry else None

    def storage_key(self, key: str) -> Verdict | None:
        entry = self.storage.lookup(key) or self.cookies.lookup(key)
        return Verdict(entry.category, entry.source) if entry else None

    def domain(self, host: str) -> Verdict | None:
        found = self.domains.lookup(host)
        if found is None:
            return None
        domain, entry = found
        return Verdict(entry.category, f"{entry.source} (domain {domain})")

    def filtered(self, url: str, source_url: str, request_type: str) -> Verdict | None:
        for filter_list in self.filters:
            verdict = filter_list.verdict(url, source_url, request_type)
            if verdict is not None:
                return verdict
        return None

    @cached_property
    def knows_no_hosts(self) -> bool:
        return not (len(self.patterns) or len(self.domains) or self.filters)

    # Ranked lookups: every way this source knows a name or host, with how specific it is.

    def cookie_matches(self, name: str, domain: str) -> list[Match]:
        out = []
        found = self.cookies.match(name, domain)
        if found is not None:
            entry, rank = found
            out.append(Match(Verdict(entry.category, entry.source), rank))
        pattern = self.patterns.cookie(name)
        if pattern is not None:
            out.append(Match(Verdict(pattern.category, pattern.source), Rank(PATTERN)))
        return out

    def storage_matches(self, key: str) -> list[Match]:
        out = []
        found = self.storage.match(key) or self.cookies.match(key)
        if found is not None:
            entry, rank = found
            out.append(Match(Verdict(entry.category, entry.source), rank))
        pattern = self.patterns.storage_key(key)
        if pattern is not None:
            out.append(Match(Verdict(pattern.category, pattern.source), Rank(PATTERN)))
        return out

    def host_matches(self, host: str) -> list[Match]:
        """The host's domain entry and host glob; both ranked by the length matched."""
        out: list[Match] = []
        found = self.domains.lookup(host)
        if found is not None:
            domain, entry = found
            out.append(Match(Verdict(entry.category, f"{entry.source} (domain {domain})"),
                             Rank(EXACT, 0, False, len(domain))))
        glob = self.patterns.host(host)
        if glob is not None:
            pattern, entry = glob
            out.append(Match(Verdict(entry.category, f"{entry.source} (host {pattern})"),
                             Rank(EXACT, 0, False, len(pattern.lstrip("*.-")))))
        return out

    def url_matches(self, url: str, source_url: str, request_type: str) -> list[Match]:
        """A URL signature (path and query give the vendor away), the host, the filter lists."""
        out: list[Match] = []
        if self.knows_no_hosts:
            return out
        signature = self.patterns.url(url)
        if signature is not None:
            pattern, entry = signature
            where = "" if "public CDN" in entry.source else f" (URL {pattern})"
            out.append(Match(Verdict(entry.category, f"{entry.source}{where}"),
                             Rank(SIGNATURE)))
        host = split_url(url)[0]
        out += self.host_matches(host) if host else []
        verdict = self.filtered(url, source_url, request_type)
        if verdict is not None:
            out.append(Match(verdict, Rank(FILTER)))
        return out


def read_user_file(path: Path, what: str) -> str:
    """The text of a user-supplied file; unreadable or non-UTF-8 files are ConfigErrors."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the {what} ({exc.strerror or exc}); "
                          "check the path.") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ConfigError(f"{path}:{line}: the {what} is not UTF-8 text "
                          f"(byte 0x{data[exc.start]:02x}); save it as UTF-8.") from None


def _name_entries(items: Iterable[Mapping[str, Any]], table: NameTable) -> None:
    for item in items:
        entry = Entry(item["category"], f"built-in: {item['platform']}", item.get("domain", ""))
        table.add(item["name"], entry, item["match"] == "prefix")


@cache
def known_data() -> dict[str, Any]:
    """The built-in knowledge file, parsed."""
    return read_json("pytest_privacy.classify", "known.json")


@cache
def sdk_data() -> dict[str, Any]:
    """The built-in SDK catalogue (sdks.json), parsed."""
    return read_json("pytest_privacy.classify", "sdks.json")


@cache
def builtin_patterns() -> Knowledge:
    """Name formats, host globs and URL signatures of the catalogue's SDKs."""
    table = PatternTable()
    for sdk in sdk_data()["sdks"]:
        source = f"built-in pattern: {sdk['name']}"
        for kind, target in (("cookies", table.cookies), ("storage", table.storage),
                             ("urls", table.urls)):
            for regex in sdk.get(kind, []):
                target.append((re.compile(regex), Entry(sdk["category"], source)))
        table.hosts += [(glob, Entry(sdk["category"], f"built-in: {sdk['name']}"))
                        for glob in sdk.get("hosts", [])]
        for package in sdk.get("npm", []):
            # public CDNs serve libraries and trackers alike: what was fetched decides
            table.packages.setdefault(package, Entry(
                sdk["category"], f"built-in: {sdk['name']} ({package} from a public CDN)"))
    return Knowledge(patterns=table)


OCD_FILE = "open-cookie-database.csv"


@cache
def open_cookie_database() -> Knowledge:
    """The Open Cookie Database shipped in the package (Apache-2.0; see its NOTICE)."""
    from pytest_privacy.classify.cookiedb import load_cookie_db

    with resources.as_file(resources.files("pytest_privacy.classify") / OCD_FILE) as path:
        return load_cookie_db(path, scope_third_party=True)


@cache
def builtin() -> tuple[Knowledge, Knowledge]:
    """The built-in knowledge as (pinned, rest): pinned entries win over user files."""
    return _builtin_part(pinned=True), _builtin_part(pinned=False)


def _builtin_part(pinned: bool) -> Knowledge:
    data = known_data()

    def chosen(kind: str) -> list[Mapping[str, Any]]:
        return [e for e in data.get(kind, []) if bool(e.get("pinned")) is pinned]

    part = Knowledge()
    _name_entries(chosen("cookies"), part.cookies)
    _name_entries(chosen("storage"), part.storage)
    for item in chosen("domains"):
        part.domains.add(item["domain"], Entry(item["category"], f"built-in: {item['platform']}"))
    return part
