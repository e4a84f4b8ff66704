// A replica of Cookiebot's dialog and window.Cookiebot: the first layer ("Use necessary
// cookies only" / "Allow all cookies" / "Customize"), the details layer with one checkbox per
// category (real ids) and "Allow selection", the CookieConsent cookie in Cookiebot's format,
// and Cookiebot.renew() that shows the dialog again (what "Change your consent" links call).
(function () {
  const S = window.FixtureSite;
  const raw = S.getCookie("CookieConsent");
  function parse(value) {
    if (!value) return null;
    const out = {};
    for (const key of ["necessary", "preferences", "statistics", "marketing"]) {
      out[key] = new RegExp(key + ":true").test(value);
    }
    return out;
  }
  const stored = parse(raw);
  window.Cookiebot = {hasResponse: !!raw, declined: !!stored && !stored.marketing && !stored.statistics,
                      consented: !!stored && stored.marketing, dialog: {visible: false},
                      consent: Object.assign({necessary: true, preferences: false, statistics: false,
                                              marketing: false}, stored || {})};
  S.applyConsent({analytics: !!stored && stored.statistics, marketing: !!stored && stored.marketing});
  function show() {
    if (document.getElementById("CybotCookiebotDialog")) return;
    const dlg = S.el(`<div id="CybotCookiebotDialog" role="dialog" style="position:fixed;bottom:0;left:0;right:0;background:#fff">
      <p>This website uses cookies.</p>
      <div id="CybotCookiebotDialogTabContentDetails" style="display:none">
        <label><input type="checkbox" id="CybotCookiebotDialogBodyLevelButtonNecessary" checked disabled> Necessary</label>
        <label><input type="checkbox" id="CybotCookiebotDialogBodyLevelButtonPreferences"> Preferences</label>
        <label><input type="checkbox" id="CybotCookiebotDialogBodyLevelButtonStatistics"> Statistics</label>
        <label><input type="checkbox" id="CybotCookiebotDialogBodyLevelButtonMarketing"> Marketing</label>
        <button id="CybotCookiebotDialogBodyLevelButtonLevelOptinAllowallSelection">Allow selection</button>
      </div>
      <button id="CybotCookiebotDialogBodyButtonDecline">Use necessary cookies only</button>
      <button id="CybotCookiebotDialogBodyButtonDetails">Customize</button>
      <button id="CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll">Allow all cookies</button>
    </div>`);
    document.body.appendChild(dlg);
    window.Cookiebot.dialog.visible = true;
    const box = (name) => dlg.querySelector("#CybotCookiebotDialogBodyLevelButton" + name);
    function close(choice) {
      S.setCookie("CookieConsent", "{stamp:'fixture',necessary:true,preferences:" + choice.preferences +
                  ",statistics:" + choice.statistics + ",marketing:" + choice.marketing +
                  ",method:'explicit',ver:1}");
      Object.assign(window.Cookiebot, {hasResponse: true, declined: !choice.marketing && !choice.statistics,
                                       consented: choice.marketing});
      Object.assign(window.Cookiebot.consent, choice);
      window.Cookiebot.dialog.visible = false;
      dlg.remove();
    }
    const all = (v) => ({preferences: v, statistics: v, marketing: v});
    window.Cookiebot.withdraw = () => close(all(false));
    window.Cookiebot.hide = () => { window.Cookiebot.dialog.visible = false; dlg.remove(); };
    dlg.querySelector("#CybotCookiebotDialogBodyButtonDecline").onclick = () => close(all(false));
    dlg.querySelector("#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll").onclick = () => close(all(true));
    dlg.querySelector("#CybotCookiebotDialogBodyButtonDetails").onclick = () => {
      dlg.querySelector("#CybotCookiebotDialogTabContentDetails").style.display = "block";
    };
    dlg.querySelector("#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowallSelection").onclick = () =>
      close({preferences: box("Preferences").checked, statistics: box("Statistics").checked,
             marketing: box("Marketing").checked});
  }
  window.Cookiebot.renew = show;
  window.Cookiebot.show = show;
  if (raw) return;
  S.later(300, show);
})();
