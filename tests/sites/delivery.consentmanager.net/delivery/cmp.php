/* A replica of the consentmanager.net CMP (written for the tests), as delivery/cmp.php
   answers it: the consent layer #cmpwrapper > #cmpbox (welcome screen .cmpBoxWelcome with
   a.cmpboxbtn.cmpboxbtnyes "Accept all", .cmpboxbtnno "Reject all", .cmpboxbtncustom
   "Customize" and the .cmpmore link; the custom-choices screen .cmpBoxCustom with one
   .cmptdchoice > a[role=checkbox][aria-checked] per purpose and .cmpboxbtnsave
   "Save + Exit"); the internal window.cmpmngr; the public __cmp (getCMPData, consentStatus,
   setConsent, showScreen, showScreenAdvanced, close, addEventListener), the IAB TCF v2.2
   __tcfapi (ping, getTCData, addEventListener) and __gpp (ping). Consent is kept in the
   account's cookies: __cmpconsentx<id> (the TC string), __cmpcvcx<id> (vendors with consent,
   "__s26_c101_U__") and __cmpcpcx<id> (purposes with consent, "__1_2__"); __cmpcc (the
   cookie test) is written on the first load. Scripts the site marked
   type="text/plain" class="cmplazyload" data-cmp-vendor="..." run once their vendor has
   consent. */
