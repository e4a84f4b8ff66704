"""Drift: the approved inventory of each (check id, page path, state), kept in a JSON file
(--privacy-baseline FILE, written by --privacy-baseline-update), and what changed against it.

Items are compared by a key that leaves out the site's own host, so a baseline recorded on
staging applies to production: requests by host (first-party hosts other than the site's
own as `sub.(site)`), cookies by name and party (third-party ones with their registrable
domain), storage by key. No pytest here: the plugin loads and writes the file; checks receive
the entry of their item (CheckContext.baseline) and stay pure."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pytest_privacy.classify import registrable_domain
from pytest_privacy.errors import ConfigError
from pytest_privacy.inventory import Inventory, Item

KINDS = ("cookies", "requests", "storage")
LABEL = {"cookies": "cookie", "requests": "request host", "storage": "storage key"}
FORMAT = 1
Status = Literal["listed", "unlisted", "none", "recording"]
Keys = dict[str, dict[str, str]]  # kind -> key -> category


def drift_key(item: Item, site: str) -> str | None:
    """The key an item is compared by, or None for the site's own host's requests."""
    if item.kind == "cookie":
        if not item.third_party:
            return f"{item.name} (first party)"
        domain = registrable_domain(item.where.lstrip(".")) or item.where.lstrip(".")
        return f"{item.name} (third party, {domain})"
    if item.kind == "request":
        host = item.where
        if not host or host == site:
            return None
        if item.third_party:
            return host
        own = registrable_domain(site)
        return host[: -len(own)] + "(site)" if own and host.endswith(own) else host
    return item.name


def page_path(url: str) -> str:
    """The page of a baseline entry: the URL's path (and query), never its host."""
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


@dataclass(frozen=True)
class Entry:
    """What a check of one item receives: the baseline's keys for its (check, page, state).

    status: `listed` (the baseline has the entry), `unlisted` (it has none: everything is
    new), `none` (no --privacy-baseline), `recording` (--privacy-baseline-update: nothing is
    new, the run writes the baseline)."""

    status: Status
    keys: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


def observed(inventory: Inventory, site: str) -> Keys:
    """An item's keys, by kind, from its visit's counted items (key -> category)."""
    out: Keys = {}
    for kind in KINDS:
        keys: dict[str, str] = {}
        for item in inventory.of(kind):
            key = drift_key(item, site)
            if key is not None and key not in keys:
                keys[key] = item.category
        out[kind] = keys
    return out


def new_items(kind: str, items: Iterable[Item], site: str,
              known: Mapping[str, str]) -> list[tuple[str, Item]]:
    """The items whose key the baseline lacks, one per key, in the order observed."""
    out: dict[str, Item] = {}
    for item in items:
        key = drift_key(item, site)
        if key is not None and key not in known and key not in out:
            out[key] = item
    return list(out.items())


@dataclass(frozen=True)
class Row:
    """One item's observation: what an xdist worker sends and the baseline file holds."""

    check: str
    page: str
    state: str
    keys: Keys

    @property
    def where(self) -> tuple[str, str, str]:
        return (self.check, self.page, self.state)


@dataclass
class Baseline:
    """The file's entries by (check id, page path, state)."""

    rows: dict[tuple[str, str, str], Row] = field(default_factory=dict)

    def entry(self, check: str, page: str, state: str) -> Entry:
        row = self.rows.get((check, page, state))
        return Entry("listed", row.keys) if row is not None else Entry("unlisted")

    @classmethod
    def load(cls, path: Path) -> Baseline:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            rows = [Row(r["check"], r["page"], r["state"],
                        {kind: dict(r.get(kind, {})) for kind in KINDS})
                    for r in data["entries"]]
        except OSError as exc:
            raise ConfigError(f"--privacy-baseline {path}: cannot be read ({exc.strerror}); "
                              "record one with --privacy-baseline-update.") from None
        except (ValueError, KeyError, TypeError, AttributeError):
            raise ConfigError(f"--privacy-baseline {path}: not a baseline file of "
                              "pytest-privacy; record it again with "
                              "--privacy-baseline-update.") from None
        return cls({row.where: row for row in rows})

    def updated(self, rows: Iterable[Row]) -> Baseline:
        """The baseline with the entries observed in this run replaced (others kept: a run
        of a few checks or pages does not forget the rest)."""
        fresh: dict[tuple[str, str, str], Row] = {}
        for row in rows:
            known = fresh.get(row.where)
            if known is not None:  # two specs with one check id: both are approved
                row = Row(row.check, row.page, row.state,
                          {k: {**known.keys.get(k, {}), **row.keys.get(k, {})} for k in KINDS})
            fresh[row.where] = row
        return Baseline({**self.rows, **fresh})

    def write(self, path: Path) -> None:
        entries = [{"check": r.check, "page": r.page, "state": r.state,
                    **{kind: dict(sorted(r.keys.get(kind, {}).items())) for kind in KINDS}}
                   for r in sorted(self.rows.values(), key=lambda r: r.where)]
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"pytest-privacy-baseline": FORMAT, "entries": entries}, indent=1,
                          ensure_ascii=False)
        path.write_text(text + "\n", encoding="utf-8")


@dataclass(frozen=True)
class Change:
    """One key that appeared or disappeared for one (check, page, state)."""

    change: Literal["new", "gone"]
    kind: str
    key: str
    category: str
    row: Row


def changes(baseline: Baseline, rows: Iterable[Row]) -> list[Change]:
    """What the run observed that the baseline lacks, and what it lists that the run did not
    observe, for the entries the run observed."""
    out: list[Change] = []
    for row in sorted(rows, key=lambda r: r.where):
        known = baseline.rows.get(row.where)
        for kind in KINDS:
            now = row.keys.get(kind, {})
            before = known.keys.get(kind, {}) if known is not None else {}
            out += [Change("new", kind, key, category, row)
                    for key, category in now.items() if key not in before]
            out += [Change("gone", kind, key, category, row)
                    for key, category in before.items() if key not in now]
    return out


def change_lines(path: Path, found: list[Change], recorded: bool) -> list[str]:
    """The terminal summary of the drift."""
    new = [c for c in found if c.change == "new"]
    gone = [c for c in found if c.change == "gone"]
    head = (f"privacy: baseline {path} {'written' if recorded else 'compared'}: "
            f"{len(new)} new, {len(gone)} gone")
    lines = [head]
    for c in [*new, *gone][:50]:
        lines.append(f"    {c.change:<4} {LABEL[c.kind]} {c.key} ({c.category}): check "
                     f"{c.row.check} on {c.row.page} ({c.row.state})")
    if len(found) > 50:
        lines.append(f"    … and {len(found) - 50} more")
    return lines


def change_rows(found: list[Change]) -> list[list[str]]:
    """The changes as rows of text, for the HTML report's table."""
    return [[c.change, LABEL[c.kind], c.key, c.category, c.row.check, c.row.page, c.row.state]
            for c in found]
