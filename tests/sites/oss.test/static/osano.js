// Osano's open-source cookieconsent (v3) as its README configures it: opt-in, the site's
// analytics and advertising only once the visitor allowed cookies. <html data-changed>: the
// site owner chose the "info" type, a banner whose only button is "Got it!".
(function () {
  var changed = document.documentElement.hasAttribute("data-changed");
  function track(status) {
    if (status !== "allow") return;
    new Image().src = "https://www.google-analytics.com/g/collect?v=2";
    new Image().src = "https://ads.doubleclick.net/px";
  }
  window.addEventListener("load", function () {
    window.cookieconsent.initialise({
      type: changed ? "info" : "opt-in",
      palette: {popup: {background: "#000"}, button: {background: "#f1d600"}},
      content: {message: "This website uses cookies to ensure you get the best experience.",
                allow: "Allow cookies", deny: "Decline", dismiss: "Got it!"},
      onInitialise: function (status) { track(status); },
      onStatusChange: function (status) { track(status); }
    });
  });
})();
