"""TrustArc (TrustE): consent banner #truste-consent-track ("Accept all" / "Required only"
/ "Manage"), consent levels in the notice_gdpr_prefs cookie (0 required, 1 functional,
2 advertising) and window.truste."""

from __future__ import annotations

from pytest_privacy.consent.base import Adapter, flag_categories

STATE_JS = """(() => {
  const m = document.cookie.match(/(?:^|; )notice_gdpr_prefs=([^;]*)/);
  if (!window.truste && !m) return null;
  if (!m) return {flags: null};
  const levels = decodeURIComponent(m[1]).split(':')[0].split(',').filter(Boolean);
  return {flags: {'1': levels.includes('1'), '2': levels.includes('2')}, levels};
})()"""

ADAPTER = Adapter(
    name="trustarc",
    banner=("#truste-consent-track", "#truste-consent-content"),
    accept=("#truste-consent-button",),
    reject=("#truste-consent-required",),
    settings=("#truste-show-consent",),
    detect_js="!!(window.truste || document.getElementById('truste-consent-track'))",
    state_js=STATE_JS,
    categories=flag_categories({"1": "functional", "2": "marketing"}),
    reopen=("#teconsent a", ".truste_cursor_pointer"),
    reopen_js="window.truste && window.truste.eu && typeof window.truste.eu.clickListener "
              "=== 'function' && (window.truste.eu.clickListener(), true)",
)
