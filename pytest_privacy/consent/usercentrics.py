"""Usercentrics (CMP v2): the banner lives in the open shadow root of #usercentrics-root;
consent per service through window.UC_UI.getServicesBaseInfo()."""

from __future__ import annotations

from typing import Any

from pytest_privacy.consent.base import Adapter

STATE_JS = """(() => {
  const ui = window.UC_UI;
  if (!ui || typeof ui.getServicesBaseInfo !== 'function') return null;
  try {
    return {services: ui.getServicesBaseInfo().map(s => ({
      name: s.name, category: s.categorySlug || null,
      consent: !!(s.consent && s.consent.status)}))};
  } catch (e) { return {error: String(e)}; }
})()"""

SLUGS = {"essential": "necessary", "functional": "functional", "marketing": "marketing",
         "analytics": "analytics", "statistics": "analytics", "performance": "analytics"}


def categories(state: Any) -> dict[str, bool] | None:
    if not isinstance(state, dict) or not isinstance(state.get("services"), list):
        return None
    out: dict[str, bool] = {}
    for service in state["services"]:
        category = SLUGS.get(str(service.get("category")))
        if category:
            out[category] = out.get(category, False) or bool(service.get("consent"))
    return out


ADAPTER = Adapter(
    name="usercentrics",
    banner=("[data-testid='uc-banner-content']",
            "[data-testid='uc-default-banner']", "#uc-center-container"),
    accept=("[data-testid='uc-accept-all-button']",),
    reject=("[data-testid='uc-deny-all-button']",),
    settings=("[data-testid='uc-more-button']",),
    reject_second=("[data-testid='uc-deny-all-button']",),
    detect_js="!!(window.UC_UI || document.getElementById('usercentrics-root'))",
    state_js=STATE_JS,
    categories=categories,
)
