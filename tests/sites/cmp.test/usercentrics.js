// A replica of Usercentrics CMP v2: the banner in the open shadow root of #usercentrics-root.
(function () {
  const S = window.FixtureSite;
  const raw = S.getCookie("uc_settings");
  const granted = raw === "all";
  window.UC_UI = {isInitialized: () => true, getServicesBaseInfo: () => [
    {name: "Usercentrics Consent Management Platform", categorySlug: "essential", consent: {status: true}},
    {name: "Google Analytics", categorySlug: "marketing", consent: {status: S.getCookie("uc_settings") === "all"}}]};
  S.applyConsent({analytics: granted, marketing: granted});
  if (raw) return;
  S.later(500, function () {
    const host = document.createElement("div");
    host.id = "usercentrics-root";
    document.body.appendChild(host);
    const root = host.attachShadow({mode: "open"});
    root.innerHTML = `<div data-testid="uc-default-banner"><div data-testid="uc-banner-content">
      <p>We use cookies and other technologies.</p>
      <button data-testid="uc-more-button">Settings</button>
      <button data-testid="uc-deny-all-button">Deny</button>
      <button data-testid="uc-accept-all-button">Accept All</button></div></div>`;
    function close(all) { S.setCookie("uc_settings", all ? "all" : "essential"); host.remove(); }
    root.querySelector("[data-testid=uc-accept-all-button]").onclick = () => close(true);
    root.querySelector("[data-testid=uc-deny-all-button]").onclick = () => close(false);
  });
})();
