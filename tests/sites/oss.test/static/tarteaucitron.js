// tarteaucitron.js as its README configures it, with two services of the site's own (an
// analytics beacon, an advertising pixel). <html data-changed>: the site owner turned the
// first layer's "Deny all" off (DenyAllCta: false): refusing means "Personalize" first.
(function () {
  var changed = document.documentElement.hasAttribute("data-changed");
  tarteaucitron.services.siteanalytics = {
    key: "siteanalytics", type: "analytic", name: "Site analytics", needConsent: true,
    cookies: [], uri: "https://oss.test/privacy/",
    js: function () { new Image().src = "https://www.google-analytics.com/g/collect?v=2"; },
    fallback: function () {}
  };
  tarteaucitron.services.siteads = {
    key: "siteads", type: "ads", name: "Site advertising", needConsent: true,
    cookies: [], uri: "https://oss.test/privacy/",
    js: function () { new Image().src = "https://ads.doubleclick.net/px"; },
    fallback: function () {}
  };
  tarteaucitron.init({
    privacyUrl: "/privacy/", hashtag: "#tarteaucitron", cookieName: "tarteaucitron",
    orientation: "bottom", showAlertSmall: false, cookieslist: false, showIcon: true,
    iconPosition: "BottomRight", DenyAllCta: !changed, AcceptAllCta: true, highPrivacy: true,
    handleBrowserDNTRequest: false, removeCredit: true, moreInfoLink: true, mandatory: true,
    useExternalCss: false, useExternalJs: false
  });
  (tarteaucitron.job = tarteaucitron.job || []).push("siteanalytics");
  tarteaucitron.job.push("siteads");
})();
