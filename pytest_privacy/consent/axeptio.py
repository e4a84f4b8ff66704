"""Axeptio: the widget .axeptio_widget (in the open shadow root of #axeptio_overlay
.axeptio_mount .needsclick) with #axeptio_btn_acceptAll ("OK for me") / #axeptio_btn_dismiss
("No thanks", .ax-discardButton) / #axeptio_btn_configure; consent per vendor in the
axeptio_cookies cookie ({"$$completed": true, "<vendor>": bool, ...}); after a choice the
round #axeptio_main_button (or window.openAxeptioCookies()) shows it again."""

from __future__ import annotations

from typing import Any

from pytest_privacy.consent.base import Adapter

STATE_JS = """(() => {
  const m = document.cookie.match(/(?:^|; )axeptio_cookies=([^;]*)/);
  if (!window.__axeptioSDK && !window.axeptioSDK && !m) return null;
  try { return {vendors: m ? JSON.parse(decodeURIComponent(m[1])) : null}; }
  catch (e) { return {error: String(e)}; }
})()"""

# Axeptio records consent per vendor (its vendor library's ids), not per category.
VENDORS = {
    "google_analytics": "analytics", "ga4": "analytics", "matomo": "analytics",
    "piwik_pro": "analytics", "hotjar": "analytics", "mixpanel": "analytics",
    "amplitude": "analytics", "clarity": "analytics", "microsoft_clarity": "analytics",
    "facebook_pixel": "marketing", "meta_pixel": "marketing", "google_ads": "marketing",
    "doubleclick": "marketing", "criteo": "marketing", "linkedin": "marketing",
    "linkedin_insight": "marketing", "tiktok": "marketing", "pinterest": "marketing",
    "bing": "marketing", "bing_ads": "marketing", "twitter": "marketing", "snapchat": "marketing",
    "taboola": "marketing", "outbrain": "marketing",
}


def categories(state: Any) -> dict[str, bool] | None:
    """Categories from the vendors the visitor chose for (only once the choice is complete)."""
    vendors = state.get("vendors") if isinstance(state, dict) else None
    if not isinstance(vendors, dict) or not vendors.get("$$completed"):
        return None
    out: dict[str, bool] = {}
    for vendor, granted in vendors.items():
        category = VENDORS.get(str(vendor).lower())
        if category and isinstance(granted, bool):
            out[category] = out.get(category, False) or granted
    return out or None


ADAPTER = Adapter(
    name="axeptio",
    banner=(".axeptio_widget",),
    accept=("#axeptio_btn_acceptAll",),
    reject=("#axeptio_btn_dismiss", "button.ax-discardButton"),
    settings=("#axeptio_btn_configure",),
    detect_js="!!(window.__axeptioSDK || window.axeptioSDK || window._axcb || "
              "document.querySelector('#axeptio_overlay, .axeptio_mount'))",
    state_js=STATE_JS,
    categories=categories,
    reopen=("#axeptio_main_button",),
    reopen_js="typeof window.openAxeptioCookies === 'function' && "
              "(window.openAxeptioCookies(), true)",
)
