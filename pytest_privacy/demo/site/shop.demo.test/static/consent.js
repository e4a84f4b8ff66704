// The demo shop's own consent banner: analytics load only after "Accept all".
(function () {
  function choice() {
    var m = document.cookie.match(/(?:^|; )demo_consent=([^;]*)/);
    return m ? m[1] : null;
  }
  function remember(value) {
    document.cookie = "demo_consent=" + value + "; path=/; max-age=31536000; SameSite=Lax";
  }
  function loadAnalytics() {
    var s = document.createElement("script");
    s.src = "https://www.googletagmanager.com/gtag/js?id=G-DEMO";
    document.head.appendChild(s);
  }
  function init() {
    var banner = document.getElementById("cookie-banner");
    var current = choice();
    if (current === "accepted") loadAnalytics();
    if (current) return;
    banner.style.display = "block";
    document.getElementById("accept-all").onclick = function () {
      remember("accepted"); banner.style.display = "none"; loadAnalytics();
    };
    document.getElementById("reject-all").onclick = function () {
      remember("rejected"); banner.style.display = "none";
    };
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
