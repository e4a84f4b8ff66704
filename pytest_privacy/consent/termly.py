"""Termly: #termly-code-snippet-support holds the banner, whose buttons carry data-tid
(banner-accept, banner-decline, banner-manage); the preference modal .t-preference-modal
(.t-declineAllButton, .t-saveButton); consent per category from window.Termly.getConsentState()
or the TERMLY_API_CACHE localStorage record ({"TERMLY_COOKIE_CONSENT": {"value": {...}}});
the site's "Consent Preferences" link .termly-display-preferences."""

from __future__ import annotations

from pytest_privacy.consent.base import Adapter, flag_categories

STATE_JS = """(() => {
  let cached = null;
  try {
    const cache = JSON.parse(localStorage.getItem('TERMLY_API_CACHE') || 'null');
    cached = cache && cache.TERMLY_COOKIE_CONSENT ? cache.TERMLY_COOKIE_CONSENT.value : null;
  } catch (e) { cached = null; }
  const api = window.Termly && typeof window.Termly.getConsentState === 'function';
  if (!api && !cached) return null;
  try {
    const state = api ? window.Termly.getConsentState() : cached;
    const flags = {};
    for (const [k, v] of Object.entries(state || {})) if (typeof v === 'boolean') flags[k] = v;
    return {flags, stored: !!cached};
  } catch (e) { return {error: String(e)}; }
})()"""

ADAPTER = Adapter(
    name="termly",
    banner=("#termly-code-snippet-support [data-tid='banner']", "[data-tid='banner-accept']",
            ".t-preference-modal"),
    accept=("[data-tid='banner-accept']",),
    reject=("[data-tid='banner-decline']",),
    settings=("[data-tid='banner-manage']", ".t-preference-button"),
    reject_second=(".t-declineAllButton",),
    detect_js="!!(window.Termly || document.getElementById('termly-code-snippet-support'))",
    state_js=STATE_JS,
    categories=flag_categories({"essential": "necessary", "performance": "functional",
                                "analytics": "analytics", "advertising": "marketing",
                                "social_networking": "marketing"}),
    reopen=(".termly-display-preferences",),
    reopen_js="window.displayPreferenceModal && (window.displayPreferenceModal(), true)",
)
