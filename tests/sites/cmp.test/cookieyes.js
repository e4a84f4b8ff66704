// A replica of CookieYes: .cky-consent-container ("Customize" / "Reject All" / "Accept All"),
// the preference centre .cky-modal with one switch per category (#ckySwitchanalytics, ...)
// and "Save My Preferences" (.cky-btn-preferences), the revisit button .cky-btn-revisit, the
// cookieyes-consent cookie (written on the first load, before any choice, as CookieYes does)
// and getCkyConsent().
(function () {
  const S = window.FixtureSite;
  const cats = ["functional", "analytics", "performance", "advertisement"];
  function read() {
    const raw = S.getCookie("cookieyes-consent") || "";
    const out = {action: /action:yes/.test(raw)};
    for (const c of cats) out[c] = new RegExp(c + ":yes").test(raw);
    return out;
  }
  function write(choice, action) {
    S.setCookie("cookieyes-consent", "consentid:fixture,consent:" + (cats.some(c => choice[c]) ? "yes" : "no") +
      ",action:" + (action ? "yes" : "") + ",necessary:yes," +
      cats.map(c => c + ":" + (choice[c] ? "yes" : "no")).join(","));
  }
  if (!S.getCookie("cookieyes-consent")) write({}, false);
  const now = read();
  window.getCkyConsent = () => ({activeLaw: "gdpr", isUserActionCompleted: read().action,
    categories: Object.assign({necessary: true}, ...cats.map(c => ({[c]: read()[c]})))});
  S.applyConsent({analytics: now.analytics, marketing: now.advertisement});
  let root = null;
  function show(modal) {
    if (!root) return;
    root.querySelector(".cky-consent-container").classList.toggle("cky-hide", !!modal);
    root.querySelector(".cky-modal").classList.toggle("cky-modal-open", !!modal);
    root.querySelector(".cky-modal").style.display = modal ? "block" : "none";
    root.querySelector(".cky-consent-container").style.display = modal ? "none" : "block";
  }
  window.revisitCkyConsent = () => show(true);
  S.later(300, function () {
    root = S.el(`<div class="cky-root">
      <div class="cky-consent-container" role="region" aria-label="We value your privacy" style="position:fixed;bottom:0;left:0;right:0;background:#fff">
        <p class="cky-title">We value your privacy</p>
        <div class="cky-notice-des"><p>We use cookies to enhance your browsing experience, serve personalised ads or content, and analyse our traffic.</p></div>
        <div class="cky-notice-btn-wrapper">
          <button class="cky-btn cky-btn-customize">Customize</button>
          <button class="cky-btn cky-btn-reject">Reject All</button>
          <button class="cky-btn cky-btn-accept">Accept All</button>
        </div></div>
      <div class="cky-modal" role="dialog" style="display:none;position:fixed;top:10%;left:10%;right:10%;background:#fff">
        <p>Customize Consent Preferences</p>
        ${cats.map(c => `<div class="cky-accordion"><label for="ckySwitch${c}">${c[0].toUpperCase() + c.slice(1)}</label>
          <div class="cky-switch"><input type="checkbox" id="ckySwitch${c}"></div></div>`).join("")}
        <div class="cky-prefrence-btn-wrapper">
          <button class="cky-btn cky-btn-reject">Reject All</button>
          <button class="cky-btn cky-btn-preferences">Save My Preferences</button>
          <button class="cky-btn cky-btn-accept">Accept All</button>
        </div></div>
      <div class="cky-btn-revisit-wrapper" style="position:fixed;bottom:8px;left:8px${read().action ? "" : ";display:none"}">
        <button class="cky-btn-revisit" aria-label="Consent Preferences">⚙</button></div>
    </div>`);
    document.body.appendChild(root);
    const all = (v) => Object.fromEntries(cats.map(c => [c, v]));
    function done(choice) {
      write(choice, true);
      root.querySelector(".cky-consent-container").style.display = "none";
      root.querySelector(".cky-modal").style.display = "none";
      root.querySelector(".cky-btn-revisit-wrapper").style.display = "block";
    }
    for (const b of root.querySelectorAll(".cky-btn-accept")) b.onclick = () => done(all(true));
    for (const b of root.querySelectorAll(".cky-btn-reject")) b.onclick = () => done(all(false));
    root.querySelector(".cky-btn-customize").onclick = () => show(true);
    root.querySelector(".cky-btn-preferences").onclick = () =>
      done(Object.fromEntries(cats.map(c => [c, root.querySelector("#ckySwitch" + c).checked])));
    root.querySelector(".cky-btn-revisit").onclick = () => show(true);
    if (read().action) root.querySelector(".cky-consent-container").style.display = "none";
  });
})();
