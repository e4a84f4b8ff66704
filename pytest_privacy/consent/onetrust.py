"""OneTrust: banner #onetrust-banner-sdk, preference centre #onetrust-pc-sdk, consent in the
OptanonConsent cookie and window.OptanonActiveGroups (C0001 necessary, C0002 performance,
C0003 functional, C0004 targeting, C0005 social media)."""

from __future__ import annotations

from typing import Any

from pytest_privacy.consent.base import Adapter

GROUPS = {"C0001": "necessary", "C0002": "analytics", "C0003": "functional",
          "C0004": "marketing", "C0005": "marketing"}

STATE_JS = """(() => {
  if (typeof window.OptanonActiveGroups !== 'string' && !window.OneTrust) return null;
  const m = document.cookie.match(/(?:^|; )OptanonConsent=([^;]*)/);
  const fields = {};
  if (m) for (const part of decodeURIComponent(m[1]).split('&')) {
    const i = part.indexOf('='); if (i > 0) fields[part.slice(0, i)] = part.slice(i + 1);
  }
  return {active_groups: window.OptanonActiveGroups || null,
          groups: fields.groups || null, isGpcEnabled: fields.isGpcEnabled || null,
          alert_box_closed: /(?:^|; )OptanonAlertBoxClosed=/.test(document.cookie)};
})()"""


def group_flags(groups: str) -> dict[str, str]:
    """The `groups` field of OptanonConsent ('C0001:1,C0004:0'): group id -> '1' or '0'."""
    flags: dict[str, str] = {}
    for pair in groups.split(","):
        group, sep, flag = pair.partition(":")
        if sep:
            flags[group.strip()] = flag.strip()
    return flags


def categories(state: Any) -> dict[str, bool] | None:
    """Taxonomy categories granted, from the OptanonConsent groups (or the active groups)."""
    if not isinstance(state, dict):
        return None
    out: dict[str, bool] = {}
    if state.get("groups"):
        for group, flag in group_flags(str(state["groups"])).items():
            category = GROUPS.get(group)
            if category:
                out[category] = out.get(category, False) or flag == "1"
        return out
    if state.get("active_groups") is not None:
        active = {g for g in str(state["active_groups"]).split(",") if g}
        for group, category in GROUPS.items():
            out[category] = out.get(category, False) or group in active
        return out
    return None


ADAPTER = Adapter(
    name="onetrust",
    banner=("#onetrust-banner-sdk", "#onetrust-consent-sdk"),
    accept=("#onetrust-accept-btn-handler", "#accept-recommended-btn-handler"),
    reject=("#onetrust-reject-all-handler", ".ot-pc-refuse-all-handler"),
    settings=("#onetrust-pc-btn-handler", ".ot-sdk-show-settings"),
    reject_second=(".ot-pc-refuse-all-handler", ".save-preference-btn-handler"),
    detect_js=("!!(window.OneTrust || window.Optanon || "
               "document.getElementById('onetrust-consent-sdk'))"),
    state_js=STATE_JS,
    categories=categories,
    reopen=("#ot-sdk-btn", ".ot-sdk-show-settings", ".optanon-show-settings"),
    reopen_js="window.OneTrust && typeof window.OneTrust.ToggleInfoDisplay === 'function' && "
              "(window.OneTrust.ToggleInfoDisplay(), true)",
)
