// A replica of OneTrust's banner and API surface (ids, classes, globals, cookies).
(function () {
  const S = window.FixtureSite;
  const groups = ["C0001", "C0002", "C0003", "C0004"];
  window.OneTrust = {version: "fixture"};
  // With <html data-gpc-honored>, a GPC signal on the first visit is recorded and turns the
  // targeting group off, as OneTrust's GPC setting does; data-gpc-ignored records the signal
  // but leaves targeting on.
  const gpc = navigator.globalPrivacyControl === true;
  const html = document.documentElement;
  function store(granted, closed) {
    const off = gpc && html.hasAttribute("data-gpc-honored");
    const pairs = groups.map(g => g + ":" + (g === "C0001" || (granted && !(off && g === "C0004")) ? 1 : 0)).join(",");
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
  if (S.getCookie("OptanonAlertBoxClosed")) return;
  const firstLayerReject = !document.documentElement.hasAttribute("data-no-first-reject");
  S.later(400, function () {
    const sdk = S.el(`<div id="onetrust-consent-sdk">
      <div id="onetrust-banner-sdk" role="region" aria-label="Cookie banner">
        <p>By clicking “Accept All”, you agree to the storing of cookies on your device.</p>
        <button id="onetrust-pc-btn-handler">Cookies Settings</button>
        ${firstLayerReject ? '<button id="onetrust-reject-all-handler">Disable All</button>' : ''}
        <button id="onetrust-accept-btn-handler">Accept All</button>
      </div>
      <div id="onetrust-pc-sdk" style="display:none">
        <label><input type="checkbox" checked> Performance Cookies</label>
        <label><input type="checkbox" checked> Targeting Cookies</label>
        <button class="save-preference-btn-handler">Confirm My Choices</button>
      </div></div>`);
    document.body.appendChild(sdk);
    function close(granted) { store(granted); sdk.remove(); window.OptanonActiveGroups = active(); }
    sdk.querySelector("#onetrust-accept-btn-handler").onclick = () => close(true);
    const rej = sdk.querySelector("#onetrust-reject-all-handler");
    if (rej) rej.onclick = () => close(false);
    sdk.querySelector("#onetrust-pc-btn-handler").onclick = () => {
      sdk.querySelector("#onetrust-banner-sdk").style.display = "none";
      sdk.querySelector("#onetrust-pc-sdk").style.display = "block";
    };
    sdk.querySelector(".save-preference-btn-handler").onclick = () => {
      const anyOn = [...sdk.querySelectorAll("#onetrust-pc-sdk input")].some(b => b.checked);
      close(anyOn);
    };
  });
})();
