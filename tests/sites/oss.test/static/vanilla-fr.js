// vanilla-cookieconsent (orestbida) on a French shop, in the site owner's words as the CNIL
// asks for them: "Tout accepter" and "Tout refuser" side by side on the first layer,
// "Personnaliser" for the preferences, one toggle per purpose.
(function () {
  CookieConsent.run({
    guiOptions: {consentModal: {layout: "box", position: "bottom right"}},
    categories: {necessary: {enabled: true, readOnly: true}, analytics: {}, ads: {}},
    language: {default: "fr", translations: {fr: {
      consentModal: {
        title: "Nous utilisons des cookies",
        description: "Avec votre accord, nous utilisons des cookies pour mesurer l'audience " +
                     "du site et vous proposer des publicités adaptées. Vous pouvez changer " +
                     "d'avis à tout moment.",
        acceptAllBtn: "Tout accepter", acceptNecessaryBtn: "Tout refuser",
        showPreferencesBtn: "Personnaliser"},
      preferencesModal: {
        title: "Préférences en matière de cookies", acceptAllBtn: "Tout accepter",
        acceptNecessaryBtn: "Tout refuser", savePreferencesBtn: "Enregistrer mes choix",
        closeIconLabel: "Fermer",
        sections: [
          {title: "Cookies strictement nécessaires", linkedCategory: "necessary"},
          {title: "Mesure d'audience", description: "Statistiques de visite.", linkedCategory: "analytics"},
          {title: "Publicité ciblée", description: "Publicités personnalisées.", linkedCategory: "ads"}]}
    }}}
  });
})();
