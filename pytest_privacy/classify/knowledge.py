"""What the classifier knows: names and domains with their categories, as fast lookups.

One `Knowledge` holds what a source knows (the built-in file, a user's cookie database,
a user's filter list); `Knowledge` values add up with `+`, the left one winning.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

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


def _under(host: str, domain: str) -> bool:
    host, domain = host.lower().strip("."), domain.lower().strip(".")
    return bool(host) and (host == domain or host.endswith("." + domain))


class NameTable:
    """Exact names and name prefixes (longest prefix first), each looked up through a dict."""

    def __init__(self) -> None:
        self._exact: dict[str, list[Entry]] = {}
        self._prefixes: dict[str, list[Entry]] = {}
        self._lengths: tuple[int, ...] = ()
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

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[tuple[str, bool, Entry]]:
        return iter(self._items)

    def lookup(self, name: str, domain: str = "") -> Entry | None:
        """The entry for a name; `domain` is where a cookie is stored ('' for storage keys)."""
        found = self._pick(self._exact.get(name), domain)
        if found is not None:
            return found
        for length in self._lengths:
            if len(name) >= length:
                found = self._pick(self._prefixes.get(name[:length]), domain)
                if found is not None:
                    return found
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


@dataclass(frozen=True)
class Knowledge:
    """Cookie names, storage keys, domains and filter lists from one or more sources."""

    cookies: NameTable = field(default_factory=NameTable)
    storage: NameTable = field(default_factory=NameTable)
    domains: DomainTable = field(default_factory=DomainTable)
    filters: tuple[FilterList, ...] = ()

    def __add__(self, other: Knowledge) -> Knowledge:
        return Knowledge(self.cookies + other.cookies, self.storage + other.storage,
                         self.domains + other.domains, self.filters + other.filters)

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
