"""Axeptio: the widget #axeptio_overlay with #axeptio_btn_acceptAll / #axeptio_btn_dismiss
("No thanks") / #axeptio_btn_configure; consent per vendor in the axeptio_cookies cookie."""

from __future__ import annotations

from pytest_privacy.consent.base import Adapter

STATE_JS = """(() => {
  const m = document.cookie.match(/(?:^|; )axeptio_cookies=([^;]*)/);
  if (!window.axeptioSDK && !window._axcb && !m) return null;
  try { return {vendors: m ? JSON.parse(decodeURIComponent(m[1])) : null}; }
  catch (e) { return {error: String(e)}; }
})()"""

ADAPTER = Adapter(
    name="axeptio",
    banner=("#axeptio_overlay .axeptio_widget", "#axeptio_main_button"),
    accept=("#axeptio_btn_acceptAll",),
    reject=("#axeptio_btn_dismiss",),
    settings=("#axeptio_btn_configure",),
    detect_js="!!(window.axeptioSDK || window._axcb || document.getElementById('axeptio_overlay'))",
    state_js=STATE_JS,
    reopen_js="typeof window.openAxeptioCookies === 'function' && "
              "(window.openAxeptioCookies(), true)",
)
