"""IAB TCF v2: any CMP that exposes window.__tcfapi. Its banner is found by the visible
texts of its buttons; its consent is read with __tcfapi('getTCData', 2, ...)."""

from __future__ import annotations

from pytest_privacy.consent.base import Adapter

# The TCF string is read in every frame-less main document that has the API; purposes are
# listed by number (1 = store and/or access information on a device, ...).
STATE_JS = """new Promise(resolve => {
  if (typeof window.__tcfapi !== 'function') return resolve(null);
  const timer = setTimeout(() => resolve({error: 'getTCData did not answer in 2 s'}), 2000);
  try {
    window.__tcfapi('getTCData', 2, (data, ok) => {
      clearTimeout(timer);
      if (!ok || !data) return resolve({error: 'getTCData failed'});
      const consents = (data.purpose && data.purpose.consents) || {};
      resolve({tcString: data.tcString || '', cmpId: data.cmpId || null,
               eventStatus: data.eventStatus || null, gdprApplies: data.gdprApplies,
               purposes_consented: Object.keys(consents).filter(k => consents[k]).map(Number)});
    });
  } catch (e) { clearTimeout(timer); resolve({error: String(e)}); }
})"""

ADAPTER = Adapter(
    name="tcf",
    banner=(),
    accept=(),
    reject=(),
    detect_js="typeof window.__tcfapi === 'function'",
    state_js=STATE_JS,
    reopen_js="typeof window.__tcfapi === 'function' && "
              "(window.__tcfapi('displayConsentUi', 2, () => {}), true)",
)
