// A replica of Complianz (WordPress): #cmplz-cookiebanner-container .cmplz-cookiebanner with
// "Accept" (.cmplz-accept), "Deny" (.cmplz-deny), "View preferences" (.cmplz-view-preferences)
// and, in the preferences, one checkbox per category and "Save preferences"
// (.cmplz-save-preferences); one cookie per category (cmplz_statistics=allow|deny, ...),
// cmplz_banner-status, cmplz_has_consent(), and the "Manage consent" tab .cmplz-manage-consent.
(function () {
  const S = window.FixtureSite;
  const cats = ["preferences", "statistics", "marketing"];
  const has = (c) => S.getCookie("cmplz_" + c) === "allow";
  window.cmplz_has_consent = has;
  S.applyConsent({analytics: has("statistics"), marketing: has("marketing")});
  const dismissed = S.getCookie("cmplz_banner-status") === "dismissed";
  S.later(300, function () {
    const box = S.el(`<div id="cmplz-cookiebanner-container">
      <div class="cmplz-cookiebanner ${dismissed ? "cmplz-dismissed" : "cmplz-show"} banner-1 optin" role="dialog" aria-labelledby="cmplz-header-1-optin"
           style="position:fixed;bottom:0;right:0;width:420px;background:#fff${dismissed ? ";display:none" : ""}">
        <div class="cmplz-header"><div class="cmplz-title" id="cmplz-header-1-optin">Manage Cookie Consent</div></div>
        <div class="cmplz-body"><div class="cmplz-message">To provide the best experiences, we use technologies like cookies to store and/or access device information.</div>
          <div class="cmplz-categories" style="display:none">
            <label><input type="checkbox" class="cmplz-consent-checkbox cmplz-functional" checked disabled> Functional</label>
            ${cats.map(c => `<label><input type="checkbox" id="cmplz-${c}-optin" class="cmplz-consent-checkbox cmplz-${c}" data-category="cmplz_${c}"> ${c[0].toUpperCase() + c.slice(1)}</label>`).join("")}
          </div></div>
        <div class="cmplz-buttons">
          <button class="cmplz-btn cmplz-accept">Accept</button>
          <button class="cmplz-btn cmplz-deny">Deny</button>
          <button class="cmplz-btn cmplz-view-preferences">View preferences</button>
          <button class="cmplz-btn cmplz-save-preferences" style="display:none">Save preferences</button>
        </div></div>
      <div id="cmplz-manage-consent"><button class="cmplz-btn cmplz-manage-consent" style="position:fixed;bottom:0;left:8px">Manage consent</button></div>
    </div>`);
    document.body.appendChild(box);
    const banner = box.querySelector(".cmplz-cookiebanner");
    function done(choice) {
      for (const c of cats) S.setCookie("cmplz_" + c, choice[c] ? "allow" : "deny");
      S.setCookie("cmplz_functional", "allow");
      S.setCookie("cmplz_banner-status", "dismissed");
      banner.style.display = "none"; banner.classList.remove("cmplz-show");
    }
    const all = (v) => Object.fromEntries(cats.map(c => [c, v]));
    box.querySelector(".cmplz-accept").onclick = () => done(all(true));
    box.querySelector(".cmplz-deny").onclick = () => done(all(false));
    box.querySelector(".cmplz-view-preferences").onclick = () => {
      box.querySelector(".cmplz-categories").style.display = "block";
      box.querySelector(".cmplz-save-preferences").style.display = "inline-block";
      box.querySelector(".cmplz-view-preferences").style.display = "none";
    };
    box.querySelector(".cmplz-save-preferences").onclick = () =>
      done(Object.fromEntries(cats.map(c => [c, box.querySelector("#cmplz-" + c + "-optin").checked])));
    box.querySelector(".cmplz-manage-consent").onclick = () => {
      for (const c of cats) box.querySelector("#cmplz-" + c + "-optin").checked = has(c);
      banner.style.display = "block"; banner.classList.add("cmplz-show");
    };
  });
})();
