"""The one taxonomy of cookies, requests and storage, and the aliases the spec accepts."""

from __future__ import annotations

# Categories something can be classified into, least invasive first.
TAXONOMY = ("necessary", "functional", "analytics", "marketing")
UNKNOWN = "unknown"
CATEGORIES = (*TAXONOMY, UNKNOWN)
# Display order in reports: what a policy most often forbids first.
SEVERITY = ("marketing", "analytics", "unknown", "functional", "necessary")
ALIASES = {
    "targeting": "marketing",
    "advertising": "marketing",
    "performance": "analytics",
    "statistics": "analytics",
    "preferences": "functional",
}


def canonical_category(name: str) -> str:
    """Map an alias such as 'targeting' to the taxonomy's own name ('marketing')."""
    return ALIASES.get(name, name)


def rank(category: str) -> int:
    """How invasive a category is: necessary 0 … marketing 3, unknown 4."""
    return CATEGORIES.index(category) if category in CATEGORIES else len(CATEGORIES)
