// A replica of Cookiebot's dialog and window.Cookiebot.
(function () {
  const S = window.FixtureSite;
  const raw = S.getCookie("CookieConsent");
  const granted = raw === "all";
  // The public API surface of Cookiebot's uc.js that consent tools rely on.
  window.Cookiebot = {hasResponse: !!raw, declined: raw === "necessary",
                      consented: granted, dialog: {visible: false},
                      consent: {necessary: true, preferences: granted, statistics: granted,
                                marketing: granted}};
  S.applyConsent({analytics: granted, marketing: granted});
  if (raw) return;
  S.later(300, function () {
    const dlg = S.el(`<div id="CybotCookiebotDialog" role="dialog">
      <p>This website uses cookies.</p>
      <button id="CybotCookiebotDialogBodyButtonDecline">Use necessary cookies only</button>
      <button id="CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll">Allow all cookies</button>
    </div>`);
    document.body.appendChild(dlg);
    window.Cookiebot.dialog.visible = true;
    function close(all) {
      S.setCookie("CookieConsent", all ? "all" : "necessary");
      Object.assign(window.Cookiebot, {hasResponse: true, declined: !all, consented: all});
      Object.assign(window.Cookiebot.consent, {preferences: all, statistics: all, marketing: all});
      window.Cookiebot.dialog.visible = false;
      dlg.remove();
    }
    window.Cookiebot.withdraw = () => close(false);
    window.Cookiebot.hide = () => { window.Cookiebot.dialog.visible = false; dlg.remove(); };
    dlg.querySelector("#CybotCookiebotDialogBodyButtonDecline").onclick = () => close(false);
    dlg.querySelector("#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll").onclick = () => close(true);
  });
})();
