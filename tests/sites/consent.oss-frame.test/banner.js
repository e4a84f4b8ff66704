// The consent domain of a shop that keeps its consent manager off its own pages: the real
// vanilla-cookieconsent runs in this frame, and the choice goes to the embedding site by
// postMessage, only to a site on the allow-list (the frame's ?site= names it); "ready" tells
// the site that the banner is drawn and the frame can be shown.
(function () {
  var sites = ["https://oss.test"];
  var site = new URLSearchParams(location.search).get("site");
  if (sites.indexOf(site) < 0 || window.parent === window) return;
  CookieConsent.run({
    guiOptions: {consentModal: {layout: "bar", position: "bottom"}},
    cookie: {name: "cc_frame", sameSite: "None"},
    categories: {necessary: {enabled: true, readOnly: true}, analytics: {}, ads: {}},
    onModalShow: function () { window.parent.postMessage({type: "ready"}, site); },
    onConsent: function (detail) {
      window.parent.postMessage({type: "consent", categories: detail.cookie.categories}, site);
    },
    language: {default: "en", translations: {en: {
      consentModal: {title: "Your privacy", description: "We and our partners use cookies " +
                     "for analytics and advertising, only with your consent.",
                     acceptAllBtn: "Accept all", acceptNecessaryBtn: "Reject all",
                     showPreferencesBtn: "Manage preferences"},
      preferencesModal: {title: "Cookie preferences", acceptAllBtn: "Accept all",
                         acceptNecessaryBtn: "Reject all", savePreferencesBtn: "Save preferences",
                         closeIconLabel: "Close", sections: [
                           {title: "Strictly necessary cookies", linkedCategory: "necessary"},
                           {title: "Analytics cookies", linkedCategory: "analytics"},
                           {title: "Advertising cookies", linkedCategory: "ads"}]}
    }}}
  });
})();
