"""Cookiebot: dialog #CybotCookiebotDialog, consent in window.Cookiebot.consent
({necessary, preferences, statistics, marketing}) and the CookieConsent cookie."""

from __future__ import annotations

from typing import Any

from pytest_privacy.consent.base import Adapter

STATE_JS = """(() => {
  const cb = window.Cookiebot || window.CookieConsent;
  if (!cb || !cb.consent) return null;
  const c = cb.consent;
  return {necessary: !!c.necessary, preferences: !!c.preferences, statistics: !!c.statistics,
          marketing: !!c.marketing, has_response: !!cb.hasResponse};
})()"""


def categories(state: Any) -> dict[str, bool] | None:
    if not isinstance(state, dict):
        return None
    return {"necessary": True, "functional": bool(state.get("preferences")),
            "analytics": bool(state.get("statistics")),
            "marketing": bool(state.get("marketing"))}


ADAPTER = Adapter(
    name="cookiebot",
    banner=("#CybotCookiebotDialog",),
    accept=("#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll",
            "#CybotCookiebotDialogBodyButtonAccept"),
    reject=("#CybotCookiebotDialogBodyButtonDecline",),
    settings=("#CybotCookiebotDialogBodyButtonDetails",),
    reject_second=("#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowallSelection",),
    detect_js="!!(window.Cookiebot || document.getElementById('CybotCookiebotDialog'))",
    reopen=("#CookiebotWidget .CookiebotWidget-logo", "a[href*='Cookiebot.renew']"),
    reopen_js="window.Cookiebot && typeof window.Cookiebot.renew === 'function' && "
              "(window.Cookiebot.renew(), true)",
    state_js=STATE_JS,
    categories=categories,
)
