"""Osano (the commercial CMP, not the open-source cookieconsent): .osano-cm-dialog with
.osano-cm-accept-all / .osano-cm-denyAll, the drawer .osano-cm-info-dialog (hidden with
--hidden) and its .osano-cm-save; consent per category through Osano.cm.getConsent()."""

from __future__ import annotations

from pytest_privacy.consent.base import Adapter, flag_categories

STATE_JS = """(() => {
  const cm = window.Osano && window.Osano.cm;
  if (!cm || typeof cm.getConsent !== 'function') return null;
  try {
    const c = cm.getConsent();
    const flags = {};
    for (const [k, v] of Object.entries(c || {})) flags[k.toLowerCase()] = v === 'ACCEPT';
    return {flags};
  } catch (e) { return {error: String(e)}; }
})()"""

ADAPTER = Adapter(
    name="osano",
    banner=(".osano-cm-dialog:not(.osano-cm-dialog--hidden)",
            ".osano-cm-info-dialog:not(.osano-cm-info-dialog--hidden)",
            ".osano-cm-info-dialog--visible"),
    accept=(".osano-cm-dialog .osano-cm-accept-all", ".osano-cm-dialog .osano-cm-accept"),
    reject=(".osano-cm-dialog .osano-cm-denyAll", ".osano-cm-dialog .osano-cm-deny"),
    settings=(".osano-cm-dialog .osano-cm-manage",),
    reject_second=(".osano-cm-info-dialog .osano-cm-denyAll",
                   ".osano-cm-info-dialog .osano-cm-save"),
    detect_js="!!(window.Osano && window.Osano.cm)",
    state_js=STATE_JS,
    categories=flag_categories({"essential": "necessary", "analytics": "analytics",
                                "marketing": "marketing", "personalization": "functional"}),
    reopen=(".osano-cm-window__widget",),
    reopen_js="window.Osano && window.Osano.cm && typeof window.Osano.cm.showDrawer === "
              "'function' && (window.Osano.cm.showDrawer('osano-cm-dom-info-dialog-open'), true)",
)
