"""HTML to blocks with Beautiful Soup (stdlib parser underneath: no compiled dependency).

Headings (h1-h6, and the heading-like elements of the consent managers' cookie lists) name
sections; p/li/td-less block elements become paragraphs and items; tables become Tables, and
so do the cookie lists OneTrust and Cookiebot render without a plain table."""

from __future__ import annotations

from bs4 import BeautifulSoup
from bs4.element import NavigableString, Tag

from pytest_privacy.derive.source import HEADING, ITEM, PARAGRAPH, Block, Document, Table, fold

_SKIP = {"script", "style", "noscript", "template", "svg", "head", "button", "select",
         "option"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCKS = {"p", "li", "dd", "dt", "blockquote", "figcaption", "address", "summary",
           "caption", "label"}
_CONTAINERS = {"div", "section", "article", "main", "header", "footer", "nav", "aside",
               "body", "html", "ul", "ol", "dl", "form", "fieldset", "details", "span",
               "center", "font"}


def parse_html(raw: str) -> Document:
    soup = BeautifulSoup(raw, "html.parser")
    doc = Document(kind="html")
    canonical = soup.find("link", rel="canonical")
    if isinstance(canonical, Tag) and isinstance(canonical.get("href"), str):
        doc.url = str(canonical["href"])
    walker = _Walker(doc)
    root = soup.body or soup
    walker.walk(root)
    walker.flush()
    doc.footer_links = [fold(a.get_text()) for f in soup.find_all("footer")
                        if isinstance(f, Tag) for a in f.find_all("a") if isinstance(a, Tag)
                        and fold(a.get_text())]
    return doc


class _Walker:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.section = ""
        self.parts: list[str] = []
        self.line = 0

    def flush(self, kind: str = PARAGRAPH) -> None:
        # text nodes keep their own white space: joined as they are, "<a>Choices</a>." stays
        # "Choices." as the page shows it
        text = fold("".join(self.parts))
        if text:
            self.doc.blocks.append(Block(kind, text, self.line, self.section))
        self.parts = []

    def walk(self, node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString and str(child).strip():
                    if not self.parts:
                        self.line = node.sourceline or self.line
                    self.parts.append(str(child))
                continue
            if not isinstance(child, Tag) or child.name in _SKIP:
                continue
            if child.get("aria-hidden") == "true" or child.has_attr("hidden"):
                continue
            name = child.name
            if name == "br":
                self.parts.append(" ")
                continue
            if name in _HEADINGS or _is_list_heading(child):
                self.flush()
                text = fold(child.get_text())
                if text:
                    self.doc.blocks.append(Block(HEADING, text, child.sourceline or 0,
                                                 self.section))
                    self.section = text
                continue
            if name == "table":
                self.flush()
                self._table(child)
                continue
            if _is_cookie_list(child):
                self.flush()
                self._cookie_list(child)
                continue
            if name in _BLOCKS:
                self.flush()
                self.line = child.sourceline or self.line
                self.walk(child)
                self.flush(ITEM if name in ("li", "dd", "dt") else PARAGRAPH)
                continue
            if name in _CONTAINERS and name not in ("span", "font") or name == "div":
                self.flush()
                self.walk(child)
                self.flush()
                continue
            self.walk(child)  # inline: a, strong, em, span ...

    def _table(self, table: Tag) -> None:
        rows: list[list[str]] = []
        for tr in table.find_all("tr"):
            if not isinstance(tr, Tag):
                continue
            cells = [fold(c.get_text()) for c in tr.find_all(["th", "td"])
                     if isinstance(c, Tag)]
            if any(cells):
                rows.append(cells)
        if len(rows) >= 2:
            self.doc.tables.append(Table(rows, table.sourceline or 0, self.section))
        caption = table.find("caption")
        if isinstance(caption, Tag) and fold(caption.get_text()):
            self.doc.blocks.append(Block(PARAGRAPH, fold(caption.get_text()),
                                         caption.sourceline or 0, self.section))

    def _cookie_list(self, node: Tag) -> None:
        """OneTrust's cookie list without tables: ul.ot-sdk-cookie-policy lists whose items
        carry the cookie's name and the group's heading above them."""
        rows = [["Name", "Category"]]
        for item in node.select("li"):
            name_cell = item.select_one(".ot-cookies-td-content, .cookie-name")
            if name_cell is not None and fold(name_cell.get_text()):
                rows.append([fold(name_cell.get_text()), self.section])
        if len(rows) >= 2:
            self.doc.tables.append(Table(rows, node.sourceline or 0, self.section))


def _classes(tag: Tag) -> set[str]:
    value = tag.get("class")
    return set(value) if isinstance(value, list) else set(str(value or "").split())


def _is_list_heading(tag: Tag) -> bool:
    """The category headings of a CMP-rendered cookie list (Cookiebot's
    CookieDeclarationType title, OneTrust's group heading)."""
    return bool(_classes(tag) & {"CookieDeclarationTypeHeader", "ot-sdk-cookie-policy-group",
                                 "cookie-category-title"})


def _is_cookie_list(tag: Tag) -> bool:
    return tag.name == "ul" and "ot-sdk-cookie-policy" in _classes(tag)
