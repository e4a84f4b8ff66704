// A replica of OneTrust's banner and API surface (ids, classes, globals, cookies): the banner
// #onetrust-banner-sdk, the preference centre #onetrust-pc-sdk with one switch per group
// (#ot-group-id-C0002 ..., "Confirm My Choices"), the OptanonConsent / OptanonAlertBoxClosed
// cookies, OptanonActiveGroups, the site's persistent "Cookie Settings" button
// (#ot-sdk-btn.ot-sdk-show-settings) and OneTrust.ToggleInfoDisplay() that show the
// preference centre again after a choice.
(function () {
  const S = window.FixtureSite;
  const groups = ["C0001", "C0002", "C0003", "C0004"];
  const names = {C0001: "Strictly Necessary Cookies", C0002: "Performance Cookies",
                 C0003: "Functional Cookies", C0004: "Targeting Cookies"};
  // With <html data-gpc-honored>, a GPC signal on the first visit is recorded and turns the
  // targeting group off, as OneTrust's GPC setting does; data-gpc-ignored records the signal
  // but leaves targeting on.
  const gpc = navigator.globalPrivacyControl === true;
  const html = document.documentElement;
  function store(granted, closed) {
    // granted: true / false for every group, or {C0002: bool, ...} per group
    const off = gpc && html.hasAttribute("data-gpc-honored");
    const on = (g) => g === "C0001" || (typeof granted === "object" ? !!granted[g]
                                        : (granted && !(off && g === "C0004")));
    const pairs = groups.map(g => g + ":" + (on(g) ? 1 : 0)).join(",");
    const flag = gpc && (html.hasAttribute("data-gpc-honored") || html.hasAttribute("data-gpc-ignored")) ? 1 : 0;
    S.setCookie("OptanonConsent", "isGpcEnabled=" + flag + "&datestamp=x&version=fixture&groups=" + pairs);
    if (closed !== false) S.setCookie("OptanonAlertBoxClosed", new Date().toISOString());
  }
  if (!S.getCookie("OptanonConsent") && (html.hasAttribute("data-gpc-honored") || html.hasAttribute("data-gpc-ignored"))) {
    // the first load writes the record before any choice; implied consent outside the EU
    store(true, false);
  }
  function active() {
    const raw = S.getCookie("OptanonConsent");
    const m = raw && raw.match(/groups=([^&]*)/);
    if (!m) return ",C0001,";
    return "," + m[1].split(",").filter(p => p.endsWith(":1")).map(p => p.split(":")[0]).join(",") + ",";
  }
  window.OptanonActiveGroups = active();
  const ga = window.OptanonActiveGroups;
  S.applyConsent({analytics: ga.includes(",C0002,"), marketing: ga.includes(",C0004,")});
  const closedBefore = !!S.getCookie("OptanonAlertBoxClosed");
  const firstLayerReject = !html.hasAttribute("data-no-first-reject");
  let sdk = null;
  function showCentre() {
    if (!sdk) return;
    const now = active();
    for (const box of sdk.querySelectorAll("#onetrust-pc-sdk input[data-optanongroupid]")) {
      box.checked = now.includes("," + box.dataset.optanongroupid + ",");
    }
    sdk.style.display = "block";
    sdk.querySelector("#onetrust-banner-sdk").style.display = "none";
    sdk.querySelector("#onetrust-pc-sdk").style.display = "block";
  }
  window.OneTrust = {version: "fixture", ToggleInfoDisplay: showCentre};
  S.later(400, function () {
    const switches = groups.filter(g => g !== "C0001").map(g =>
      `<div class="ot-accordion-layout ot-cat-item"><label for="ot-group-id-${g}">${names[g]}</label>
       <input type="checkbox" id="ot-group-id-${g}" class="category-switch-handler" data-optanongroupid="${g}" checked></div>`).join("");
    sdk = S.el(`<div id="onetrust-consent-sdk">
      <div id="onetrust-banner-sdk" role="region" aria-label="Cookie banner" style="position:fixed;bottom:0;left:0;right:0;background:#fff">
        <p>By clicking “Accept All”, you agree to the storing of cookies on your device.</p>
        <button id="onetrust-pc-btn-handler">Cookies Settings</button>
        ${firstLayerReject ? '<button id="onetrust-reject-all-handler">Disable All</button>' : ''}
        <button id="onetrust-accept-btn-handler">Accept All</button>
      </div>
      <div id="onetrust-pc-sdk" role="dialog" aria-modal="true" style="display:none;position:fixed;top:10%;left:10%;right:10%;background:#fff">
        <p>Privacy Preference Center: manage consent preferences.</p>
        <div class="ot-cat-item"><span>${names.C0001}</span> <span class="ot-always-active">Always Active</span></div>
        ${switches}
        <button class="save-preference-btn-handler onetrust-close-btn-handler">Confirm My Choices</button>
      </div></div>`);
    document.body.appendChild(sdk);
    if (closedBefore) sdk.style.display = "none";
    function close(granted) {
      store(granted); sdk.style.display = "none"; window.OptanonActiveGroups = active();
    }
    sdk.querySelector("#onetrust-accept-btn-handler").onclick = () => close(true);
    const rej = sdk.querySelector("#onetrust-reject-all-handler");
    if (rej) rej.onclick = () => close(false);
    sdk.querySelector("#onetrust-pc-btn-handler").onclick = showCentre;
    sdk.querySelector(".save-preference-btn-handler").onclick = () => {
      const choice = {};
      for (const box of sdk.querySelectorAll("#onetrust-pc-sdk input[data-optanongroupid]")) {
        choice[box.dataset.optanongroupid] = box.checked;
      }
      close(choice);
    };
    for (const button of document.querySelectorAll(".ot-sdk-show-settings")) {
      button.addEventListener("click", showCentre);
    }
  });
})();
