// A replica of the Axeptio consent widget, served where sites load it from
// (static.axept.io/sdk.js, after `window.axeptioSettings = {clientId, cookiesVersion}`).
// Written from Axeptio's public documentation and markup, no Axeptio code:
// - the mount div#axeptio_overlay.axeptio_mount holding .needsclick, whose open shadow root
//   holds the widget .axeptio_widget (role=dialog) with #axeptio_btn_dismiss "No thanks"
//   (.ax-discardButton), #axeptio_btn_configure "I choose" and #axeptio_btn_acceptAll
//   "OK for me"; "I choose" opens the vendor step (one switch per vendor,
//   #axeptio_btn_acceptSelection "Done"); shown about 300 ms after load;
// - after a choice, the widget's round button #axeptio_main_button reopens it, as does
//   window.openAxeptioCookies() (and window.__axeptioSDK.openCookies());
// - the records, as cookies: axeptio_cookies (URL-encoded JSON {"$$token", "$$date",
//   "$$cookiesVersion": {name, identifier}, "$$completed", "<vendor>": true|false, ...}),
//   axeptio_authorized_vendors and axeptio_all_vendors (",a,b,"); written on the first load
//   before any choice with "$$completed": false and empty vendor lists (",,"), as Axeptio does;
// - window._axcb: callbacks pushed there get the SDK, whose .on("cookies:complete", fn) is
//   called with the choices {"<vendor>": bool} once a choice is made or read back.
(function () {
  const settings = window.axeptioSettings || {};
  const VENDORS = settings.vendors || [
    {name: "google_analytics", title: "Google Analytics"},
    {name: "facebook_pixel", title: "Facebook Pixel"},
  ];
  const version = {name: settings.cookiesVersion || "default", identifier: "6566c7b1a7f2e7a1d2b0c9e3"};
  const S = window.FixtureSite;
  function cookie(name) {
    const m = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return m ? decodeURIComponent(m[1]) : null;
  }
  function set(name, value) {
    document.cookie = name + "=" + encodeURIComponent(value) + "; path=/; max-age=" +
      395 * 86400 + "; SameSite=Lax";
  }
  function read() {
    try { return JSON.parse(cookie("axeptio_cookies") || "null"); } catch (e) { return null; }
  }
  function write(choices, completed) {
    const previous = read() || {};
    const record = Object.assign({"$$token": previous["$$token"] || Math.random().toString(36).slice(2, 23),
      "$$date": new Date().toISOString(), "$$cookiesVersion": completed ? version : {}},
      choices, {"$$completed": completed});
    set("axeptio_cookies", JSON.stringify(record));
    const names = Object.keys(choices);
    const list = (some) => some.length ? "," + some.join(",") + "," : ",,";
    set("axeptio_authorized_vendors", list(names.filter(n => choices[n])));
    set("axeptio_all_vendors", list(names));
    return record;
  }
  function choicesOf(record) {
    const out = {};
    for (const v of VENDORS) out[v.name] = !!(record && record[v.name]);
    return out;
  }
  const listeners = {};
  const sdk = {
    on(event, fn) { (listeners[event] = listeners[event] || []).push(fn); return sdk; },
    openCookies() { open(); },
    userPreferencesManager: {get choices() { return choicesOf(read()); }},
  };
  function emit(event, data) { for (const fn of listeners[event] || []) { try { fn(data); } catch (e) {} } }
  window.__axeptioSDK = sdk;
  window.axeptioSDK = sdk;
  window.openAxeptioCookies = () => open();
  const queue = window._axcb = window._axcb || [];
  const run = (fn) => { try { fn(sdk); } catch (e) {} };
  queue.forEach(run);
  queue.push = (fn) => { run(fn); return 0; };

  let mount = null, shadow = null, main = null;
  function choose(choices) {
    write(choices, true);
    if (mount) mount.style.display = "none";
    showMain();
    emit("cookies:complete", choices);
  }
  function showMain() {
    if (main) { main.style.display = "block"; return; }
    main = S.el(`<button id="axeptio_main_button" class="ax-main-button" aria-label="Manage cookies" style="position:fixed;bottom:16px;left:16px;width:48px;height:48px;border-radius:24px;z-index:2147483647">🍪</button>`);
    main.addEventListener("click", open);
    document.body.appendChild(main);
  }
  function render(step) {
    const current = choicesOf(read());
    shadow.innerHTML = `<style>.axeptio_widget{position:fixed;bottom:16px;left:16px;width:380px;background:#fff;color:#000;z-index:2147483647;padding:16px;box-shadow:0 0 8px #888}</style>
      <div class="axeptio_widget" role="dialog" aria-label="Axeptio consent widget">
        <div class="axeptio_container">${step === "vendors" ? `
          <h2 class="ax-title">Cookies</h2>
          <div class="ax-vendors">${VENDORS.map(v => `<div class="ax-vendor">
            <label for="axeptio_cookie_${v.name}">${v.title}</label>
            <input type="checkbox" role="switch" id="axeptio_cookie_${v.name}" name="${v.name}"${current[v.name] ? " checked" : ""}></div>`).join("")}</div>
          <div class="axeptio_buttons_wrapper"><button id="axeptio_btn_acceptSelection" class="ax-button">Done</button></div>` : `
          <h2 class="ax-title">Hello, it's us, the cookies!</h2>
          <p class="ax-text">We waited to be sure that this content interests you before disturbing you, but we would like permission to follow your visit to improve our services.</p>
          <div class="axeptio_buttons_wrapper">
            <button id="axeptio_btn_dismiss" class="ax-discardButton">No thanks</button>
            <button id="axeptio_btn_configure" class="ax-configureButton">I choose</button>
            <button id="axeptio_btn_acceptAll" class="ax-acceptButton">OK for me</button>
          </div>`}
        </div></div>`;
    const on = (sel, fn) => { const el = shadow.querySelector(sel); if (el) el.addEventListener("click", fn); };
    const every = (value) => Object.fromEntries(VENDORS.map(v => [v.name, value]));
    on("#axeptio_btn_dismiss", () => choose(every(false)));
    on("#axeptio_btn_acceptAll", () => choose(every(true)));
    on("#axeptio_btn_configure", () => render("vendors"));
    on("#axeptio_btn_acceptSelection", () => choose(Object.fromEntries(
      [...shadow.querySelectorAll(".ax-vendor input")].map(b => [b.name, b.checked]))));
  }
  function open() {
    if (!mount) {
      mount = S.el(`<div id="axeptio_overlay" class="axeptio_mount"><div class="needsclick"></div></div>`);
      shadow = mount.firstChild.attachShadow({mode: "open"});
      document.body.appendChild(mount);
    }
    if (main) main.style.display = "none";
    render("first");
    mount.style.display = "block";
  }
  const stored = read();
  if (!stored) write({}, false);
  // a returning visitor's choice is applied as soon as the document is there; a new
  // visitor's widget comes about 300 ms later
  S.later(0, function () {
    if (stored && stored["$$completed"]) {
      showMain();
      emit("cookies:complete", choicesOf(stored));
    } else {
      setTimeout(open, 300);
    }
  });
})();
