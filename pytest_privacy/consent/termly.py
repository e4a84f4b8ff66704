"""Termly: the banner's buttons carry data-tid (banner-accept, banner-decline,
banner-manage); window.Termly; the site's "Consent Preferences" link .termly-display-preferences."""

from __future__ import annotations

from pytest_privacy.consent.base import Adapter

ADAPTER = Adapter(
    name="termly",
    banner=("[data-tid='banner-accept']",),
    accept=("[data-tid='banner-accept']",),
    reject=("[data-tid='banner-decline']",),
    settings=("[data-tid='banner-manage']",),
    detect_js="!!(window.Termly || document.getElementById('termly-code-snippet-support'))",
    reopen=(".termly-display-preferences",),
    reopen_js="window.displayPreferenceModal && (window.displayPreferenceModal(), true)",
)
