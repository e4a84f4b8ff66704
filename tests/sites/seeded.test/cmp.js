// A small consent manager that keeps the visitor's choice in three places, each read by one
// page: a cookie (/a/), localStorage (/b/, data-store="local") and sessionStorage (/c/,
// data-store="session": a choice kept per tab). With consent, every page loads analytics;
// accepting also sets _ga from this script.
(function () {
  var store = document.documentElement.getAttribute("data-store") || "cookie";
  function read() {
    if (store === "local") return localStorage.getItem("site_choice");
    if (store === "session") return sessionStorage.getItem("site_choice");
    var m = document.cookie.match(/(?:^|; )site_choice=([^;]*)/); return m ? m[1] : null;
  }
  function write(choice) {
    document.cookie = "site_choice=" + choice + "; path=/; max-age=15552000";
    localStorage.setItem("site_choice", choice);
    sessionStorage.setItem("site_choice", choice);
    if (choice === "accepted") {
      document.cookie = "_ga=GA1.1.1234.5678; path=/; max-age=63072000";
      load();
    }
  }
  function load() { new Image().src = "https://www.google-analytics.com/g/collect?v=2&tid=G-SEED"; }
  var choice = read();
  if (choice === "accepted") load();
  if (choice) return;
  setTimeout(function () {
    var banner = document.createElement("div");
    banner.id = "choices";
    banner.style.cssText = "position:fixed;bottom:0;left:0;right:0;background:#fff;padding:8px";
    banner.innerHTML = "<p>We use cookies for analytics.</p>" +
      '<button id="yes">Accept all</button> <button id="no">Reject all</button>';
    document.body.appendChild(banner);
    document.getElementById("yes").onclick = function () { write("accepted"); banner.remove(); };
    document.getElementById("no").onclick = function () { write("rejected"); banner.remove(); };
  }, 300);
})();
