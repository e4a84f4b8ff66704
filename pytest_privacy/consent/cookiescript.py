"""CookieScript: #cookiescript_injected with #cookiescript_accept / #cookiescript_reject /
#cookiescript_manage and #cookiescript_save; consent through
CookieScript.instance.currentState() ({action, categories: the optional categories accepted},
also the CookieScriptConsent cookie); the badge #cookiescript_badge reopens it."""

from __future__ import annotations

from pytest_privacy.consent.base import Adapter, flag_categories

STATE_JS = """(() => {
  const cs = window.CookieScript && window.CookieScript.instance;
  if (!cs || typeof cs.currentState !== 'function') return null;
  try {
    const state = cs.currentState();
    // strictly necessary is always on, whether or not currentState() lists it
    const flags = {strict: true};
    for (const c of ['performance', 'targeting', 'functionality', 'unclassified'])
      flags[c] = (state.categories || []).includes(c);
    return {flags, action: state.action || null};
  } catch (e) { return {error: String(e)}; }
})()"""

ADAPTER = Adapter(
    name="cookiescript",
    banner=("#cookiescript_injected",),
    accept=("#cookiescript_accept",),
    reject=("#cookiescript_reject",),
    settings=("#cookiescript_manage",),
    reject_second=("#cookiescript_save",),
    detect_js="!!(window.CookieScript || document.getElementById('cookiescript_injected'))",
    state_js=STATE_JS,
    categories=flag_categories({"strict": "necessary", "performance": "analytics",
                                "targeting": "marketing", "functionality": "functional"}),
    reopen=("#cookiescript_badge",),
    reopen_js="window.CookieScript && window.CookieScript.instance && "
              "(window.CookieScript.instance.show(), true)",
)
