"""Transcend: airgap.js with its consent UI (transcend-io/consent-manager-ui) in the shadow
root of #transcend-consent-manager: the dialog #consentManagerMainDialog whose GDPR views
have .accept-or-reject-all-button-row with button.button "Accept all", "Reject all" (and
"More choices"), in that order; its collapsed "Privacy Settings" button reopens it. Consent
per purpose through window.airgap.getConsent(), kept in localStorage tcmConsent."""

from __future__ import annotations

from pytest_privacy.consent.base import Adapter, flag_categories

STATE_JS = """(() => {
  const ag = window.airgap;
  if (!ag || typeof ag.getConsent !== 'function') return null;
  try {
    const c = ag.getConsent();
    const flags = {};
    const purposes = (c && c.purposes) || {};
    for (const [k, v] of Object.entries(purposes)) flags[k.toLowerCase()] = v === true;
    return {flags, confirmed: !!(c && c.confirmed)};
  } catch (e) { return {error: String(e)}; }
})()"""

ROW = "#consentManagerMainDialog .accept-or-reject-all-button-row"

ADAPTER = Adapter(
    name="transcend",
    banner=("#consentManagerMainDialog", "#transcend-consent-manager"),
    accept=(f"{ROW} > button.button:nth-of-type(1)",),
    reject=(f"{ROW} > button.button:nth-of-type(2)",),
    settings=(f"{ROW} > button.button:nth-of-type(3)",),
    reopen=("#transcend-consent-manager .collapsed-container",),
    detect_js="!!(window.airgap || window.transcend)",
    state_js=STATE_JS,
    categories=flag_categories({"analytics": "analytics", "advertising": "marketing",
                                "functional": "functional", "saleofinfo": "marketing"}),
    reopen_js="window.transcend && typeof window.transcend.showConsentManager === 'function' "
              "&& (window.transcend.showConsentManager(), true)",
)
