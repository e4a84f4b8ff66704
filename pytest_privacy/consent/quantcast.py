"""InMobi Choice, formerly Quantcast Choice (a TCF v2.2 CMP): #qc-cmp2-container >
#qc-cmp2-ui with its summary buttons #more-options-btn / #disagree-btn / #accept-btn (older
tags: the same buttons by their mode attribute only), loaded from cmp.inmobi.com (formerly
quantcast.mgr.consensu.org); consent through __tcfapi (read by the tcf adapter)."""

from __future__ import annotations

from pytest_privacy.consent.base import Adapter

ADAPTER = Adapter(
    name="quantcast",
    banner=("#qc-cmp2-container .qc-cmp2-summary-section", "#qc-cmp2-ui"),
    accept=("#qc-cmp2-ui #accept-btn", ".qc-cmp2-summary-buttons button[mode='primary']"),
    reject=("#qc-cmp2-ui #disagree-btn",
            ".qc-cmp2-summary-buttons button[mode='secondary'][aria-label*='DISAGREE' i]"),
    settings=("#qc-cmp2-ui #more-options-btn",
              ".qc-cmp2-summary-buttons button[mode='secondary'][aria-label*='MORE' i]"),
    reject_second=(".qc-cmp2-header-links button[mode='link']:first-child",),
    detect_js="!!(document.getElementById('qc-cmp2-container') || window.__qc || "
              "document.querySelector('script[src*=\"cmp.inmobi.com/choice/\"], "
              "script[src*=\"quantcast.mgr.consensu.org/\"]'))",
    reopen_js="typeof window.__tcfapi === 'function' && "
              "(window.__tcfapi('displayConsentUi', 2, () => {}), true)",
)
