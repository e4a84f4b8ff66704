// Test fixture: a pixel that sends the e-mail (base64) and the phone number (SHA-1 hex of
// its trimmed lower-case form) by navigator.sendBeacon when a field is left.
(() => {
  const sha1 = async (text) => [...new Uint8Array(await crypto.subtle.digest(
    "SHA-1", new TextEncoder().encode(text.trim().toLowerCase())))]
    .map((b) => b.toString(16).padStart(2, "0")).join("");
  document.addEventListener("blur", async (event) => {
    const field = event.target;
    if (!(field instanceof HTMLInputElement) || !field.value) return;
    const user = {};
    if (field.type === "email") user.email = btoa(field.value);
    else if (field.type === "tel") user.phone = await sha1(field.value);
    else return;
    navigator.sendBeacon("https://analytics.tiktok.com/api/v2/pixel",
                         JSON.stringify({event: "FormFill", context: {user}}));
  }, true);
})();
