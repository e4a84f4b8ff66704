// Installed before any page script: remembers which script wrote each cookie.
(() => {
  if (window.__privacyCookieWrites) return;
  const writes = [];
  Object.defineProperty(window, "__privacyCookieWrites", { value: writes });
  const desc = Object.getOwnPropertyDescriptor(Document.prototype, "cookie");
  if (!desc || !desc.set) return;
  const urlPattern = /(https?:\/\/[^\s()]+?):\d+:\d+/;
  Object.defineProperty(Document.prototype, "cookie", {
    configurable: true,
    enumerable: desc.enumerable,
    get() { return desc.get.call(this); },
    set(value) {
      try {
        const name = String(value).split(";")[0].split("=")[0].trim();
        const stack = (new Error().stack || "").split("\n").slice(2);
        let script = null;
        for (const line of stack) {
          const m = line.match(urlPattern);
          if (m) { script = m[1]; break; }
        }
        if (writes.length < 5000) writes.push({ name, script, t: Date.now() });
      } catch (e) { /* never break the page */ }
      return desc.set.call(this, value);
    },
  });
})();
