// A replica of Cookiebot's dialog and window.Cookiebot.
(function () {
  const S = window.FixtureSite;
  const raw = S.getCookie("CookieConsent");
  const granted = raw === "all";
  window.Cookiebot = {hasResponse: !!raw, consent: {necessary: true, preferences: granted,
                      statistics: granted, marketing: granted}};
  S.applyConsent({analytics: granted, marketing: granted});
  if (raw) return;
  S.later(300, function () {
    const dlg = S.el(`<div id="CybotCookiebotDialog" role="dialog">
      <p>This website uses cookies.</p>
      <button id="CybotCookiebotDialogBodyButtonDecline">Use necessary cookies only</button>
      <button id="CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll">Allow all cookies</button>
    </div>`);
    document.body.appendChild(dlg);
    function close(all) {
      S.setCookie("CookieConsent", all ? "all" : "necessary");
      window.Cookiebot.hasResponse = true;
      Object.assign(window.Cookiebot.consent, {preferences: all, statistics: all, marketing: all});
      dlg.remove();
    }
    dlg.querySelector("#CybotCookiebotDialogBodyButtonDecline").onclick = () => close(false);
    dlg.querySelector("#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll").onclick = () => close(true);
  });
})();
