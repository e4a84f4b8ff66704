"""What a consent-manager adapter is: where its banner and controls are, and how to read the
consent it stored. Adapters are data; consent/operate.py does the clicking."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

CategoryMap = Callable[[Any], dict[str, bool] | None]


@dataclass(frozen=True)
class Adapter:
    name: str
    banner: tuple[str, ...]  # selectors of the first layer
    accept: tuple[str, ...]  # first-layer accept controls
    reject: tuple[str, ...]  # first-layer reject controls
    settings: tuple[str, ...] = ()  # open the second layer
    reject_second: tuple[str, ...] = ()  # reject (or save with everything off) there
    detect_js: str | None = None  # expression: true when the CMP's script is on the page
    state_js: str | None = None  # expression: the consent the CMP stored, as plain data
    categories: CategoryMap = field(default=lambda state: None)  # granted, by category
    reopen: tuple[str, ...] = ()  # the persistent control that shows the CMP again
    reopen_js: str | None = None  # expression that shows it again through the CMP's API


def flag_categories(mapping: dict[str, str]) -> CategoryMap:
    """Categories from a CMP state {"flags": {its key: granted}}: its keys mapped onto the
    taxonomy (a key in no category is left out)."""

    def read(state: Any) -> dict[str, bool] | None:
        if not isinstance(state, dict) or not isinstance(state.get("flags"), dict):
            return None
        out: dict[str, bool] = {}
        for key, granted in state["flags"].items():
            category = mapping.get(str(key).lower())
            if category:
                out[category] = out.get(category, False) or bool(granted)
        return out or None

    return read


def _no_categories(state: Any) -> dict[str, bool] | None:
    return None


def selectors_adapter(accept: str | None, reject: str | None, banner: str | None,
                      settings: str | None = None) -> Adapter:
    """The spec's own selectors as an adapter (cmp: selectors, and the fallback)."""
    return Adapter(
        name="selectors",
        banner=tuple(s for s in (banner,) if s),
        accept=tuple(s for s in (accept,) if s),
        reject=tuple(s for s in (reject,) if s),
        settings=tuple(s for s in (settings,) if s),
        categories=_no_categories,
    )
