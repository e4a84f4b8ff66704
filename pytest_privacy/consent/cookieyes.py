"""CookieYes: .cky-consent-container with .cky-btn-accept / .cky-btn-reject /
.cky-btn-customize, the preference centre's .cky-btn-preferences, the revisit button
.cky-btn-revisit; consent per category in the cookieyes-consent cookie and getCkyConsent()."""

from __future__ import annotations

from pytest_privacy.consent.base import Adapter, flag_categories

STATE_JS = """(() => {
  const m = document.cookie.match(/(?:^|; )cookieyes-consent=([^;]*)/);
  if (!m && typeof window.getCkyConsent !== 'function') return null;
  const flags = {};
  for (const part of decodeURIComponent(m ? m[1] : '').split(',')) {
    const [k, v] = part.split(':');
    const known = ['necessary', 'functional', 'analytics', 'performance', 'advertisement'];
    if (known.includes(k)) flags[k] = v === 'yes';
  }
  return {flags, action: /action:yes/.test(m ? m[1] : '')};
})()"""

ADAPTER = Adapter(
    name="cookieyes",
    banner=(".cky-consent-container:not(.cky-hide)", ".cky-modal.cky-modal-open"),
    accept=(".cky-btn-accept",),
    reject=(".cky-btn-reject",),
    settings=(".cky-btn-customize",),
    reject_second=(".cky-prefrence-btn-wrapper .cky-btn-reject", ".cky-btn-preferences"),
    detect_js="!!(window.getCkyConsent || document.querySelector('.cky-consent-container'))",
    state_js=STATE_JS,
    categories=flag_categories({"necessary": "necessary", "functional": "functional",
                                "analytics": "analytics", "performance": "analytics",
                                "advertisement": "marketing"}),
    reopen=(".cky-btn-revisit-wrapper .cky-btn-revisit", ".cky-banner-element"),
    reopen_js="window.revisitCkyConsent && (window.revisitCkyConsent(), true)",
)
