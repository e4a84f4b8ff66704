"""Klaro (open source, kiprotect/klaro): notice .klaro .cookie-notice, consent per service in
klaro.getManager().consents and the 'klaro' cookie."""

from __future__ import annotations

from pytest_privacy.consent.base import Adapter

STATE_JS = """(() => {
  const k = window.klaro;
  if (!k || typeof k.getManager !== 'function') return null;
  try {
    const m = k.getManager();
    return {confirmed: !!m.confirmed, consents: Object.assign({}, m.consents)};
  } catch (e) { return {error: String(e)}; }
})()"""

ADAPTER = Adapter(
    name="klaro",
    banner=(".klaro .cookie-notice", ".klaro .cookie-modal"),
    accept=(".klaro .cookie-notice .cm-btn-success", ".klaro .cm-btn-accept-all"),
    reject=(".klaro .cookie-notice .cn-decline", ".klaro .cm-btn-decline"),
    settings=(".klaro .cookie-notice .cn-learn-more",),
    reject_second=(".klaro .cookie-modal .cm-btn-decline",),
    detect_js="!!(window.klaro || document.querySelector('.klaro'))",
    state_js=STATE_JS,
    reopen_js="window.klaro && typeof window.klaro.show === 'function' && "
              "(window.klaro.show(undefined, true), true)",
)
