// Shared by the consent-manager replicas. A page opts into breaking its promise with
// <html data-violate>: it then sets an advertising cookie before any choice and keeps it
// (and keeps loading the ad pixel) whatever the visitor chooses.
window.FixtureSite = (function () {
  const violate = document.documentElement.hasAttribute("data-violate");
  function getCookie(name) {
    const m = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return m ? decodeURIComponent(m[1]) : null;
  }
  function setCookie(name, value) {
    document.cookie = name + "=" + encodeURIComponent(value) + "; path=/; max-age=31536000";
  }
  function beacon(url) { new Image().src = url; }
  function applyConsent(granted) {
    if (granted.analytics) beacon("https://www.google-analytics.com/g/collect?v=2");
    if (granted.marketing) beacon("https://ads.doubleclick.net/px");
  }
  if (violate) {
    if (!getCookie("_gcl_au")) setCookie("_gcl_au", "1.1.123");
    beacon("https://ads.doubleclick.net/px");
  }
  function later(ms, fn) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", () => setTimeout(fn, ms));
    } else setTimeout(fn, ms);
  }
  function el(html) {
    const t = document.createElement("template"); t.innerHTML = html.trim(); return t.content.firstChild;
  }
  return {violate, getCookie, setCookie, applyConsent, later, el};
})();
