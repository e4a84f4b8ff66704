// The site's own tag loading, wired to each consent manager the way its documentation tells a
// site to (cmp.test/common.js applyConsent sends the analytics and ad beacons):
// - trustarc: the PrivacyManagerAPI "getConsentDecision" message, then
//   PrivacyManagerAPI.callApi("getGDPRConsentDecision", host): bucket 2 (functional) loads
//   analytics, bucket 3 (advertising) the ad pixel;
// - tcf (InMobi Choice, Sourcepoint): __tcfapi("addEventListener") and the purposes of its
//   tcloaded / useractioncomplete answers: 1 and 8 analytics, 1, 2, 3 and 4 advertising;
// - osano: Osano("onConsentSaved") and Osano.cm's "osano-cm-initialized" event, read with
//   Osano.cm.getConsent(): ANALYTICS and MARKETING.
(function () {
  const S = window.FixtureSite;
  const cmp = document.currentScript.dataset.cmp;
  let applied = {analytics: false, marketing: false};
  function apply(granted) {  // a tag once loaded stays loaded on this page
    const fresh = {analytics: granted.analytics && !applied.analytics,
                   marketing: granted.marketing && !applied.marketing};
    applied = {analytics: applied.analytics || granted.analytics,
               marketing: applied.marketing || granted.marketing};
    S.applyConsent(fresh);
  }
  if (cmp === "trustarc") {
    window.addEventListener("message", function (e) {
      let d;
      try { d = JSON.parse(e.data); } catch (x) { return; }
      if (!d || !(d = d.PrivacyManagerAPI) || !d.capabilities || d.action !== "getConsentDecision") return;
      const buckets = window.PrivacyManagerAPI.callApi("getGDPRConsentDecision", location.host).consentDecision;
      apply({analytics: buckets.includes(2), marketing: buckets.includes(3)});
    });
    const ask = setInterval(function () {
      if (!window.PrivacyManagerAPI) return;
      clearInterval(ask);
      window.top.postMessage(JSON.stringify({PrivacyManagerAPI: {action: "getConsentDecision",
        timestamp: Date.now(), self: location.host}}), "*");
    }, 50);
  } else if (cmp === "tcf") {
    window.__tcfapi("addEventListener", 2, function (data, ok) {
      if (!ok || !data || (data.eventStatus !== "tcloaded" && data.eventStatus !== "useractioncomplete")) return;
      const p = data.purpose.consents;
      apply({analytics: !!(p[1] && p[8]), marketing: !!(p[1] && p[2] && p[3] && p[4])});
    });
  } else if (cmp === "osano") {
    function read() {
      const c = window.Osano.cm.getConsent();
      apply({analytics: c.ANALYTICS === "ACCEPT", marketing: c.MARKETING === "ACCEPT"});
    }
    window.Osano("onConsentSaved", read);
    window.Osano.cm.addEventListener("osano-cm-initialized", read);
  }
})();
