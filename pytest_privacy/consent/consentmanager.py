"""consentmanager.net: #cmpbox with .cmpboxbtnyes / .cmpboxbtnno / .cmpboxbtncustom and the
custom-choices screen's .cmpboxbtnsave; a TCF v2.2 CMP (window.__cmp, __tcfapi). Consent is
read with __cmp('getCMPData'): purposeConsents by purpose id, the IAB purposes by number and
the account's own purposes ("c51", ...) named in purposesList."""

from __future__ import annotations

from typing import Any

from pytest_privacy.consent.base import Adapter

STATE_JS = """(() => {
  if (typeof window.__cmp !== 'function') return null;
  try {
    const data = window.__cmp('getCMPData');
    if (!data || typeof data !== 'object' || !data.purposeConsents) return null;
    const names = {};
    for (const p of (data.purposesList || [])) {
      if (p && p.id !== undefined) names[p.id] = p.name || '';
    }
    const flags = {};
    for (const [id, granted] of Object.entries(data.purposeConsents)) flags[id] = !!granted;
    return {flags, names, consentExists: !!data.consentExists};
  } catch (e) { return {error: String(e)}; }
})()"""

# IAB TCF v2.2 purposes by number: advertising (2, 3, 4, 7), content (5, 6, 11), measurement
# and research (8, 9, 10); 1 (store and/or access information) says nothing by itself.
TCF_PURPOSES = {"2": "marketing", "3": "marketing", "4": "marketing", "7": "marketing",
                "5": "functional", "6": "functional", "11": "functional",
                "8": "analytics", "9": "analytics", "10": "analytics"}
WORDS = (("marketing", ("marketing", "advertis", "werbung", "targeting", "ads")),
         ("analytics", ("statisti", "analytic", "measure", "messung", "performance")),
         ("functional", ("functional", "funktional", "preference", "komfort", "personali")))


def _category(purpose: str, name: str) -> str | None:
    if purpose in TCF_PURPOSES:
        return TCF_PURPOSES[purpose]
    lowered = name.lower()
    for category, words in WORDS:
        if any(word in lowered for word in words):
            return category
    return None


def categories(state: Any) -> dict[str, bool] | None:
    """Granted by category: a category is granted when any of its purposes has consent."""
    if not isinstance(state, dict) or not isinstance(state.get("flags"), dict):
        return None
    names = state.get("names")
    names = names if isinstance(names, dict) else {}
    out: dict[str, bool] = {}
    for purpose, granted in state["flags"].items():
        category = _category(str(purpose), str(names.get(purpose, "")))
        if category:
            out[category] = out.get(category, False) or bool(granted)
    return out or None


ADAPTER = Adapter(
    name="consentmanager",
    banner=("#cmpbox",),
    accept=("#cmpbox .cmpboxbtnyes",),
    reject=("#cmpbox .cmpboxbtnno",),
    settings=("#cmpbox .cmpboxbtncustom",),
    reject_second=("#cmpbox .cmpboxbtnsave", "#cmpbox .cmpboxbtnyescustomchoices"),
    detect_js="!!(window.cmpmngr || (window.__cmp && document.getElementById('cmpbox')))",
    state_js=STATE_JS,
    categories=categories,
    reopen_js="typeof window.__cmp === 'function' && (window.__cmp('showScreen'), true)",
)
