// A replica of the iubenda Privacy Controls and Cookie Solution (per-purpose consent), served
// where sites load it from (cdn.iubenda.com/cs/iubenda_cs.js, after `_iub.csConfiguration`).
// Written from iubenda's public documentation and markup, no iubenda code:
// - the banner #iubenda-cs-banner (.iubenda-cs-container > .iubenda-cs-content >
//   .iubenda-cs-rationale, #iubenda-cs-title, #iubenda-cs-paragraph, .iubenda-cs-opt-group with
//   .iubenda-cs-customize-btn "Learn more and customize", .iubenda-cs-reject-btn "Reject",
//   .iubenda-cs-accept-btn "Accept"), shown about 300 ms after load;
// - the preferences panel #iubenda-iframe (.iubenda-iframe-visible while open) with the
//   per-purpose widget (.purposes-item.purpose-item-N, checkbox #purpose-N named N; purpose 1
//   locked), "Reject all" .purposes-btn-reject / "Accept all" .purposes-btn-accept (they set
//   the toggles) and #iubFooterBtn "Save and continue";
// - the record: the cookie _iub_cs-<cookiePolicyId>, URL-encoded JSON
//   {"timestamp", "version", "purposes": {"1": true, "2": false, ...}, "id", "cons": {"rand"}},
//   written when the visitor chooses (never before);
// - the API window._iub.cs.api: getPreferences(), isConsentGiven(), isConsentRejected(),
//   openPreferences(); the callbacks of _iub.csConfiguration.callback
//   (onPreferenceExpressed, onPreferenceExpressedOrNotNeeded, onConsentGiven,
//   onConsentRejected, onBannerShown); scripts blocked as <script type="text/plain"
//   class="_iub_cs_activate" data-iub-purposes="4"> are run once their purposes are granted;
// - the floating preferences button .iubenda-tp-btn.iubenda-cs-preferences-link after a
//   choice (floatingPreferencesButtonDisplay), and any .iubenda-cs-preferences-link the site has.
(function () {
  const iub = window._iub = window._iub || [];
  const conf = iub.csConfiguration || {};
  const callback = conf.callback || {};
  const policy = conf.cookiePolicyId || 0;
  const name = "_iub_cs-" + policy;
  const PURPOSES = {1: "Strictly necessary", 2: "Basic interactions & functionalities",
    3: "Experience enhancement", 4: "Measurement", 5: "Targeting & Advertising"};
  const ids = Object.keys(PURPOSES);
  function read() {
    const m = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    if (!m) return null;
    try { return JSON.parse(decodeURIComponent(m[1])); } catch (e) { return null; }
  }
  function write(purposes) {
    const record = {timestamp: new Date().toISOString(), version: "1.85.0", purposes,
      id: policy, cons: {rand: Math.random().toString(16).slice(2, 8)}};
    document.cookie = name + "=" + encodeURIComponent(JSON.stringify(record)) +
      "; path=/; max-age=" + 365 * 86400 + "; SameSite=Lax";
    return record;
  }
  function granted(record) {
    return ids.some(id => id !== "1" && record && record.purposes && record.purposes[id]);
  }
  function activate(record) {
    for (const s of document.querySelectorAll("script._iub_cs_activate[type='text/plain']")) {
      const wanted = (s.getAttribute("data-iub-purposes") || "").split(",").map(x => x.trim())
        .filter(Boolean);
      if (!wanted.every(p => record.purposes[p])) continue;
      const run = document.createElement("script");
      for (const a of s.attributes) if (a.name !== "type") run.setAttribute(a.name, a.value);
      run.className = "_iub_cs_activate-activated";
      run.text = s.text;
      s.replaceWith(run);
    }
  }
  function call(fn, ...args) { try { if (typeof fn === "function") fn(...args); } catch (e) {} }
  let banner = null, panel = null, floating = null;
  function hideBanner() {
    if (!banner) return;
    banner.classList.remove("iubenda-cs-visible");
    banner.remove();
    document.documentElement.classList.remove("iubenda-cs-visible");
  }
  function showFloating() {
    if (floating || conf.floatingPreferencesButtonDisplay === false) return;
    floating = window.FixtureSite.el(`<button class="iubenda-tp-btn iubenda-cs-preferences-link"
      data-tp-float="bottom-right" data-tp-anchored="true" aria-label="Privacy Settings"
      style="position:fixed;bottom:8px;right:8px;width:40px;height:40px;z-index:2147483647">⚙</button>`);
    floating.addEventListener("click", (e) => { e.preventDefault(); openPreferences(); });
    document.body.appendChild(floating);
  }
  function express(purposes) {
    const record = write(Object.assign({1: true}, purposes));
    hideBanner();
    if (panel) { panel.classList.remove("iubenda-iframe-visible"); panel.style.display = "none"; }
    call(callback.onPreferenceExpressed, record);
    call(callback.onPreferenceExpressedOrNotNeeded, record);
    call(granted(record) ? callback.onConsentGiven : callback.onConsentRejected);
    activate(record);
    showFloating();
  }
  function all(value) { return Object.fromEntries(ids.filter(i => i !== "1").map(i => [i, value])); }
  function buildPanel() {
    if (panel) return panel;
    const current = (read() || {}).purposes || {};
    panel = window.FixtureSite.el(`<div id="iubenda-iframe" style="display:none;position:fixed;inset:0;background:rgba(0,0,0,.8);z-index:100000000">
      <div id="iubenda-iframe-popup" role="dialog" aria-modal="true" style="background:#fff;margin:5% auto;max-width:640px;padding:16px">
        <div id="iubenda-iframe-content"><div class="iubenda purposes-widget"><div class="purposes-content">
          <div class="purposes-header"><h1 class="purposes-header-title">Your consent preferences</h1>
            <p class="purposes-header-text">Below you can choose which kind of cookies or similar technologies you allow.</p></div>
          <div class="purposes-body"><div class="purposes-items">
            <div class="iub-consent-buttons purposes-buttons">
              <div><button class="iub-btn iub-btn-consent iub-btn-reject purposes-btn purposes-btn-reject">Reject all</button></div>
              <div><button class="iub-btn iub-btn-consent iub-btn-accept purposes-btn purposes-btn-accept">Accept all</button></div>
            </div>
            ${ids.map(id => `<div class="purposes-item purpose-item-${id}"><div class="purposes-item-header">
              <div class="purposes-item-title"><div><label for="purpose-${id}">${PURPOSES[id]}</label></div></div>
              <div class="iub-toggle-checkbox purposes-checkbox"><input type="checkbox" class="style1${id === "1" ? " locked" : ""}" id="purpose-${id}" name="${id}"${id === "1" || current[id] ? " checked" : ""}${id === "1" ? " disabled" : ""}></div>
            </div></div>`).join("")}
          </div></div></div></div></div>
        <div class="iubenda-iframe-footer"><div id="iubFooterBtnContainer"><button id="iubFooterBtn" class="iubenda-cs-btn-primary">Save and continue</button></div></div>
      </div></div>`);
    const boxes = () => [...panel.querySelectorAll(".purposes-item input[type=checkbox]:not([disabled])")];
    panel.querySelector(".purposes-btn-reject").addEventListener("click", () => boxes().forEach(b => { b.checked = false; }));
    panel.querySelector(".purposes-btn-accept").addEventListener("click", () => boxes().forEach(b => { b.checked = true; }));
    panel.querySelector("#iubFooterBtn").addEventListener("click", () =>
      express(Object.fromEntries(boxes().map(b => [b.name, b.checked]))));
    document.body.appendChild(panel);
    return panel;
  }
  function openPreferences() {
    const p = buildPanel();
    const current = (read() || {}).purposes || {};
    for (const b of p.querySelectorAll(".purposes-item input[type=checkbox]:not([disabled])")) b.checked = !!current[b.name];
    p.classList.add("iubenda-iframe-visible");
    p.style.display = "block";
  }
  function showBanner() {
    const text = (conf.banner && conf.banner.content) || "We and selected third parties use " +
      "cookies or similar technologies for technical purposes and, with your consent, for " +
      "experience, measurement and marketing (personalized ads) as specified in the cookie " +
      "policy. Denying consent may make related features unavailable.";
    const b = conf.banner || {};
    banner = window.FixtureSite.el(`<div id="iubenda-cs-banner" class="iubenda-cs-default-floating iubenda-cs-bottom iubenda-cs-center iubenda-cs-slidein iubenda-cs-visible" role="alertdialog" aria-labelledby="iubenda-cs-title" aria-describedby="iubenda-cs-paragraph" style="position:fixed;bottom:0;left:0;right:0;z-index:99999998;background:#000;color:#fff">
      <div class="iubenda-cs-container"><div class="iubenda-cs-content"><div class="iubenda-cs-rationale">
        <div class="iubenda-banner-content" role="document">
          <div id="iubenda-cs-title">Notice</div>
          <div id="iubenda-cs-paragraph"><p class="iub-p">${text} <a href="https://www.iubenda.com/privacy-policy/${policy}/cookie-policy" class="iubenda-cs-cookie-policy-lnk">Cookie policy</a></p></div>
        </div>
        <div class="iubenda-cs-opt-group">
          ${b.customizeButtonDisplay === false ? "" : `<div class="iubenda-cs-opt-group-custom"><button class="iubenda-cs-customize-btn" tabindex="0" role="button" aria-pressed="false">Learn more and customize</button></div>`}
          <div class="iubenda-cs-opt-group-consent">
            ${b.rejectButtonDisplay ? `<button class="iubenda-cs-reject-btn iubenda-cs-btn-primary" tabindex="0" role="button" aria-pressed="false">Reject</button>` : ""}
            ${b.acceptButtonDisplay === false ? "" : `<button class="iubenda-cs-accept-btn iubenda-cs-btn-primary" tabindex="0" role="button" aria-pressed="false">Accept</button>`}
          </div>
        </div>
      </div></div></div></div>`);
    const on = (sel, fn) => { const el = banner.querySelector(sel); if (el) el.addEventListener("click", fn); };
    on(".iubenda-cs-accept-btn", () => express(all(true)));
    on(".iubenda-cs-reject-btn", () => express(all(false)));
    on(".iubenda-cs-customize-btn", openPreferences);
    document.body.appendChild(banner);
    document.documentElement.classList.add("iubenda-cs-visible");
    call(callback.onBannerShown);
  }
  const stored = read();
  iub.cs = {
    consent: stored || {},
    api: {
      getPreferences: () => read() || {},
      isConsentGiven: () => granted(read()),
      isConsentRejected: () => { const r = read(); return !!r && !granted(r); },
      isPreferenceExpressed: () => !!read(),
      openPreferences: () => openPreferences(),
      acceptAll: () => express(all(true)),
      rejectAll: () => express(all(false)),
    },
  };
  // a returning visitor's choice is applied, and the preferences controls bound, as soon as
  // the document is there; a new visitor's banner comes about 300 ms later
  window.FixtureSite.later(0, function () {
    for (const link of document.querySelectorAll(".iubenda-cs-preferences-link")) {
      link.addEventListener("click", (e) => { e.preventDefault(); openPreferences(); });
    }
    if (stored) {
      call(callback.onPreferenceExpressedOrNotNeeded, stored);
      activate(stored);
      showFloating();
    } else {
      setTimeout(showBanner, 300);
    }
  });
})();
