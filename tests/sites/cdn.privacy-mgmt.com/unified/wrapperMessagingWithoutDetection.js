// A replica of Sourcepoint's unified wrapper (cdn.privacy-mgmt.com/unified/
// wrapperMessagingWithoutDetection.js, configured by the page's window._sp_ = {config:
// {accountId, baseEndpoint, gdpr: {}, events}} and its _sp_queue); not their code. What it
// reproduces:
// - the first layer in a cross-origin iframe: div#sp_message_container_<message id> holding
//   iframe#sp_message_iframe_<message id> from cdn.privacy-mgmt.com/index.html?message_id=...
//   &consentUUID=...&preload_message=true, the page's html getting .sp-message-open meanwhile;
//   the frame posts the visitor's choice back ({name: "sp.choice", choiceTypeId: 11 accept
//   all, 13 reject all, 12 options}) and options opens the privacy manager
//   (/privacy-manager/index.html?message_id=<pm id>) in the same container, as
//   _sp_.gdpr.loadPrivacyManagerModal(pmId) does;
// - the record: localStorage _sp_user_consent_<property id> ({gdpr: {euconsent, grants,
//   consentStatus, uuid, dateCreated}}), the consentUUID and consentDate cookies;
// - __tcfapi taking over from the page's stub (cmpId 6): ping, getTCData, addEventListener,
//   removeEventListener, Sourcepoint's getCustomVendorConsents; the _sp_.config.events
//   callbacks onMessageReady, onMessageChoiceSelect and onConsentReady.
(function () {
  const T = window.FixtureTCF;
  const SP = window._sp_ = window._sp_ || {};
  const config = SP.config || {};
  const ORIGIN = "https://cdn.privacy-mgmt.com";
  const CMP_ID = 6, PROPERTY = config.propertyId || 34049, MESSAGE = 932107, PM = 488500;
  const KEY = "_sp_user_consent_" + PROPERTY;
  const events = config.events || {};
  function fire(name, ...args) { try { if (typeof events[name] === "function") events[name](...args); } catch (e) {} }
  function record() { try { return JSON.parse(localStorage.getItem(KEY) || "null"); } catch (e) { return null; } }
  function getCookie(name) {
    const m = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return m ? decodeURIComponent(m[1]) : null;
  }
  function setCookie(name, value) {
    document.cookie = name + "=" + encodeURIComponent(value) + "; path=/; max-age=" + 365 * 86400 + "; SameSite=Lax";
  }
  const stored = record();
  let status = stored && stored.gdpr && stored.gdpr.euconsent ? "tcloaded" : "cmpuishown";
  const listeners = {};
  let nextId = 1;
  function data(id) {
    const r = record();
    const d = T.tcData(r && r.gdpr ? r.gdpr.euconsent : "", CMP_ID, status);
    d.cmpVersion = 1;
    if (id !== undefined) d.listenerId = id;
    return d;
  }
  function api(command, version, callback, param) {
    if (command === "ping") return callback({gdprApplies: true, cmpLoaded: true, cmpStatus: "loaded",
      displayStatus: shown() ? "visible" : "hidden", apiVersion: "2.2", cmpId: CMP_ID, cmpVersion: 1, tcfPolicyVersion: 5}, true);
    if (command === "getTCData") return callback(data(), true);
    if (command === "addEventListener") { const id = nextId++; listeners[id] = callback; return callback(data(id), true); }
    if (command === "removeEventListener") { const had = !!listeners[param]; delete listeners[param]; return callback(had); }
    if (command === "getCustomVendorConsents") {
      const r = record(), g = (r && r.gdpr) || {};
      return callback({consentedVendors: [], consentedPurposes: [], grants: g.grants || {}}, true);
    }
    if (typeof callback === "function") callback(null, false);
  }
  const queued = typeof window.__tcfapi === "function" ? (window.__tcfapi() || []) : [];
  window.__tcfapi = api;
  for (const args of queued) api.apply(null, args);
  function changed() { for (const id of Object.keys(listeners)) listeners[id](data(Number(id)), true); }
  const container = () => document.querySelector('div[id^="sp_message_container_"]');
  const shown = () => !!container();
  function close() {
    const c = container();
    if (c) c.remove();
    document.documentElement.classList.remove("sp-message-open");
  }
  function open(path, id) {
    close();
    const uuid = (getCookie("consentUUID") || "null").split("_")[0];
    const div = document.createElement("div");
    div.id = "sp_message_container_" + id;
    div.style = "position:fixed;inset:0;z-index:2147483647;display:flex;align-items:flex-end;justify-content:center;background:rgba(0,0,0,.4)";
    const frame = document.createElement("iframe");
    frame.id = "sp_message_iframe_" + id;
    frame.title = "SP Consent Message";
    frame.style = "width:100%;max-width:900px;height:320px;border:0;background:#fff";
    frame.src = ORIGIN + path + "?hasCsp=true&message_id=" + id + "&consentUUID=" + uuid +
      "&consent_origin=" + encodeURIComponent(ORIGIN + "/consent/tcfv2") + "&preload_message=true&version=v1";
    div.appendChild(frame);
    document.body.appendChild(div);
    document.documentElement.classList.add("sp-message-open");
    fire("onMessageReady", "gdpr");
  }
  function save(purposes, choiceTypeId) {
    const all = purposes.length === 11;
    const euconsent = T.encode({cmpId: CMP_ID, purposes, legitimate: [2, 7, 8, 9, 10, 11],
      vendors: all ? [1, 2, 10, 755] : [], specialFeatures: all ? [1, 2] : []});
    const uuid = (getCookie("consentUUID") || "").split("_")[0] ||
      "8e5b7b53-" + Math.random().toString(16).slice(2, 6) + "-4d2c-9f3a-" + Math.random().toString(16).slice(2, 14).padEnd(12, "0");
    const grants = {"5e7ced57b8e05c4854221bba": {vendorGrant: all,
      purposeGrants: Object.fromEntries(purposes.map(p => ["purpose" + p, true]))}};
    localStorage.setItem(KEY, JSON.stringify({gdpr: {euconsent, grants, uuid, dateCreated: new Date().toISOString(),
      consentStatus: {consentedAll: all, consentedToAny: purposes.length > 0, rejectedAny: !all, rejectedLI: false,
                      hasConsentData: true, rejectedVendors: !all, rejectedCategories: !all},
      applies: true, actions: [], addtlConsent: all ? "1~89.2008" : "1~"}}));
    setCookie("consentUUID", uuid + "_1");
    setCookie("consentDate", new Date().toISOString());
    status = "useractioncomplete";
    close();
    fire("onMessageChoiceSelect", "gdpr", 0, choiceTypeId);
    changed();
    fire("onConsentReady", "gdpr", uuid, euconsent, {applies: true, consentedToAll: all});
  }
  window.addEventListener("message", function (event) {
    if (event.origin !== ORIGIN || !event.data || typeof event.data !== "object") return;
    const d = event.data;
    if (d.name !== "sp.choice") return;
    if (d.choiceTypeId === 11) save([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 11);
    else if (d.choiceTypeId === 13) save([], 13);
    else if (d.choiceTypeId === 12) open("/privacy-manager/index.html", PM);
    else if (d.choiceTypeId === 1 && Array.isArray(d.purposes)) save(d.purposes, 1);
    else if (d.choiceTypeId === 15) close();  // the close (x) choice: nothing stored
  });
  SP.gdpr = {loadPrivacyManagerModal: function (pmId) { open("/privacy-manager/index.html", pmId || PM); }};
  SP.executeMessaging = function () { if (!record()) open("/index.html", MESSAGE); };
  SP.version = "4.25.2";
  for (const item of window._sp_queue || []) { try { item(); } catch (e) {} }
  window._sp_queue = {push: function (fn) { try { fn(); } catch (e) {} }};
  if (!record() && !config.isSPA) {
    const go = () => setTimeout(SP.executeMessaging, 300);
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", go);
    else go();
  } else if (record()) {
    fire("onConsentReady", "gdpr", record().gdpr.uuid, record().gdpr.euconsent, {applies: true});
  }
})();