(function () {
  "use strict";
  var ACCOUNT = 12345, CMP_ID = 31;
  var PURPOSES = [
    ["1", "Store and/or access information on a device"], ["2", "Use limited data to select advertising"],
    ["3", "Create profiles for personalised advertising"], ["4", "Use profiles to select personalised advertising"],
    ["5", "Create profiles to personalise content"], ["6", "Use profiles to select personalised content"],
    ["7", "Measure advertising performance"], ["8", "Measure content performance"],
    ["9", "Understand audiences through statistics or combinations of data from different sources"],
    ["10", "Develop and improve services"], ["11", "Use limited data to select content"],
    ["c51", "Statistics"], ["c52", "Marketing"]];
  var VENDORS = [["s26", "Google Analytics", ["1", "8", "9", "c51"]],
                 ["c101", "Ad network", ["1", "2", "3", "4", "7", "c52"]]];
  var listeners = {}, tcfListeners = [], nextListener = 1, root = null;
  function getCookie(name) {
    var m = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return m ? decodeURIComponent(m[1]) : null;
  }
  function setCookie(name, value) {
    document.cookie = name + "=" + value + "; path=/; max-age=31536000; SameSite=None; Secure";
  }
  function ids(raw) { return (raw || "").split("_").filter(function (x) { return x && x !== "U"; }); }
  // The account's design, as the site owner set it in consentmanager's dashboard (here on the
  // loader's tag): "save-only" has no reject button on either screen, only "Customize" and
  // pre-ticked purposes to switch off and save.
  var loader = document.querySelector("script[data-cmp-host]");
  var SAVE_ONLY = !!loader && loader.getAttribute("data-fixture-design") === "save-only";
  var stored = getCookie("__cmpconsentx" + ACCOUNT);
  var state = {exists: stored !== null, purposes: ids(getCookie("__cmpcpcx" + ACCOUNT)),
               vendors: ids(getCookie("__cmpcvcx" + ACCOUNT)), tcString: stored || ""};
  if (!getCookie("__cmpcc")) setCookie("__cmpcc", "1");
  function table(list, granted) {
    var out = {};
    list.forEach(function (item) { out[item[0]] = granted.indexOf(item[0]) !== -1; });
    return out;
  }
  function cmpData() {
    return {consentstring: state.tcString, uspstring: "", gdprApplies: true, hasGlobalScope: false,
            tcfversion: 2, tcfcompliant: true, regulation: 1, consentExists: state.exists,
            userChoiceExists: state.exists,
            purposeConsents: table(PURPOSES, state.purposes), vendorConsents: table(VENDORS, state.vendors),
            purposeLI: {}, vendorLI: {}, googleVendorConsents: {},
            purposesList: PURPOSES.map(function (p) { return {id: p[0], name: p[1]}; }),
            vendorsList: VENDORS.map(function (v) { return {id: v[0], name: v[1], purposes: v[2]}; })};
  }
  function tcData(listenerId) {
    var consents = {};
    for (var i = 1; i <= 11; i++) consents[i] = state.purposes.indexOf(String(i)) !== -1;
    return {tcString: state.tcString, tcfPolicyVersion: 5, cmpId: CMP_ID, cmpVersion: 1,
            gdprApplies: true, eventStatus: state.exists ? "tcloaded" : "cmpuishown",
            cmpStatus: "loaded", listenerId: listenerId, isServiceSpecific: true,
            purposeOneTreatment: false, publisherCC: "DE",
            purpose: {consents: consents, legitimateInterests: {}},
            vendor: {consents: {}, legitimateInterests: {}}, specialFeatureOptins: {},
            publisher: {consents: {}, legitimateInterests: {}}};
  }
  function fire(event) {
    (listeners[event] || []).forEach(function (fn) { try { fn(event, null); } catch (e) {} });
  }
  function lazyload() {
    Array.prototype.forEach.call(document.querySelectorAll("script.cmplazyload[data-cmp-vendor]"), function (old) {
      if (state.vendors.indexOf(old.getAttribute("data-cmp-vendor")) === -1) return;
      var s = document.createElement("script");
      if (old.getAttribute("data-cmp-src")) s.src = old.getAttribute("data-cmp-src");
      else s.text = old.textContent;
      old.parentNode.replaceChild(s, old);
    });
  }
  function tcString(all) {  // a TC string shaped like the real one (not decodable)
    return (all ? "CQJ1bQAQJ1bQAAfbFBENBQFsAP_gAH_gAAqIKpNV_G_dTyNi8Xp_YPkEcY1P5-AotgxhBAAEgAMBoAAA" :
                  "CQJ1bQAQJ1bQAAfbFBENBQFgAAAAAAAAAAqIAAAAAAAA") + "." + "YAAAAAAAAAAA";
  }
  function choose(purposes, vendors, event) {
    state.exists = true;
    state.purposes = purposes; state.vendors = vendors;
    state.tcString = tcString(purposes.length > 0);
    setCookie("__cmpconsentx" + ACCOUNT, state.tcString);
    setCookie("__cmpcvcx" + ACCOUNT, "__" + vendors.concat(["U"]).join("_") + "__");
    setCookie("__cmpcpcx" + ACCOUNT, "__" + purposes.join("_") + "__");
    hide();
    lazyload();
    fire("consent"); fire(event);
    tcfListeners.forEach(function (l) { l.cb(Object.assign(tcData(l.id), {eventStatus: "useractioncomplete"}), true); });
  }
  function acceptAll() { choose(PURPOSES.map(function (p) { return p[0]; }), VENDORS.map(function (v) { return v[0]; }), "consentapproved"); }
  function rejectAll() { choose([], [], "consentrejected"); }
  function saveCustom() {
    var purposes = [];
    Array.prototype.forEach.call(root.querySelectorAll(".cmptdchoice > a[role=checkbox]"), function (a) {
      if (a.getAttribute("aria-checked") === "true") purposes.push(a.getAttribute("data-cmp-purpose"));
    });
    var vendors = VENDORS.filter(function (v) {
      return v[2].every(function (p) { return purposes.indexOf(p) !== -1; });
    }).map(function (v) { return v[0]; });
    choose(purposes, vendors, "consentcustom");
  }
  var STYLE = "position:fixed;left:50%;bottom:24px;transform:translateX(-50%);width:min(640px,94vw);" +
    "background:#fff;color:#222;box-shadow:0 0 12px rgba(0,0,0,.4);z-index:2147483640;padding:16px;font:14px sans-serif";
  function welcome() {
    return '<div class="cmpboxinner"><div class="cmpboxcontent"><div class="cmpboxtxt cmptxt_txt">' +
      '<h2 id="cmpboxtitle" class="cmpboxhl cmptxt_hl">We respect your privacy</h2>' +
      "<p>We and our partners store and/or access information on a device, such as cookies, and process " +
      "personal data for personalised advertising and content, advertising and content measurement, " +
      'audience research and services development. <a href="#" class="cmpmore" role="button">Read more</a></p></div></div>' +
      '<div class="cmpboxbtns">' +
      (SAVE_ONLY ? "" : '<a class="cmpboxbtn cmpboxbtnno cmptxt_btn_no" role="button" href="#" aria-label="Reject all">Reject all</a>') +
      '<a class="cmpboxbtn cmpboxbtncustom cmptxt_btn_custom" role="button" href="#" aria-label="Customize">Customize</a>' +
      '<a class="cmpboxbtn cmpboxbtnyes cmptxt_btn_yes" role="button" href="#" aria-label="Accept all">Accept all</a>' +
      "</div></div>";
  }
  function custom() {
    return '<div class="cmpboxinner"><div class="cmpboxcontent"><h2 class="cmpboxhl cmptxt_hl">Purposes</h2>' +
      '<div class="cmptblbox"><div class="cmptbl">' + PURPOSES.map(function (p) {
        var on = state.purposes.indexOf(p[0]) !== -1 || (SAVE_ONLY && !state.exists);
        return '<div class="cmptdrow"><span class="cmptdname">' + p[1] + '</span><span class="cmptdchoice">' +
          '<a href="#" role="checkbox" class="cmpchoice cmpcheckbox" data-cmp-purpose="' + p[0] +
          '" aria-checked="' + on + '" aria-label="' + p[1] + '">' + (on ? "On" : "Off") + "</a></span></div>";
      }).join("") + "</div></div></div>" +
      '<div class="cmpboxbtns">' +
      (SAVE_ONLY ? "" : '<a class="cmpboxbtn cmpboxbtnno cmptxt_btn_no" role="button" href="#">Reject all</a>') +
      '<a class="cmpboxbtn cmpboxbtnyes cmptxt_btn_yes" role="button" href="#">Accept all</a>' +
      '<a class="cmpboxbtn cmpboxbtnsave cmptxt_btn_save" role="button" href="#">Save + Exit</a>' +
      "</div></div>";
  }
  function show(advanced) {
    if (!root) {
      root = document.createElement("div");
      root.id = "cmpwrapper"; root.className = "cmpwrapper";
      document.body.appendChild(root);
      root.addEventListener("click", function (e) {
        var t = e.target.closest("a");
        if (!t) return;
        e.preventDefault();
        if (t.classList.contains("cmpboxbtnyes")) acceptAll();
        else if (t.classList.contains("cmpboxbtnno")) rejectAll();
        else if (t.classList.contains("cmpboxbtncustom")) show(true);
        else if (t.classList.contains("cmpboxbtnsave")) saveCustom();
        else if (t.getAttribute("role") === "checkbox") {
          var on = t.getAttribute("aria-checked") !== "true";
          t.setAttribute("aria-checked", String(on)); t.textContent = on ? "On" : "Off";
        }
      });
    }
    root.innerHTML = '<div id="cmpbox" class="cmpbox cmpstyleroot ' + (advanced ? "cmpBoxCustom" : "cmpBoxWelcome") +
      ' cmpfadeinbottom" role="dialog" aria-modal="true" aria-labelledby="cmpboxtitle" tabindex="-1" style="' + STYLE +
      '">' + (advanced ? custom() : welcome()) + '</div><div id="cmpbox2" class="cmpbox2 cmpstyleroot" style="display:none"></div>';
    fire(advanced ? "consentscreencustom" : "consentscreen");
  }
  function hide() {
    if (root) root.innerHTML = "";
    fire("consentscreenoff");
  }
  function cmp(command, parameter, callback) {
    var result;
    switch (command) {
      case "ping": result = false; break;
      case "getCMPData": result = cmpData(); break;
      case "consentStatus": result = {consentExists: state.exists, userChoiceExists: state.exists, consentData: state.tcString}; break;
      case "setConsent": if (parameter) acceptAll(); else rejectAll(); result = true; break;
      case "showScreen": show(false); result = true; break;
      case "showScreenAdvanced": show(true); result = true; break;
      case "close": hide(); result = true; break;
      case "addEventListener": (listeners[parameter[0]] = listeners[parameter[0]] || []).push(parameter[1]); result = true; break;
      case "removeEventListener":
        listeners[parameter[0]] = (listeners[parameter[0]] || []).filter(function (f) { return f !== parameter[1]; }); result = true; break;
      default: result = undefined;
    }
    if (typeof callback === "function") callback(result, true);
    return result;
  }
  function tcfapi(command, version, callback, parameter) {
    if (typeof callback !== "function") return;
    if (command === "ping") return callback({gdprApplies: true, cmpLoaded: true, cmpStatus: "loaded",
      displayStatus: root && root.firstChild ? "visible" : "hidden", apiVersion: "2.2", cmpVersion: 1, cmpId: CMP_ID,
      gvlVersion: 80, tcfPolicyVersion: 5}, true);
    if (command === "getTCData") return callback(tcData(undefined), true);
    if (command === "addEventListener") {
      var id = nextListener++;
      tcfListeners.push({id: id, cb: callback});
      return callback(tcData(id), true);
    }
    if (command === "removeEventListener") {
      tcfListeners = tcfListeners.filter(function (l) { return l.id !== parameter; });
      return callback(true);
    }
    callback(null, false);
  }
  function gpp(command, callback) {
    if (command === "ping" && typeof callback === "function")
      callback({gppVersion: "1.1", cmpStatus: "loaded", cmpDisplayStatus: "hidden", signalStatus: "ready",
                supportedAPIs: ["2:tcfeuv2"], cmpId: CMP_ID, sectionList: [2], applicableSections: [2],
                gppString: "DBAA", parsedSections: {}}, true);
  }
  var queued = {__cmp: (window.__cmp && window.__cmp.a) || [], __tcfapi: (window.__tcfapi && window.__tcfapi.a) || []};
  window.cmpmngr = {version: "replica", state: state, show: show, hide: hide};
  window.__cmp = cmp;
  window.__tcfapi = tcfapi;
  window.__gpp = gpp;
  queued.__cmp.forEach(function (args) { cmp.apply(null, args); });
  queued.__tcfapi.forEach(function (args) { tcfapi.apply(null, args); });
  function start() {
    fire("init"); fire("settings");
    if (state.exists) { lazyload(); fire("consent"); fire("loadNotShowing"); }
    else setTimeout(function () { show(false); fire("loadShowing"); }, 300);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
