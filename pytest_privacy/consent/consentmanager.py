"""consentmanager.net: #cmpbox with .cmpboxbtnyes / .cmpboxbtnno / .cmpboxbtncustom and the
settings layer's .cmpboxbtnsave; a TCF v2.2 CMP (window.__cmp, __tcfapi)."""

from __future__ import annotations

from pytest_privacy.consent.base import Adapter

ADAPTER = Adapter(
    name="consentmanager",
    banner=("#cmpbox",),
    accept=("#cmpbox .cmpboxbtnyes",),
    reject=("#cmpbox .cmpboxbtnno",),
    settings=("#cmpbox .cmpboxbtncustom",),
    reject_second=("#cmpbox .cmpboxbtnsave",),
    detect_js="!!(window.cmpmngr || (window.__cmp && document.getElementById('cmpbox')))",
    reopen_js="typeof window.__cmp === 'function' && (window.__cmp('showScreen'), true)",
)
