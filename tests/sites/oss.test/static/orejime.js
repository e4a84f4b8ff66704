// Orejime 3 (German texts) as its README configures it: two purposes, their scripts in
// <template data-purpose>. <html data-changed>: the site owner pre-ticked both purposes
// (default: true), so its settings open with everything switched on.
(function () {
  var changed = document.documentElement.hasAttribute("data-changed");
  window.orejimeConfig = {
    privacyPolicyUrl: "/privacy/",
    purposes: [
      {id: "statistik", title: "Statistik", description: "Besucherstatistik (Analyse).",
       cookies: ["_ga"], default: changed},
      {id: "werbung", title: "Werbung", description: "Personalisierte Werbung (Marketing).",
       cookies: ["_gcl_au"], default: changed}
    ]
  };
})();
