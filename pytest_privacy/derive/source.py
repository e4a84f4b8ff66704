"""A policy as blocks of text that know their section and line: from plain text, Markdown or
HTML. Tables are kept as rows of cells (the policy's cookie list)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

# Block kinds: a heading names the section of the blocks after it.
HEADING, PARAGRAPH, ITEM = "heading", "paragraph", "item"

_BULLET = re.compile(r"^\s*(?:[*\u2022\u25aa\u25cf·-]|\d{1,2}[.)])\s+")
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|(?<![\w*])\*(?!\s)|(?<!\w)_(?!\s)|`)")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_END_PUNCT = ".,;:!?)”\""


def fold(text: str) -> str:
    """White space folded: what a claim quotes."""
    return " ".join(text.split())


@dataclass(frozen=True)
class Block:
    kind: str
    text: str  # white space folded
    line: int  # 1-based line in the source where the block starts
    section: str = ""  # the nearest heading above it


@dataclass
class Table:
    rows: list[list[str]]  # the first row is the header
    line: int
    section: str = ""


@dataclass
class Document:
    blocks: list[Block] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    url: str | None = None  # where the policy says (or the command line says) it lives
    footer_links: list[str] = field(default_factory=list)  # link texts of the page's footer
    kind: str = "text"


def read_policy(path: Path) -> Document:
    """A policy file by its suffix: .html/.htm, .md/.markdown, anything else as text."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm", ".xhtml"):
        from pytest_privacy.derive.html import parse_html
        return parse_html(raw)
    return parse_text(raw, markdown=suffix in (".md", ".markdown"))


def _looks_like_heading(lines: list[str]) -> bool:
    if len(lines) != 1:
        return False
    text = lines[0].strip()
    words = text.split()
    return (0 < len(words) <= 10 and len(text) <= 80 and text[-1] not in _END_PUNCT
            and not _BULLET.match(lines[0]) and (text[0].isupper() or text[0].isdigit()))


def _clean_md(text: str) -> str:
    return _MD_EMPHASIS.sub("", _MD_LINK.sub(r"\1", text))


def _clean_cell(text: str) -> str:
    """A Markdown table cell: links and code marks go, underscores stay (cookie names)."""
    return re.sub(r"\*\*|`", "", _MD_LINK.sub(r"\1", text))


def parse_text(raw: str, markdown: bool = False) -> Document:
    """Paragraphs are separated by blank lines and unwrapped; a bullet starts a list item (its
    indented continuation lines belong to it); a short line alone without final punctuation is
    a heading, as is a Markdown '#' line; '|' rows (and tab-separated rows) make a table."""
    doc = Document(kind="markdown" if markdown else "text")
    section = ""
    current: list[str] = []
    start = 0
    kind = PARAGRAPH
    table: list[list[str]] = []
    table_line = 0

    def flush() -> None:
        nonlocal current, section, kind
        if not current:
            return
        text = fold(" ".join(current))
        if markdown:
            text = fold(_clean_md(text))
        if text:
            if kind == PARAGRAPH and _looks_like_heading(current):
                doc.blocks.append(Block(HEADING, text, start, section))
                section = text
            else:
                doc.blocks.append(Block(kind, text, start, section))
        current = []
        kind = PARAGRAPH

    def flush_table() -> None:
        nonlocal table
        if len(table) >= 2:
            doc.tables.append(Table(table, table_line, section))
        table = []

    for number, line in enumerate(raw.splitlines(), start=1):
        stripped = line.strip()
        cells = _table_cells(line)
        if cells is not None:
            flush()
            if not table:
                table_line = number
            if not _TABLE_RULE.match(line):
                table.append([fold(_clean_cell(c)) if markdown else fold(c) for c in cells])
            continue
        flush_table()
        if not stripped:
            flush()
            continue
        heading = _MD_HEADING.match(line) if markdown else None
        if heading:
            flush()
            text = fold(_clean_md(heading.group(2)))
            doc.blocks.append(Block(HEADING, text, number, section))
            section = text
            continue
        bullet = _BULLET.match(line)
        if bullet:
            flush()
            kind, start = ITEM, number
            current = [line[bullet.end():]]
            continue
        if kind == ITEM and current and not line[:1].isspace():
            flush()  # an unindented line after a list item starts a paragraph
        if not current:
            start = number
        current.append(stripped)
    flush()
    flush_table()
    doc.footer_links = _footer_items(doc.blocks)
    return doc


def _table_cells(line: str) -> list[str] | None:
    stripped = line.strip()
    if stripped.startswith("|") and stripped.count("|") >= 2:
        return [c.strip() for c in stripped.strip("|").split("|")]
    if "\t" in stripped and stripped.count("\t") >= 1 and len(stripped) < 400:
        return [c.strip() for c in stripped.split("\t")]
    return None


def _footer_items(blocks: list[Block]) -> list[str]:
    """List items of a section whose heading says footer (a page capture's footer menu)."""
    return [b.text for b in blocks if b.kind == ITEM and "footer" in b.section.casefold()]
