// A small consent banner. data-sticky on <html> makes the site break its promise: the
// advertising cookie it sets before any choice is kept after "Reject all".
(function () {
  var sticky = document.documentElement.hasAttribute("data-sticky");
  // data-dead: the banner's buttons do nothing at all
  var dead = document.documentElement.hasAttribute("data-dead");
  function choice() {
    var m = document.cookie.match(/(?:^|; )consent=([^;]*)/); return m ? m[1] : null;
  }
  if (sticky && !/(?:^|; )_gcl_au=/.test(document.cookie)) {
    document.cookie = "_gcl_au=1.1.99; path=/; max-age=7776000";
  }
  function init() {
    var c = choice();
    if (c === "accepted") new Image().src = "https://www.google-analytics.com/g/collect?v=2";
    if (c) return;
    var banner = document.createElement("div");
    banner.id = "banner";
    banner.style.cssText = "position:fixed;bottom:0;left:0;right:0;background:#fff;padding:8px";
    banner.innerHTML = '<p>We use cookies for analytics and advertising.</p>' +
      '<button id="accept">Accept all</button> <button id="reject">Reject all</button>';
    // The banner appears a moment after load, as consent managers' banners do.
    setTimeout(function () {
      document.body.appendChild(banner);
      if (dead) return;
      document.getElementById("accept").onclick = function () {
        document.cookie = "consent=accepted; path=/"; banner.remove();
      };
      document.getElementById("reject").onclick = function () {
        document.cookie = "consent=rejected; path=/"; banner.remove();
      };
    }, 1000);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
