// Cookies EU banner (Alex-D) as its README sets it up: a <template> with the banner, and
// CookiesEuBanner.createCookiesBanner({onAccept}) loading Google Analytics only after
// "Accept". <html data-changed>: the site owner starts the banner 1.5 s after load (a
// consent manager whose handlers are attached late). <html data-bad>: analytics load on
// every page view, whatever the visitor chose (the broken promise).
(function () {
  var root = document.documentElement;
  function analytics() {
    var s = document.createElement("script");
    s.src = "https://www.google-analytics.com/analytics.js";
    document.head.appendChild(s);
    new Image().src = "https://www.google-analytics.com/g/collect?v=2&tid=G-EUBANNER";
  }
  if (root.hasAttribute("data-bad")) analytics();
  function start() {
    CookiesEuBanner.createCookiesBanner({
      onAccept: function () { if (!root.hasAttribute("data-bad")) analytics(); },
    });
  }
  if (root.hasAttribute("data-changed")) setTimeout(start, 1500); else start();
})();
