// A home-made consent banner that drives Google Consent Mode: the choice is kept in
// localStorage and given to gtag as a consent update on every page load.
(() => {
  const all = (value) => ({ ad_storage: value, analytics_storage: value,
                            ad_user_data: value, ad_personalization: value });
  const choose = (value) => {
    localStorage.setItem("cm_choice", value);
    if (window.gtag) gtag("consent", "update", all(value));
    document.getElementById("cm-banner").hidden = true;
  };
  const show = () => {
    if (localStorage.getItem("cm_choice")) return;
    const banner = document.createElement("div");
    banner.id = "cm-banner";
    banner.setAttribute("role", "dialog");
    banner.innerHTML = "<p>We use cookies for analytics and advertising.</p>" +
      '<button id="cm-accept">Accept all</button> <button id="cm-reject">Reject all</button>';
    document.body.appendChild(banner);
    document.getElementById("cm-accept").addEventListener("click", () => choose("granted"));
    document.getElementById("cm-reject").addEventListener("click", () => choose("denied"));
  };
  if (document.body) show(); else document.addEventListener("DOMContentLoaded", show);
})();
