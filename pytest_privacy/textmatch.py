"""How visible text is compared: case-folded, white space collapsed."""

from __future__ import annotations


def normalise(text: str) -> str:
    """Case-folded text with runs of white space as one space."""
    return " ".join(text.split()).casefold()


FOOTER_SELECTOR = ('footer, [role="contentinfo"], #footer, .footer, [id*="footer" i], '
                   '[class*="footer" i]')


def scope_selector(within: str) -> str | None:
    """The CSS selector a `within:` value stands for; None for the whole page."""
    if within == "page":
        return None
    if within == "footer":
        return FOOTER_SELECTOR
    return within
