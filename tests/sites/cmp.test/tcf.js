// A TCF v2 CMP whose banner lives in a cross-origin iframe (as many do), answering
// __tcfapi('getTCData') from the euconsent-v2 cookie.
(function () {
  const S = window.FixtureSite;
  const raw = S.getCookie("euconsent-v2");
  const all = raw === "CPfixtureALL";
  window.__tcfapi = function (command, version, callback) {
    if (command === "ping") return callback({cmpLoaded: true, cmpStatus: "loaded", cmpId: 999}, true);
    if (command === "getTCData") {
      const now = S.getCookie("euconsent-v2");
      const yes = now === "CPfixtureALL";
      return callback({tcString: now || "", cmpId: 999, gdprApplies: true,
                       eventStatus: now ? "useractioncomplete" : "cmpuishown",
                       purpose: {consents: {1: yes, 2: yes, 3: yes, 4: yes}, legitimateInterests: {}},
                       vendor: {consents: {}}}, true);
    }
    callback(null, false);
  };
  S.applyConsent({analytics: all, marketing: all});
  if (raw) return;
  S.later(300, function () {
    const frame = document.createElement("iframe");
    frame.id = "sp_message_iframe";
    frame.src = "https://cmp-frame.test/banner.html";
    frame.style = "position:fixed;bottom:0;left:0;width:100%;height:120px;border:0";
    document.body.appendChild(frame);
    window.addEventListener("message", function (event) {
      if (event.origin !== "https://cmp-frame.test") return;
      S.setCookie("euconsent-v2", event.data === "accept" ? "CPfixtureALL" : "CPfixtureNONE");
      frame.remove();
    });
  });
})();
