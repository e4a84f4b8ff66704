// Osano's open-source cookieconsent (v3) on a Polish shop, in the site owner's words: opt-in,
// "Zgadzam się" / "Nie zgadzam się"; analytics and advertising only once allowed.
(function () {
  function track(status) {
    if (status !== "allow") return;
    new Image().src = "https://www.google-analytics.com/g/collect?v=2";
    new Image().src = "https://ads.doubleclick.net/px";
  }
  window.addEventListener("load", function () {
    window.cookieconsent.initialise({
      type: "opt-in",
      palette: {popup: {background: "#1d3557"}, button: {background: "#e63946"}},
      content: {message: "Ta strona korzysta z plików cookie w celach statystycznych i " +
                         "reklamowych, jeśli wyrazisz na to zgodę.",
                allow: "Zgadzam się", deny: "Nie zgadzam się", link: "Polityka prywatności",
                href: "/polityka-prywatnosci/"},
      onInitialise: function (status) { track(status); },
      onStatusChange: function (status) { track(status); }
    });
  });
})();
