"""Quantcast Choice (a TCF v2.2 CMP): .qc-cmp2-container with its summary buttons; consent
through __tcfapi (read by the tcf adapter)."""

from __future__ import annotations

from pytest_privacy.consent.base import Adapter

ADAPTER = Adapter(
    name="quantcast",
    banner=(".qc-cmp2-container .qc-cmp2-summary-section", "#qc-cmp2-ui"),
    accept=(".qc-cmp2-summary-buttons button[mode='primary']",),
    reject=(".qc-cmp2-summary-buttons button[mode='secondary'][aria-label*='DISAGREE' i]",),
    settings=(".qc-cmp2-summary-buttons button[mode='secondary'][aria-label*='MORE' i]",),
    reject_second=(".qc-cmp2-header-links button[mode='link']:first-child",),
    detect_js="!!(document.querySelector('.qc-cmp2-container') || window.__qc)",
    reopen_js="typeof window.__tcfapi === 'function' && "
              "(window.__tcfapi('displayConsentUi', 2, () => {}), true)",
)
