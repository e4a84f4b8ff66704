"""From a policy Document to a draft spec: the families run over every sentence, duplicates
merge, and the policy's URL, date and cookie table are filled in."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from pytest_privacy.declared import Declaration, category_of, from_rows
from pytest_privacy.derive.families import (
    COOKIE_CONTEXT,
    FAMILIES,
    NON_NECESSARY,
    PRIVACY_FOOTER,
    Deriver,
    Drafted,
    low,
)
from pytest_privacy.derive.sentences import Sentence, sentences
from pytest_privacy.derive.source import HEADING, Block, Document

WEAK = re.compile(r"describes how|explains how|learn (more )?(about )?how|information (on|about) "
                  r"how|\bsee\b|\bplease visit\b|\bread more\b", re.I)
_MONTHS = {m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june",
                                       "july", "august", "september", "october", "november",
                                       "december"), start=1)}
_DATE_WORDS = (r"(?:last\s+)?(?:updated|modified|revised|effective)(?:\s+date)?"
               r"(?:\s+(?:as\s+of|on))?")
_DATE = re.compile(
    rf"{_DATE_WORDS}\s*[:\-–]?\s*(?:"
    r"(?P<iso>\d{4}-\d{2}-\d{2})|"
    r"(?P<month>[A-Za-z]+)\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})|"
    r"(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month2>[A-Za-z]+)\.?,?\s+(?P<year2>\d{4}))", re.I)
_URL_LINES = (re.compile(r"\b(?:effective|canonical|policy) url\s*:\s*(https?://\S+)", re.I),
              re.compile(r"^(?:url|source|address)\s*:\s*(https?://\S+)", re.I))


@dataclass
class Derived:
    checks: list[Drafted] = field(default_factory=list)
    notes: list[tuple[Sentence, str]] = field(default_factory=list)
    declared: list[Declaration] = field(default_factory=list)
    declared_where: str = ""
    policy_url: str | None = None
    updated: str | None = None
    title: str = ""
    reject_control: str | None = None
    accept_control: str | None = None

    @property
    def families(self) -> set[str]:
        return {c.family for c in self.checks}


def derive(doc: Document, source_url: str | None = None) -> Derived:
    items = list(sentences(doc))
    deriver = Deriver(items)
    policy_categories = _policy_categories(doc)
    tables = {d.category for t in doc.tables for d in from_rows(t.rows, t.section)}
    policy_categories = [c for c in NON_NECESSARY if c in tables or c in policy_categories]
    link_checks: list[Drafted] = []
    for sentence in items:
        t = low(sentence.text)
        before = len(deriver.out.checks)
        if sentence.block.kind != HEADING or len(sentence.text.split()) <= 12:
            deriver.banner(sentence, t)
        if sentence.block.kind != HEADING:
            deriver.consent_before(sentence, t)
            deriver.consent_refusal(sentence, t)
            deriver.consent_choice(sentence, t, policy_categories)
            deriver.consent_withdrawal(sentence, t, policy_categories)
            deriver.gpc(sentence, t, sentence.block.text)
            deriver.dnt(sentence, t)
            deriver.no_sale(sentence, t)
            deriver.not_used(sentence, t)
            names, controls = deriver.links(sentence, t)
            if names:
                link_checks.append(Drafted("links", "privacy-links", sentence, {"links": {
                    "within": "footer" if re.search(r"\bfooter\b|\bbottom of\b", t)
                    else "page", "present": names, "reachable": True}}, pages=["/"]))
            if controls:
                link_checks.append(Drafted("links", "consent-settings-control", sentence,
                                           {"text": {"contains": controls}}, pages=["/"]))
        if len(deriver.out.checks) == before and sentence.block.kind != HEADING:
            deriver.unobservable(sentence, t)
    _footer(link_checks, doc)
    out = Derived(notes=deriver.out.notes, reject_control=deriver.out.reject_control,
                  accept_control=deriver.out.accept_control)
    out.checks = deriver.out.checks + link_checks
    noted = {id(c.sentence) for c in out.checks}
    out.notes = [(s, topic) for s, topic in out.notes if id(s) not in noted]
    out.policy_url = _policy_url(doc, source_url)
    out.updated = _updated(doc)
    out.title = _title(doc)
    _declared(doc, items, out)
    _policy_text(out)
    out.checks = _ids(_merge(out.checks))
    return out


def _policy_categories(doc: Document) -> list[str]:
    """The non-necessary categories a policy's cookie sections name ('Targeting Cookies')."""
    found: set[str] = set()
    for block in doc.blocks:
        if block.kind == HEADING and COOKIE_CONTEXT.search(block.text) and len(
                block.text.split()) <= 6:
            category = category_of(block.text)
            if category in NON_NECESSARY:
                found.add(category)
    return [c for c in NON_NECESSARY if c in found]


def _footer(link_checks: list[Drafted], doc: Document) -> None:
    """A page capture's footer menu: its privacy links join the first promised link check."""
    checks = [c for c in link_checks if "links" in c.expect]
    footer = [n for n in doc.footer_links if PRIVACY_FOOTER.search(n) and len(n.split()) <= 10]
    if not checks or not footer:
        return
    links = checks[0].expect["links"]
    present = list(dict.fromkeys([*footer, *links["present"]]))
    folded = {n.casefold() for n in doc.footer_links}
    if all(n.casefold() in folded for n in links["present"]):
        links["within"] = "footer"
    links["present"] = present


