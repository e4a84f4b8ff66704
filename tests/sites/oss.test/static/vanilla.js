// vanilla-cookieconsent (orestbida) as its README configures it; <html data-changed>: the
// site owner dropped the first layer's "Reject all" and pre-ticked analytics, so refusing
// means opening the preferences, switching toggles off and saving.
(function () {
  var changed = document.documentElement.hasAttribute("data-changed");
  var firstLayer = {title: "We use cookies", description: "We use cookies for analytics and advertising.",
                    acceptAllBtn: "Accept all", showPreferencesBtn: "Manage preferences"};
  var preferences = {title: "Cookie preferences", acceptAllBtn: "Accept all",
                     savePreferencesBtn: "Save preferences", closeIconLabel: "Close",
                     sections: [
                       {title: "Strictly necessary cookies", linkedCategory: "necessary"},
                       {title: "Analytics cookies", description: "Performance and statistics.", linkedCategory: "analytics"},
                       {title: "Advertising cookies", description: "Targeting and advertising.", linkedCategory: "ads"}]};
  if (!changed) { firstLayer.acceptNecessaryBtn = "Reject all"; preferences.acceptNecessaryBtn = "Reject all"; }
  CookieConsent.run({
    categories: {necessary: {enabled: true, readOnly: true}, analytics: {enabled: changed}, ads: {}},
    language: {default: "en", translations: {en: {consentModal: firstLayer, preferencesModal: preferences}}}
  });
})();
