"""Borlabs Cookie (WordPress): 2.x's #BorlabsCookieBox with #CookieBoxSaveButton
[data-cookie-accept], [data-cookie-refuse] ("Accept only essential cookies") and
[data-cookie-individual], 3.x's .brlbs-cmpnt-dialog (.brlbs-btn-accept-all,
.brlbs-btn-accept-only-essential); consent per group in the borlabs-cookie cookie (URL-encoded
JSON, {"consents": {group: [cookie ids]}, ...})."""

from __future__ import annotations

from pytest_privacy.consent.base import Adapter, flag_categories

STATE_JS = """(() => {
  const m = document.cookie.match(/(?:^|; )borlabs-cookie=([^;]*)/);
  if (!window.BorlabsCookie && !m) return null;
  try {
    const data = m ? JSON.parse(decodeURIComponent(m[1])) : {};
    const consents = data.consents || {};
    const flags = {};
    for (const group of ['essential', 'statistics', 'marketing', 'external-media'])
      flags[group] = group in consents;
    return {flags};
  } catch (e) { return {error: String(e)}; }
})()"""

ADAPTER = Adapter(
    name="borlabs",
    banner=("#BorlabsCookieBox ._brlbs-bar", "#BorlabsCookieBox ._brlbs-box",
            "#BorlabsCookieBox", ".brlbs-cmpnt-dialog"),
    accept=("#BorlabsCookieBox [data-cookie-accept-all]",
            "#BorlabsCookieBox a[data-cookie-accept]", ".brlbs-cmpnt-dialog .brlbs-btn-accept-all"),
    reject=("#BorlabsCookieBox [data-cookie-refuse]",
            ".brlbs-cmpnt-dialog .brlbs-btn-accept-only-essential"),
    settings=("#BorlabsCookieBox [data-cookie-individual]",),
    reject_second=("#BorlabsCookieBox [data-cookie-refuse]",),
    detect_js="!!(window.BorlabsCookie || document.getElementById('BorlabsCookieBox'))",
    reopen_js="window.BorlabsCookie && typeof window.BorlabsCookie.openCookiePreference "
              "=== 'function' && (window.BorlabsCookie.openCookiePreference(), true)",
    state_js=STATE_JS,
    categories=flag_categories({"essential": "necessary", "statistics": "analytics",
                                "marketing": "marketing", "external-media": "functional"}),
    reopen=(".borlabs-cookie-preference", "a[href='#cookie-preference']"),
)