def _policy_url(doc: Document, source_url: str | None) -> str | None:
    url = source_url or doc.url
    for regex in _URL_LINES:
        for block in doc.blocks[:40]:
            match = regex.search(block.text) if url is None else None
            if match:
                url = match.group(1)
    if not url:
        return None
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def _updated(doc: Document) -> str | None:
    for block in doc.blocks:
        match = _DATE.search(block.text)
        if not match:
            continue
        if match.group("iso"):
            return match.group("iso")
        month = (match.group("month") or match.group("month2") or "").casefold()
        day = match.group("day") or match.group("day2")
        year = match.group("year") or match.group("year2")
        if month in _MONTHS and day and year:
            try:
                return datetime.date(int(year), _MONTHS[month], int(day)).isoformat()
            except ValueError:
                continue
    return None


def _title(doc: Document) -> str:
    for block in doc.blocks:
        if block.kind == HEADING and re.search(r"privacy|cookie", block.text, re.I) and len(
                block.text) <= 80:
            return block.text.title() if block.text.isupper() else block.text
    return ""


def _declared(doc: Document, items: list[Sentence], out: Derived) -> None:
    """The policy's own cookie tables into `declared.cookies`, and a check that holds the site
    to them, quoting the sentence that introduces the first table."""
    for table in doc.tables:
        rows = from_rows(table.rows, table.section, where=f"policy table at line {table.line}, ",
                         source="inline")
        if not rows:
            continue
        if not out.declared:
            out.declared_where = f"line {table.line}"
            intro = _intro(items, table.line)
            if intro is not None:
                out.checks.append(Drafted("declared", "declared-cookies", intro,
                                          {"cookies": {"declared": True}},
                                          when="after_accept"))
        out.declared.extend(rows)


def _intro(items: list[Sentence], line: int) -> Sentence | None:
    """The last sentence that introduces a list of cookies before a table, else the last about
    cookies, else the heading above it."""
    before = [s for s in items if s.line <= line and s.line and s.block.kind != HEADING]
    about = [s for s in before if COOKIE_CONTEXT.search(s.text)]
    for sentence in reversed(about):
        if re.search(r"\b(below|following|listed|list of|table)\b", sentence.text, re.I):
            return sentence
    if about:
        return about[-1]
    return before[-1] if before else None


def _policy_text(out: Derived) -> None:
    """When the policy's address is known, its page must still state the signal promises."""
    if not out.policy_url:
        return
    path = urlsplit(out.policy_url).path or "/"
    signals = [c for c in out.checks if c.family in ("gpc", "gpc_not_honoured", "dnt",
                                                      "dnt_not_honoured")]
    chosen: dict[str, Drafted] = {}
    for check in sorted(signals, key=_strength):
        if len(check.claim) <= 300:
            chosen.setdefault(check.family[:3], check)  # the strongest of gpc, of dnt
    picked = sorted(chosen.values(), key=lambda c: c.sentence.index)
    if picked:
        quotes = [c.claim for c in picked]
        out.checks.append(Drafted("policy_text", "policy-states-signals", picked[0].sentence,
                                  {"text": {"contains": quotes}}, pages=[path],
                                  claim_text=" […] ".join(quotes) if len(quotes) > 1 else None))


def _strength(check: Drafted) -> tuple[int, int]:
    return (1 if WEAK.search(check.claim) else 0, check.sentence.index)


def _key(check: Drafted) -> str:
    return repr((check.family, check.when, check.pages, check.record, check.expect))


def _merge(checks: list[Drafted]) -> list[Drafted]:
    """One check per meaning: of equal checks the strongest sentence stays; so does the link
    check naming the most links."""
    best: dict[str, Drafted] = {}
    for check in checks:
        key = _key(check)
        if key not in best or _strength(check) < _strength(best[key]):
            best[key] = check
    kept = list(best.values())

    def names(check: Drafted) -> set[str] | None:
        links = check.expect.get("links")
        return {n.casefold() for n in links["present"]} if links else None

    out = []
    for index, check in enumerate(kept):
        mine = names(check)
        if mine is not None and any(
                other is not check and (theirs := names(other)) is not None and (
                    mine < theirs or mine == theirs and kept.index(other) < index)
                for other in kept):
            continue  # a link check whose names another already holds
        out.append(check)
    order = {f: i for i, f in enumerate(FAMILIES)}
    return sorted(out, key=lambda c: (order[c.family], c.sentence.index))


def _ids(checks: list[Drafted]) -> list[Drafted]:
    seen: dict[str, int] = {}
    for check in checks:
        base = check.id
        seen[base] = seen.get(base, 0) + 1
        if seen[base] > 1:
            check.id = f"{base}-{seen[base]}"
    return checks


def summary(derived: Derived) -> dict[str, Any]:
    """Families and their claims, for tests and the benchmark."""
    return {f: [c.claim for c in derived.checks if c.family == f] for f in FAMILIES
            if any(c.family == f for c in derived.checks)}


def blocks_text(blocks: list[Block]) -> str:
    return "\n".join(b.text for b in blocks)
