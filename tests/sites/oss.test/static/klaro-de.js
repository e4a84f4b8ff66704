// Klaro (kiprotect) in German, as a German site owner configures it: lang "de" (Klaro's own
// translations: "Das ist ok", "Ich lehne ab", "Lassen Sie mich wählen"), one analytics
// service whose script Klaro starts only after consent, the purpose named in the owner's words.
var klaroConfig = {
  version: 1, elementID: "klaro", storageMethod: "cookie", cookieName: "klaro",
  lang: "de", default: false, mustConsent: false, acceptAll: true, hideDeclineAll: false,
  translations: {de: {privacyPolicyUrl: "/datenschutz/", purposes: {analytics: "Besucherstatistik"},
                      googleAnalytics: {description: "Anonyme Besucherstatistik mit Google Analytics."}}},
  services: [{name: "googleAnalytics", title: "Google Analytics", purposes: ["analytics"]}]
};
