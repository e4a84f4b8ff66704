"""`cookies: {declared: true}`: every cookie observed is on the site's own cookie list, by name,
and is seen in its declared category. Pure: called from the cookies check with the
declarations the item gathered (inline, CSV, the cookie-policy page's tables).

"Seen in" means what the harness knows without the declaration (spec rules, databases, the
built-in knowledge): a cookie nothing else classifies takes its declared category, a cookie the
harness knows must be declared in that category. A declaration never makes a cookie less
invasive than that knowledge says (pytest_privacy.declared.raises, applied by the
Classifier)."""

from __future__ import annotations

from collections.abc import Sequence

from pytest_privacy.checks.base import CheckContext, Finding
from pytest_privacy.declared import Declaration, lookup
from pytest_privacy.evidence import CookieRecord, Evidence
from pytest_privacy.inventory import site_host
from pytest_privacy.packagedata import read_text

# The page script that reads a cookies_page's tables into evidence.facts[TABLES].
TABLES = "declared_tables"
TABLES_JS = read_text("pytest_privacy.browser", "tables.js")


def check_declared(evidence: Evidence, declarations: Sequence[Declaration] | None,
                   ctx: CheckContext) -> list[Finding]:
    if declarations is None:
        return [Finding("cookies: declared", "the site's cookie list could not be read, so no "
                        "cookie can be checked against it", inconclusive=True)]
    if not declarations:
        return [Finding("cookies: declared", "the site's cookie list is empty: no row has a "
                        "name and a category", inconclusive=True)]
    site = site_host(evidence)
    undeclared: list[str] = []
    mismatched: list[str] = []
    seen: set[tuple[str, str]] = set()
    for item in ctx.inventory(evidence).of("cookies"):
        cookie = item.record
        if not isinstance(cookie, CookieRecord) or (cookie.name, cookie.domain) in seen:
            continue
        seen.add((cookie.name, cookie.domain))
        known = ctx.classifier.known_cookie(cookie.name, cookie.domain, site)
        declaration, near = lookup(declarations, cookie.name, cookie.domain)
        what = (f"cookie {cookie.name} (domain {cookie.domain}, {item.party}) — "
                f"{known.category}, {known.source}")
        if declaration is None:
            hint = (f"; declared only for {', '.join(d.domain for d in near)} ({near[0].row})"
                    if near else "")
            undeclared.append(f"{what}{hint}")
        elif known.category != "unknown" and known.category != declaration.category:
            mismatched.append(f"{what} — declared {declaration.category}: {declaration.row}")
    findings = []
    if undeclared:
        findings.append(Finding("cookies: declared", f"{len(undeclared)} cookie(s) not on the "
                                "site's cookie list", tuple(undeclared)))
    if mismatched:
        findings.append(Finding("cookies: declared category", f"{len(mismatched)} cookie(s) "
                                "seen in another category than declared", tuple(mismatched)))
    return findings
