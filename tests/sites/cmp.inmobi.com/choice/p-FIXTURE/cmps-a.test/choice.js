// InMobi Choice's per-site loader (replica): the publisher's configuration for p-FIXTURE on
// cmps-a.test, then the CMP itself.
window.__qcChoiceConfig = {pCode: "p-FIXTURE", showDisagree: true, language: "en", gdprApplies: true};
(function () {
  var s = document.createElement("script");
  s.async = true;
  s.src = "https://cmp.inmobi.com/tcfv2/53/cmp2.js?referer=" + encodeURIComponent(location.hostname);
  (document.head || document.documentElement).appendChild(s);
})();
