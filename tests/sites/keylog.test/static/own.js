// Test fixture: the shop's own "enhanced matching", sent to its own endpoint only.
(() => {
  const hex = async (text) => [...new Uint8Array(await crypto.subtle.digest(
    "SHA-256", new TextEncoder().encode(text.trim().toLowerCase())))]
    .map((b) => b.toString(16).padStart(2, "0")).join("");
  document.addEventListener("blur", async (event) => {
    const field = event.target;
    if (!(field instanceof HTMLInputElement) || field.type !== "email" || !field.value) return;
    await fetch("/collect/", {method: "POST", body: JSON.stringify({em: await hex(field.value)})});
  }, true);
})();
