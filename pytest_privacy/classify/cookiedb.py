"""Cookie databases in the Open Cookie Database's CSV format.

Columns: ID, Platform, Category, Cookie / Data Key name, Domain, Description, Retention
period, Data Controller, User Privacy & GDPR Rights Portals, Wildcard match. Only Platform,
Category, the name, Domain and Wildcard match are used; "Wildcard match" 1 makes the name a
prefix. Names cover cookies and web storage keys alike.

Categories keep the database's own meanings (its README): "Functional" is "technical,
essential or strictly necessary", so it maps to `necessary`; "Personalization" (preferences)
maps to `functional`; "Security" to `necessary`. A file in this format is read with these
meanings, whoever wrote it.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from pytest_privacy.classify.knowledge import (
    Entry,
    Knowledge,
    NameTable,
    read_user_file,
)
from pytest_privacy.errors import ConfigError

SOURCE = "open-cookie-database"
NAME_COLUMN = "Cookie / Data Key name"
REQUIRED = ("Platform", "Category", NAME_COLUMN, "Domain", "Wildcard match")

# The database's categories (and a few common synonyms) -> the taxonomy.
CATEGORY_MAP = {
    "functional": "necessary",
    "technical": "necessary",
    "personalization": "functional",
    "personalisation": "functional",
    "preferences": "functional",
    "analytics": "analytics",
    "statistics": "analytics",
    "performance": "analytics",
    "marketing": "marketing",
    "advertising": "marketing",
    "targeting": "marketing",
    "security": "necessary",
    "necessary": "necessary",
    "strictly necessary": "necessary",
    "essential": "necessary",
}

_DOMAIN = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]")


def map_category(value: str) -> str | None:
    """The taxonomy's category for a database category, or None when it has none."""
    return CATEGORY_MAP.get(" ".join(value.strip().lower().split()))


def domain_hints(value: str) -> tuple[str, ...]:
    """Domains named in a Domain cell such as '.bing.com (3rd party) or .microsoft.com'."""
    return tuple(dict.fromkeys(m.group(0) for m in _DOMAIN.finditer(value.lower())))


def load_cookie_db(path: Path | str, scope_third_party: bool = False) -> Knowledge:
    """Reads a cookie database; every problem is a ConfigError naming file and line.

    `scope_third_party`: a row whose Domain says "(3rd party)", or whose name is four
    characters or fewer (IDE, uid, fr), only matches cookies stored for the domains it names
    (how the built-in copy is read: a generic name on the site's own domain is not that
    tracker's)."""
    path = Path(path)
    text = read_user_file(path, "cookie database")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [cell.strip() for cell in next(reader)]
    except StopIteration:
        raise ConfigError(f"{path}: the cookie database is empty; expected the Open Cookie "
                          f"Database header ({', '.join(REQUIRED)}, ...).") from None
    except csv.Error as exc:
        raise ConfigError(f"{path}:1: cannot read the header as CSV ({exc}).") from None
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise ConfigError(f"{path}:1: missing column(s) {', '.join(map(repr, missing))}; "
                          "expected the Open Cookie Database header (ID,Platform,Category,"
                          "Cookie / Data Key name,Domain,...,Wildcard match).")
    index = {column: header.index(column) for column in REQUIRED}
    table = NameTable()
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise ConfigError(f"{path}:{line}: not valid CSV ({exc}); "
                              "quote fields that contain commas or quotes.") from None
        start, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise ConfigError(f"{path}:{start}: expected {len(header)} fields, found "
                              f"{len(row)}; quote fields that contain commas.")
        name = row[index[NAME_COLUMN]].strip()
        if not name:
            raise ConfigError(f"{path}:{start}: the '{NAME_COLUMN}' field is empty.")
        raw_category = row[index["Category"]]
        category = map_category(raw_category)
        if category is None:
            raise ConfigError(
                f"{path}:{start}: unknown category {raw_category.strip()!r} for {name!r}; "
                "expected one of Functional (strictly necessary), Personalization, Analytics, "
                "Marketing, Security.")
        wildcard = row[index["Wildcard match"]].strip()
        if wildcard not in ("", "0", "1"):
            raise ConfigError(f"{path}:{start}: 'Wildcard match' is {wildcard!r} for "
                              f"{name!r}; expected 0 (exact name) or 1 (prefix).")
        prefix = wildcard == "1" or name.endswith("*")  # some rows write a prefix as "NAME_*"
        name = name.rstrip("*")
        if not name:
            raise ConfigError(f"{path}:{start}: the name '*' matches every cookie; "
                              "give a prefix before the '*'.")
        platform = row[index["Platform"]].strip() or "unnamed platform"
        cell = row[index["Domain"]]
        hints = domain_hints(cell)
        if scope_third_party and hints and ("3rd party" in cell.lower() or len(name) <= 4):
            for hint in hints:
                table.add(name, Entry(category, f"{SOURCE}: {platform}", scope=hint),
                          prefix=prefix)
            continue
        table.add(name, Entry(category, f"{SOURCE}: {platform}", hints=hints), prefix=prefix)
    if not len(table):
        raise ConfigError(f"{path}: the cookie database has a header but no entries.")
    return Knowledge(cookies=table)
