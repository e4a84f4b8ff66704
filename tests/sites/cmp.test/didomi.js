// A replica of Didomi's notice and window.Didomi.
(function () {
  const S = window.FixtureSite;
  const raw = S.getCookie("didomi_token");
  const granted = raw === "all";
  window.Didomi = {getCurrentUserStatus: () => ({purposes: {
    analytics: {enabled: S.getCookie("didomi_token") === "all"},
    select_basic_ads: {enabled: S.getCookie("didomi_token") === "all"}}})};
  S.applyConsent({analytics: granted, marketing: granted});
  if (raw) return;
  S.later(300, function () {
    const host = S.el(`<div id="didomi-host"><div id="didomi-notice">
      <p>We and our partners use cookies.</p>
      <button id="didomi-notice-learn-more-button">Learn more</button>
      <button id="didomi-notice-disagree-button">Disagree and close</button>
      <button id="didomi-notice-agree-button">Agree and close</button></div></div>`);
    document.body.appendChild(host);
    function close(all) { S.setCookie("didomi_token", all ? "all" : "none"); host.remove(); }
    host.querySelector("#didomi-notice-agree-button").onclick = () => close(true);
    host.querySelector("#didomi-notice-disagree-button").onclick = () => close(false);
  });
})();
