// Like real consent managers and trackers that look for automation: a visitor's browser gets
// the banner (and an advertising cookie before any choice, the site's violation); a browser
// that says it is automated (navigator.webdriver, a HeadlessChrome user agent) gets neither.
(function () {
  var bot = navigator.webdriver === true || /HeadlessChrome/.test(navigator.userAgent);
  document.documentElement.setAttribute("data-seen-as", bot ? "bot" : "visitor");
  if (bot) return;
  document.cookie = "_gcl_au=1.1.42; path=/; max-age=7776000";
  document.addEventListener("DOMContentLoaded", function () {
    var banner = document.createElement("div");
    banner.id = "shy-banner";
    banner.style.cssText = "position:fixed;bottom:0;left:0;right:0;background:#eee;padding:1em";
    banner.innerHTML = '<p>We use cookies to improve your experience.</p>' +
      '<button id="shy-accept">Accept all</button> <button id="shy-reject">Reject all</button>';
    document.body.appendChild(banner);
    banner.querySelector("#shy-accept").onclick = function () { banner.remove(); };
    banner.querySelector("#shy-reject").onclick = function () { banner.remove(); };
  });
})();
