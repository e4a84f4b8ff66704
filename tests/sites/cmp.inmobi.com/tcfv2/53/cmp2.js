// A replica of InMobi Choice (formerly Quantcast Choice), the TCF v2.2 CMP a site loads as
// cmp.inmobi.com/choice/<p-code>/<host>/choice.js?tag_version=V3 after pasting InMobi's stub;
// choice.js carries the site's configuration and loads this, the CMP itself
// (cmp.inmobi.com/tcfv2/<version>/cmp2.js); not their code. What it reproduces:
// - __tcfapi taking over from the stub (the calls the stub queued are answered): ping,
//   getTCData, addEventListener / removeEventListener (eventStatus tcloaded, cmpuishown,
//   useractioncomplete), displayConsentUi; cmpId 10;
// - the TC string in the euconsent-v2 cookie, Google's additional consent in addtl_consent
//   (written on agreement only);
// - the UI: #qc-cmp2-container > .qc-cmp2-main > #qc-cmp2-ui (role=dialog) with its summary
//   .qc-cmp2-summary-section, .qc-cmp2-summary-info and .qc-cmp2-summary-buttons holding
//   #more-options-btn (mode=secondary, "MORE OPTIONS"), #disagree-btn (mode=secondary,
//   "DISAGREE") and #accept-btn (mode=primary, "AGREE"); MORE OPTIONS shows .qc-cmp2-consent-info
//   with one .qc-cmp2-toggle[role=switch] per purpose, the header links ("REJECT ALL",
//   "ACCEPT ALL", mode=link) and .qc-cmp2-buttons-desktop "SAVE & EXIT" (mode=primary);
// - the publisher's choice to leave DISAGREE off the first screen (config.showDisagree false):
//   refusing then takes MORE OPTIONS and REJECT ALL.
(function () {
  const config = window.__qcChoiceConfig || {showDisagree: true};
  const T = window.FixtureTCF;
  const CMP_ID = 10;
  const PURPOSES = ["Store and/or access information on a device", "Use limited data to select advertising",
    "Create profiles for personalised advertising", "Use profiles to select personalised advertising",
    "Create profiles to personalise content", "Use profiles to select personalised content",
    "Measure advertising performance", "Measure content performance",
    "Understand audiences through statistics or combinations of data from different sources",
    "Develop and improve services", "Use limited data to select content"];
  const LI = [2, 7, 8, 9, 10, 11];
  function getCookie(name) {
    const m = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return m ? decodeURIComponent(m[1]) : null;
  }
  function setCookie(name, value, days) {
    document.cookie = name + "=" + encodeURIComponent(value) + "; path=/; max-age=" + (days * 86400) + "; SameSite=Lax";
  }
  let status = getCookie("euconsent-v2") ? "tcloaded" : "cmpuishown";
  const listeners = {};
  let nextId = 1;
  function data(id) {
    const d = T.tcData(getCookie("euconsent-v2"), CMP_ID, status);
    d.cmpVersion = 65;
    d.addtlConsent = getCookie("addtl_consent") || "";
    if (id !== undefined) d.listenerId = id;
    return d;
  }
  function api(command, version, callback, param) {
    if (command === "ping") {
      return callback({gdprApplies: true, cmpLoaded: true, cmpStatus: "loaded", displayStatus: ui ? "visible" : "hidden",
                       apiVersion: "2.2", cmpVersion: 65, cmpId: CMP_ID, gvlVersion: 150, tcfPolicyVersion: 5}, true);
    }
    if (command === "getTCData") return callback(data(), true);
    if (command === "addEventListener") {
      const id = nextId++;
      listeners[id] = callback;
      return callback(data(id), true);
    }
    if (command === "removeEventListener") {
      const had = !!listeners[param];
      delete listeners[param];
      return callback(had);
    }
    if (command === "displayConsentUi") { show(); return callback && callback(true); }
    if (typeof callback === "function") callback(null, false);
  }
  const queued = typeof window.__tcfapi === "function" ? (window.__tcfapi() || []) : [];
  window.__tcfapi = api;
  for (const args of queued) api.apply(null, args);
  function changed() {
    for (const id of Object.keys(listeners)) listeners[id](data(Number(id)), true);
  }
  function save(purposes) {
    const all = purposes.length === PURPOSES.length;
    setCookie("euconsent-v2", T.encode({cmpId: CMP_ID, cmpVersion: 65, purposes, legitimate: LI,
      specialFeatures: all ? [1, 2] : [], vendors: all ? [1, 2, 10, 755] : [], legitimateVendors: [10]}), 390);
    if (all) setCookie("addtl_consent", "1~89.2008.2072", 390);
    else document.cookie = "addtl_consent=; path=/; max-age=0";
    status = "useractioncomplete";
    hide();
    changed();
  }
  let ui = null;
  function hide() { if (ui) { ui.remove(); ui = null; } }
  const button = (attrs, text) => `<button ${attrs} size="large" class=" css-47sehv"><span>${text}</span></button>`;
  function show() {
    hide();
    ui = document.createElement("div");
    ui.id = "qc-cmp2-container";
    ui.setAttribute("data-nosnippet", "");
    ui.innerHTML = `<div class="qc-cmp2-main"><div class="qc-cmp-cleanslate" style="position:fixed;inset:0;background:rgba(33,41,52,.75);z-index:2147483647">
      <div id="qc-cmp2-ui" role="dialog" aria-label="qc-cmp2-ui" aria-modal="true" tabindex="0" style="position:absolute;bottom:0;left:10%;right:10%;max-height:90vh;overflow:auto;background:#fff;padding:16px">
        <div class="qc-cmp2-summary-section">
          <div class="qc-cmp2-summary-info"><h2>We value your privacy</h2>
            <div>We and our partners store and/or access information on a device, such as cookies and process personal data,
            such as unique identifiers and standard information sent by a device for personalised advertising and content,
            advertising and content measurement, audience research and services development. You may click to consent to our
            and our 812 partners' processing as described above. Alternatively you may click to refuse to consent or access
            more detailed information and change your preferences before consenting.</div></div>
          <div class="qc-cmp2-summary-buttons">
            ${button('id="more-options-btn" mode="secondary"', "MORE OPTIONS")}
            ${config.showDisagree ? button('id="disagree-btn" mode="secondary"', "DISAGREE") : ""}
            ${button('id="accept-btn" mode="primary"', "AGREE")}
          </div></div></div></div></div>`;
    document.body.appendChild(ui);
    ui.querySelector("#accept-btn").onclick = () => save(PURPOSES.map((_, i) => i + 1));
    if (config.showDisagree) ui.querySelector("#disagree-btn").onclick = () => save([]);
    ui.querySelector("#more-options-btn").onclick = options;
    if (status !== "useractioncomplete" && status !== "tcloaded") changed();
  }
  function options() {
    const stored = (T.decode(getCookie("euconsent-v2")) || {purposes: []}).purposes;
    ui.querySelector("#qc-cmp2-ui").innerHTML = `<div class="qc-cmp2-consent-info">
      <div class="qc-cmp2-header-links">${button('mode="link"', "REJECT ALL")}${button('mode="link"', "ACCEPT ALL")}</div>
      <div class="qc-cmp2-scrollable-section" style="max-height:50vh;overflow-y:auto">${PURPOSES.map((name, i) => `<div class="qc-cmp2-list-item">
        <p class="qc-cmp2-list-item-title">${name}</p><div class="qc-cmp2-toggle-switch">
        <button class="qc-cmp2-toggle" role="switch" aria-checked="${stored.includes(i + 1)}" aria-label="${name}" data-purpose="${i + 1}"></button></div></div>`).join("")}</div></div>
      <div class="qc-cmp2-footer"><div class="qc-cmp2-buttons-desktop">${button('mode="primary"', "SAVE &amp; EXIT")}</div></div>`;
    for (const t of ui.querySelectorAll(".qc-cmp2-toggle")) {
      t.onclick = () => t.setAttribute("aria-checked", String(t.getAttribute("aria-checked") !== "true"));
    }
    const [reject, accept] = ui.querySelectorAll(".qc-cmp2-header-links button");
    reject.onclick = () => save([]);
    accept.onclick = () => save(PURPOSES.map((_, i) => i + 1));
    ui.querySelector(".qc-cmp2-buttons-desktop button").onclick = () =>
      save([...ui.querySelectorAll(".qc-cmp2-toggle[aria-checked=true]")].map(t => Number(t.dataset.purpose)));
  }
  if (!getCookie("euconsent-v2")) {
    const go = () => setTimeout(show, 300);
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", go);
    else go();
  }
})();
