"""A site's own cookie list (the `declared:` of a spec): the category words of the common policy
templates mapped to the taxonomy, and tables (a policy's, a CSV, a cookie-policy page's,
including the markup OneTrust and Cookiebot render) read into declarations.

Pure: no browser, no pytest. derive, the spec loader and the `cookies: {declared: true}` check
all read cookie lists through here."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# The category words of OneTrust (Strictly Necessary / Performance / Functional / Targeting),
# Cookiebot (Necessary / Preferences / Statistics / Marketing), IAB TCF purposes and common
# hand-written policies, most specific first. Each maps to the taxonomy.
VOCABULARY: tuple[tuple[str, str], ...] = (
    (r"strictly necessary|essential|necessary|required|technical|security cookies", "necessary"),
    (r"targeting|targeted|advertis\w*|marketing|ads?\b|remarketing|retargeting|"
     r"interest[- ]based|cross[- ]context|behaviou?ral|social media|personali[sz]ed ads|"
     r"select (basic|personali[sz]ed) ads|create (a )?personali[sz]ed (ads|content) profile|"
     r"measure ad performance|ad (measurement|selection)|sale of", "marketing"),
    (r"performance|statistic\w*|analytic\w*|analy[sz]e|measure\w*|audience|site usage|"
     r"how visitors use", "analytics"),
    (r"functional\w*|functionality|preferences?|personali[sz]ation|personali[sz]e content|"
     r"remember your (choices|settings)", "functional"),
)
_VOCAB = tuple((re.compile(rf"\b(?:{pattern})", re.I), category)
               for pattern, category in VOCABULARY)
UNCLASSIFIED = re.compile(r"\bunclassified\b|\bother\b|\buncategori[sz]ed\b", re.I)


def category_of(text: str) -> str | None:
    """The taxonomy category a label such as 'Targeting Cookies' or 'Statistics (4)' names, or
    None. The first vocabulary entry that matches wins (necessary before the others: 'strictly
    necessary' is never read as anything else)."""
    if UNCLASSIFIED.search(text):
        return "unknown"
    for regex, category in _VOCAB:
        if regex.search(text):
            return category
    return None


def categories_in(text: str) -> list[str]:
    """Every taxonomy category a sentence names, in taxonomy order."""
    found = {category for regex, category in _VOCAB if regex.search(text)}
    return [c for c in ("necessary", "functional", "analytics", "marketing") if c in found]


@dataclass(frozen=True)
class Declaration:
    """One cookie the site declares: its name (or re: pattern), category, and the row it came
    from, quoted in findings."""

    name: str
    category: str
    provider: str = ""
    domain: str = ""
    row: str = ""  # the declaration as written, e.g. "cookie-list.csv:4: _ga, Statistics"
    source: str = ""  # inline / cookies_file / cookies_page

    @property
    def regex(self) -> re.Pattern[str] | None:
        return re.compile(self.name[3:]) if self.name.startswith("re:") else None

    def matches(self, cookie: str) -> bool:
        regex = self.regex
        return regex.search(cookie) is not None if regex is not None else cookie == self.name


_NAME_HEAD = re.compile(r"^(cookie\s*)?(name|key|cookies?)(\s*name)?$", re.I)
_CATEGORY_HEAD = re.compile(r"categor|purpose type|^type$|^group$|classification", re.I)
_PROVIDER_HEAD = re.compile(r"provider|vendor|set by|^source$|third[- ]party|owner", re.I)
_DOMAIN_HEAD = re.compile(r"domain|^host|cookie subgroup", re.I)
_PLACEHOLDER = re.compile(r"<[^>]*>|\{[^}]*\}|\[[^\]]*\]|\*|#+|x{3,}|\.\.\.", re.I)
_SPLIT = re.compile(r"[,;\s]+")


def name_pattern(written: str) -> str:
    """A declared name as a matcher: exact, or re: where the list writes a wildcard
    (`_ga_*`, `_ga_<container-id>`, `_hjSession_{id}`, `AMCV_###`)."""
    if written.startswith("re:"):
        return written
    if not _PLACEHOLDER.search(written):
        return written
    parts = _PLACEHOLDER.split(written)
    return "re:^" + ".+".join(re.escape(p) for p in parts) + ("" if parts[-1] else "")


@dataclass(frozen=True)
class Columns:
    name: int
    category: int | None
    provider: int | None
    domain: int | None


def columns(header: Sequence[str]) -> Columns | None:
    """Which column holds what, from the header's words; None when no name column."""
    def find(regex: re.Pattern[str], exclude: set[int]) -> int | None:
        for index, cell in enumerate(header):
            if index not in exclude and regex.search(cell.strip()):
                return index
        return None

    name = find(_NAME_HEAD, set())
    if name is None:
        return None
    taken = {name}
    category = find(_CATEGORY_HEAD, taken)
    if category is not None:
        taken.add(category)
    provider = find(_PROVIDER_HEAD, taken)
    if provider is not None:
        taken.add(provider)
    domain = find(_DOMAIN_HEAD, taken)
    return Columns(name, category, provider, domain)


def from_rows(rows: Sequence[Sequence[str]], section: str = "", where: str = "",
              source: str = "") -> list[Declaration]:
    """A table's rows (the first the header) as declarations. A row's category comes from its
    category cell when that names one, else from the heading of the table's section (Cookiebot
    and OneTrust group their tables under 'Statistics (4)', 'Targeting Cookies'). A row with no
    category either way is skipped: a guess would make a wrong declaration."""
    if len(rows) < 2:
        return []
    cols = columns(rows[0])
    if cols is None:
        return []
    fallback = category_of(section) if section else None
    out: list[Declaration] = []
    for number, row in enumerate(rows[1:], start=2):
        if cols.name >= len(row):
            continue
        category = None
        if cols.category is not None and cols.category < len(row):
            category = category_of(row[cols.category])
        category = category or fallback
        if category is None:
            continue

        def cell(index: int | None, row: Sequence[str] = row) -> str:
            return row[index].strip() if index is not None and index < len(row) else ""

        quoted = f"{where}row {number}: " + " | ".join(c.strip() for c in row)
        if fallback and cols.category is None:
            quoted += f" (under '{section}')"
        for written in _names(row[cols.name]):
            out.append(Declaration(name_pattern(written), category, cell(cols.provider),
                                   cell(cols.domain), quoted, source))
    return out


def _names(cell: str) -> list[str]:
    """The names of one cell; OneTrust lists several per cell, comma-separated."""
    return [n for n in _SPLIT.split(cell.strip()) if n and n not in ("-", "—")]


def from_csv(text: str, where: str = "") -> list[Declaration]:
    rows = [row for row in csv.reader(io.StringIO(text)) if any(c.strip() for c in row)]
    return from_rows(rows, where=where, source="cookies_file")


def from_tables(tables: Iterable[tuple[Sequence[Sequence[str]], str]], where: str = "",
                source: str = "cookies_page") -> list[Declaration]:
    """Several (rows, section heading) tables, e.g. what a cookie-policy page shows."""
    out: list[Declaration] = []
    for rows, section in tables:
        out.extend(from_rows(rows, section, where, source))
    return out


RANK = {"necessary": 0, "functional": 1, "analytics": 2, "marketing": 3}


def _domain_matches(host: str, domain: str) -> bool:
    host, domain = host.lower().strip("."), domain.lower().strip(".")
    return host == domain or host.endswith("." + domain)


def lookup(declarations: Sequence[Declaration], name: str,
           domain: str) -> tuple[Declaration | None, list[Declaration]]:
    """The declaration of a cookie, and the rows that name it for another domain only."""
    near = []
    for declaration in declarations:
        if not declaration.matches(name):
            continue
        if declaration.domain and not _domain_matches(domain, declaration.domain):
            near.append(declaration)
            continue
        return declaration, near
    return None, near


def raises(known_category: str, declaration: Declaration | None) -> bool:
    """Whether a declaration decides a cookie's category: where the harness knows nothing, or
    knows it as less invasive. A declaration never makes a cookie look less invasive."""
    if declaration is None or declaration.category not in RANK:
        return False
    return known_category not in RANK or RANK[declaration.category] > RANK[known_category]
