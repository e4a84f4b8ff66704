"""Ketch: the experience in #lanyard_root: the banner #ketch-banner (primary "Accept All",
secondary "Reject All", tertiary "Customize Settings") and the preferences #ketch-preferences
(purpose switches, .rejectAllButton, .confirmButton); consent through
window.ketch('getConsent'), kept in the _ketch_consent_v1_ record."""

from __future__ import annotations

from pytest_privacy.consent.base import Adapter, flag_categories

STATE_JS = """new Promise(resolve => {
  if (typeof window.ketch !== 'function') return resolve(null);
  const timer = setTimeout(() => resolve({error: 'getConsent did not answer in 2 s'}), 2000);
  try {
    window.ketch('getConsent', (consent) => {
      clearTimeout(timer);
      const purposes = (consent && consent.purposes) || {};
      resolve({flags: Object.fromEntries(Object.entries(purposes).map(([k, v]) => [k, !!v]))});
    });
  } catch (e) { clearTimeout(timer); resolve({error: String(e)}); }
})"""

ADAPTER = Adapter(
    name="ketch",
    banner=("#lanyard_root [role='dialog']", "#lanyard_root #ketch-banner"),
    accept=("#lanyard_root #ketch-banner-button-primary",),
    reject=("#lanyard_root #ketch-banner-button-secondary",
            "#lanyard_root #ketch-banner button[aria-label^='Reject' i]"),
    settings=("#lanyard_root #ketch-banner-button-tertiary",),
    reject_second=("#lanyard_root button[class*=rejectAllButton]",
                   "#lanyard_root button[class*=confirmButton]"),
    detect_js="!!(typeof window.ketch === 'function' || document.getElementById('lanyard_root'))",
    state_js=STATE_JS,
    categories=flag_categories({"analytics": "analytics", "targeted_advertising": "marketing",
                                "behavioral_advertising": "marketing", "advertising": "marketing",
                                "functional": "functional", "essential_services": "necessary"}),
    reopen_js="typeof window.ketch === 'function' && (window.ketch('showPreferences'), true)",
)
