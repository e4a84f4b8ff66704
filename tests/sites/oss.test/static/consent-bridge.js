// The shop's side of a consent manager hosted on its own consent domain
// (consent.oss-frame.test): until the visitor has chosen, the consent frame is shown at the
// bottom of the page; its choice arrives by postMessage, the shop stores it in its own
// site_consent cookie, removes the frame, and loads analytics and advertising only as allowed.
// The frame stays hidden until the consent domain says its banner is drawn ("ready"), so no
// empty frame flashes. <html data-bad>: the shop loads analytics on every page view, whatever
// the frame says. <html data-never-shown>: the shop's bridge waits for a message the consent
// domain does not send ("loaded"), so the frame is loaded but visitors never see the banner.
(function () {
  var consentOrigin = "https://consent.oss-frame.test";
  var bad = document.documentElement.hasAttribute("data-bad");
  var ready = document.documentElement.hasAttribute("data-never-shown") ? "loaded" : "ready";
  function stored() {
    var m = document.cookie.match(/(?:^|; )site_consent=([^;]*)/);
    try { return m ? JSON.parse(decodeURIComponent(m[1])) : null; } catch (e) { return null; }
  }
  function analytics() { new Image().src = "https://www.google-analytics.com/g/collect?v=2&tid=G-FRAMED"; }
  function apply(choice) {
    if (choice.analytics && !bad) analytics();
    if (choice.ads) new Image().src = "https://ads.doubleclick.net/px";
  }
  if (bad) analytics();
  var choice = stored();
  if (choice) { apply(choice); return; }
  var frame = document.createElement("iframe");
  frame.src = consentOrigin + "/banner.html?site=" + encodeURIComponent(location.origin);
  frame.title = "Cookie consent";
  frame.style.cssText = "position:fixed;left:0;right:0;bottom:0;width:100%;height:240px;" +
                        "border:0;z-index:2147483000;visibility:hidden";
  window.addEventListener("message", function (event) {
    if (event.origin !== consentOrigin || !event.data) return;
    if (event.data.type === ready) frame.style.visibility = "visible";
    if (event.data.type !== "consent") return;
    var categories = event.data.categories || [];
    var made = {analytics: categories.indexOf("analytics") >= 0, ads: categories.indexOf("ads") >= 0};
    document.cookie = "site_consent=" + encodeURIComponent(JSON.stringify(made)) +
                      "; path=/; max-age=15552000; SameSite=Lax; Secure";
    frame.remove();
    apply(made);
  });
  document.body.appendChild(frame);
})();
