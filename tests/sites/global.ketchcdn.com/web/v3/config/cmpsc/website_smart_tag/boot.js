/* A replica of Ketch's smart tag (written for the tests), loaded as the site's snippet loads
   it: window.ketch(...) calls queue in window.semaphore until this runs, then go straight
   through (semaphore.push too). Commands: getConsent(cb) -> {purposes: {code: bool}},
   setConsent({purposes}), showConsent, showPreferences, on(event, cb) ("consent" fires with
   the consent once it is known and after every change). The experience lives in
   #lanyard_root: the banner div#ketch-banner[role=dialog] (#ketch-banner-button-primary
   "Accept All", #ketch-banner-button-secondary "Reject All", #ketch-banner-button-tertiary
   "Customize Settings") and the preferences div#ketch-preferences[role=dialog] with one
   input[type=checkbox][role=switch] per purpose and "Reject All" / "Accept All" / "Save
   Settings" (.rejectAllButton / .acceptAllButton / .confirmButton). The choice is the
   _ketch_consent_v1_ record (cookie and localStorage): base64 of JSON
   {purpose: {status: "granted"|"denied", canonicalPurposes: [...]}}, written when the
   visitor chooses. */
(function () {
  "use strict";
  var RECORD = "_ketch_consent_v1_";
  var PURPOSES = [
    {code: "essential_services", name: "Essential Services", required: true, canonical: ["essential_services"]},
    {code: "analytics", name: "Analytics", canonical: ["analytics"]},
    {code: "behavioral_advertising", name: "Targeted Advertising", canonical: ["behavioral_advertising"]},
  ];
  var handlers = {}, consent = null, root = null;
  function readRecord() {
    var m = document.cookie.match(new RegExp("(?:^|; )" + RECORD + "=([^;]*)"));
    var raw = m ? decodeURIComponent(m[1]) : window.localStorage.getItem(RECORD);
    if (!raw) return null;
    try {
      var data = JSON.parse(atob(raw)), purposes = {};
      PURPOSES.forEach(function (p) { purposes[p.code] = p.required || (data[p.code] && data[p.code].status === "granted"); });
      return {purposes: purposes, vendors: []};
    } catch (e) { return null; }
  }
  function writeRecord(purposes) {
    var data = {};
    PURPOSES.forEach(function (p) {
      data[p.code] = {status: purposes[p.code] ? "granted" : "denied", canonicalPurposes: p.canonical};
    });
    var raw = btoa(JSON.stringify(data));
    document.cookie = RECORD + "=" + encodeURIComponent(raw) + "; path=/; max-age=31536000; SameSite=Lax; Secure";
    window.localStorage.setItem(RECORD, raw);
  }
  function defaults() {  // an opt-in jurisdiction: nothing but the essentials before a choice
    var purposes = {};
    PURPOSES.forEach(function (p) { purposes[p.code] = !!p.required; });
    return {purposes: purposes, vendors: []};
  }
  function emit(event, value) {
    (handlers[event] || []).forEach(function (fn) { try { fn(value); } catch (e) {} });
  }
  function setConsent(value) {
    var purposes = {};
    PURPOSES.forEach(function (p) { purposes[p.code] = p.required || !!(value && value.purposes && value.purposes[p.code]); });
    consent = {purposes: purposes, vendors: []};
    writeRecord(purposes);
    hide();
    emit("consent", consent);
  }
  function all(granted) {
    var purposes = {};
    PURPOSES.forEach(function (p) { purposes[p.code] = granted; });
    setConsent({purposes: purposes});
  }
  function mount() {
    if (root) return root;
    root = document.getElementById("lanyard_root") || document.createElement("div");
    root.id = "lanyard_root";
    document.body.appendChild(root);
    root.addEventListener("click", function (e) {
      var b = e.target.closest("button");
      if (!b) return;
      if (b.id === "ketch-banner-button-primary" || b.classList.contains("acceptAllButton")) all(true);
      else if (b.id === "ketch-banner-button-secondary" || b.classList.contains("rejectAllButton")) all(false);
      else if (b.id === "ketch-banner-button-tertiary") showPreferences();
      else if (b.classList.contains("confirmButton")) {
        var purposes = {};
        Array.prototype.forEach.call(root.querySelectorAll("input[role=switch]"), function (i) { purposes[i.name] = i.checked; });
        setConsent({purposes: purposes});
      } else if (b.classList.contains("closeButton")) hide();
    });
    root.addEventListener("change", function (e) {
      if (e.target.getAttribute("role") === "switch") e.target.setAttribute("aria-checked", String(e.target.checked));
    });
    return root;
  }
  var FIXED = "position:fixed;z-index:2147483647;background:#fff;color:#111;box-shadow:0 4px 24px rgba(0,0,0,.3);padding:20px;font:14px sans-serif;";
  function showConsent() {
    mount().innerHTML =
      '<div role="dialog" id="ketch-banner" class="ketch-fixed ketch-bottom" aria-modal="false" aria-labelledby="banner-title" aria-describedby="banner-description" style="' + FIXED + 'left:16px;right:16px;bottom:16px">' +
      '<h2 id="banner-title">Your Privacy</h2>' +
      '<div id="banner-description"><p>We and our partners use cookies and similar technologies to analyse our traffic and to show you personalised advertising. You can accept, reject, or customize your choices.</p></div>' +
      '<div id="ketch-banner-buttons-container-compact" class="buttons">' +
      '<button id="ketch-banner-button-tertiary" aria-label="Customize Settings" class="tertiaryButton">Customize Settings</button>' +
      '<button id="ketch-banner-button-secondary" aria-label="Reject All" class="secondaryButton">Reject All</button>' +
      '<button id="ketch-banner-button-primary" aria-label="Accept All" class="primaryButton">Accept All</button>' +
      "</div></div>";
  }
  function showPreferences() {
    var now = consent || readRecord() || defaults();
    mount().innerHTML =
      '<div role="dialog" id="ketch-preferences" aria-modal="true" aria-labelledby="preference-title" aria-describedby="preference-description" style="' + FIXED + 'left:10%;right:10%;top:10%">' +
      '<h2 id="preference-title">Privacy Settings</h2><p id="preference-description">Choose which purposes we may use your data for.</p>' +
      '<div class="purposes">' + PURPOSES.map(function (p) {
        var on = !!now.purposes[p.code];
        return '<div class="purpose"><label for="ketch-purpose-' + p.code + '">' + p.name + "</label>" +
          (p.required ? "<span>Always active</span>" :
            '<input type="checkbox" role="switch" id="ketch-purpose-' + p.code + '" name="' + p.code + '" aria-checked="' + on + '"' + (on ? " checked" : "") + ">") +
          "</div>";
      }).join("") + "</div>" +
      '<div class="actions_">' +
      '<button class="rejectAllButton" aria-label="Reject All">Reject All</button>' +
      '<button class="acceptAllButton" aria-label="Accept All">Accept All</button>' +
      '<button class="confirmButton" aria-label="Save Settings">Save Settings</button>' +
      "</div></div>";
  }
  function hide() { if (root) root.innerHTML = ""; }
  function run(args) {
    var command = args[0];
    switch (command) {
      case "getConsent": if (typeof args[1] === "function") args[1](consent || defaults()); break;
      case "setConsent": setConsent(args[1]); break;
      case "showConsent": showConsent(); break;
      case "showPreferences": showPreferences(); break;
      case "on": case "once":
        (handlers[args[1]] = handlers[args[1]] || []).push(args[2]);
        if (args[1] === "consent" && consent) args[2](consent);
        break;
      default: break;
    }
  }
  var queue = Array.prototype.slice.call(window.semaphore || []);
  window.semaphore = window.semaphore || [];
  window.semaphore.push = function () { for (var i = 0; i < arguments.length; i++) run(arguments[i]); return 0; };
  window.ketch = function () { run(arguments); };
  var stored = readRecord();
  queue.forEach(run);
  function start() {
    if (stored) { consent = stored; emit("consent", consent); return; }
    emit("consent", defaults());
    setTimeout(showConsent, 300);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
