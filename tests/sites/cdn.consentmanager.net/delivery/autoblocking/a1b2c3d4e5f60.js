/* A replica of consentmanager.net's autoblocking loader (written for the tests): the stubs
   __cmp / __tcfapi / __gpp queue calls until the CMP is there, and the CMP itself comes
   from the data-cmp-host named on this script tag (delivery/cmp.php). */
(function () {
  var me = document.currentScript;
  var host = (me && me.getAttribute("data-cmp-host")) || "delivery.consentmanager.net";
  var cdid = "a1b2c3d4e5f60";
  window.cmp_id = 0;
  window.cmp_cdid = cdid;
  window.cmp_params = "";
  window.cmp_host = host;
  window.cmp_cdn = (me && me.getAttribute("data-cmp-cdn")) || "cdn.consentmanager.net";
  window.gdprAppliesGlobally = true;
  function stub(name) {
    if (typeof window[name] === "function") return;
    var queue = [];
    window[name] = function () {
      var args = Array.prototype.slice.call(arguments);
      if (args[0] === "ping" && name === "__cmp") return false;
      if (args[0] === "ping" && typeof args[2] === "function") {
        return args[2]({gdprApplies: true, cmpLoaded: false, cmpStatus: "stub", displayStatus: "hidden", apiVersion: "2.2", cmpId: 31}, true);
      }
      queue.push(args);
      return undefined;
    };
    window[name].a = queue;
  }
  stub("__cmp"); stub("__tcfapi"); stub("__gpp");
  var s = document.createElement("script");
  s.src = "https://" + host + "/delivery/cmp.php?cdid=" + cdid + "&h=" + encodeURIComponent(location.href) +
    "&l=en&o=" + Date.now();
  s.async = true;
  (document.head || document.documentElement).appendChild(s);
})();
