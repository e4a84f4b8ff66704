"""iubenda Cookie Solution: #iubenda-cs-banner with .iubenda-cs-accept-btn /
.iubenda-cs-reject-btn / .iubenda-cs-customize-btn; the preferences panel #iubenda-iframe
(.iubenda-iframe-visible while open: one toggle per purpose, "Save and continue" #iubFooterBtn);
consent per purpose through window._iub.cs.api.getPreferences() (the _iub_cs-<policy id>
cookie); the floating .iubenda-tp-btn and the site's .iubenda-cs-preferences-link reopen it."""

from __future__ import annotations

from pytest_privacy.consent.base import Adapter, flag_categories

STATE_JS = """(() => {
  const iub = window._iub && window._iub.cs;
  if (!iub || !iub.api) return null;
  try {
    const prefs = iub.api.getPreferences ? iub.api.getPreferences() : null;
    const purposes = prefs && prefs.purposes ? prefs.purposes : {};
    // iubenda purposes: 1 necessary, 2 functionality, 3 experience, 4 measurement, 5 marketing
    return {flags: Object.fromEntries(Object.entries(purposes).map(([k, v]) => [k, !!v])),
            given: iub.api.isConsentGiven ? !!iub.api.isConsentGiven() : null};
  } catch (e) { return {error: String(e)}; }
})()"""

ADAPTER = Adapter(
    name="iubenda",
    banner=("#iubenda-cs-banner", "#iubenda-iframe.iubenda-iframe-visible"),
    accept=(".iubenda-cs-accept-btn",),
    reject=(".iubenda-cs-reject-btn",),
    settings=(".iubenda-cs-customize-btn",),
    reject_second=("#iubFooterBtn", ".purposes-btn-reject"),
    detect_js="!!((window._iub && window._iub.cs) || document.getElementById('iubenda-cs-banner'))",
    state_js=STATE_JS,
    categories=flag_categories({"2": "functional", "3": "functional", "4": "analytics",
                                "5": "marketing"}),
    reopen=(".iubenda-tp-btn", ".iubenda-cs-preferences-link"),
    reopen_js="window._iub && window._iub.cs && window._iub.cs.api && "
              "(window._iub.cs.api.openPreferences(), true)",
)
