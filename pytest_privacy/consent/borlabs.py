"""Borlabs Cookie (WordPress): #BorlabsCookieBox with [data-cookie-accept-all],
[data-cookie-refuse] ("Only accept essential cookies") and [data-cookie-individual]; consent
per group in the borlabs-cookie cookie."""

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
            "#BorlabsCookieBox"),
    accept=("#BorlabsCookieBox [data-cookie-accept-all]",
            "#BorlabsCookieBox a[data-cookie-accept]"),
    reject=("#BorlabsCookieBox [data-cookie-refuse]",),
    settings=("#BorlabsCookieBox [data-cookie-individual]",),
    reject_second=("#BorlabsCookieBox [data-cookie-refuse]",),
    detect_js="!!(window.BorlabsCookie || document.getElementById('BorlabsCookieBox'))",
    state_js=STATE_JS,
    categories=flag_categories({"essential": "necessary", "statistics": "analytics",
                                "marketing": "marketing", "external-media": "functional"}),
    reopen=(".borlabs-cookie-preference", "a[href='#cookie-preference']"),
)
