"""Didomi: notice #didomi-notice with agree / disagree buttons, preferences popup; consent
through window.Didomi and the didomi_token cookie (plus the TCF string)."""

from __future__ import annotations

from pytest_privacy.consent.base import Adapter

STATE_JS = """(() => {
  const d = window.Didomi;
  if (!d || typeof d.getCurrentUserStatus !== 'function') return null;
  try {
    const s = d.getCurrentUserStatus();
    const purposes = {};
    for (const [id, p] of Object.entries(s.purposes || {})) purposes[id] = !!(p && p.enabled);
    return {purposes};
  } catch (e) { return {error: String(e)}; }
})()"""

ADAPTER = Adapter(
    name="didomi",
    banner=("#didomi-notice", "#didomi-popup"),
    accept=("#didomi-notice-agree-button",),
    reject=("#didomi-notice-disagree-button", ".didomi-continue-without-agreeing"),
    settings=("#didomi-notice-learn-more-button",),
    reject_second=(".didomi-consent-popup-actions button[aria-label^='Disagree']",
                   "#didomi-consent-popup-disagree-all", ".didomi-button-disagree-all"),
    detect_js="!!(window.Didomi || document.getElementById('didomi-host'))",
    state_js=STATE_JS,
)
