"""Complianz (WordPress): #cmplz-cookiebanner-container .cmplz-cookiebanner with
.cmplz-accept / .cmplz-deny / .cmplz-view-preferences and .cmplz-save-preferences; consent in
one cookie per category (cmplz_marketing=allow|deny, ...) and cmplz_has_consent()."""

from __future__ import annotations

from pytest_privacy.consent.base import Adapter, flag_categories

STATE_JS = """(() => {
  const flags = {};
  let seen = false;
  for (const c of ['functional', 'preferences', 'statistics', 'marketing']) {
    const m = document.cookie.match(new RegExp('(?:^|; )cmplz_' + c + '=([^;]*)'));
    if (m) { seen = true; flags[c] = m[1] === 'allow'; }
  }
  if (!seen && typeof window.cmplz_has_consent !== 'function') return null;
  return {flags};
})()"""

ADAPTER = Adapter(
    name="complianz",
    banner=(".cmplz-cookiebanner.cmplz-show", "#cmplz-cookiebanner-container .cmplz-cookiebanner"),
    accept=(".cmplz-cookiebanner .cmplz-accept",),
    reject=(".cmplz-cookiebanner .cmplz-deny",),
    settings=(".cmplz-cookiebanner .cmplz-view-preferences",),
    reject_second=(".cmplz-cookiebanner .cmplz-save-preferences",),
    detect_js="!!(window.cmplz_has_consent || window.complianz || "
              "document.getElementById('cmplz-cookiebanner-container'))",
    state_js=STATE_JS,
    categories=flag_categories({"functional": "functional", "preferences": "functional",
                                "statistics": "analytics", "marketing": "marketing"}),
    reopen=(".cmplz-manage-consent", "#cmplz-manage-consent .cmplz-manage-consent"),
)
