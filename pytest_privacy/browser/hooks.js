// Installed before any page script: remembers which script wrote each cookie and each
// localStorage / sessionStorage key.
(() => {
  if (window.__privacyCookieWrites) return;
  const writes = [];
  const storageWrites = [];
  Object.defineProperty(window, "__privacyCookieWrites", { value: writes });
  Object.defineProperty(window, "__privacyStorageWrites", { value: storageWrites });
  const urlPattern = /(https?:\/\/[^\s()]+?):\d+:\d+/;
  const caller = () => {
    const stack = (new Error().stack || "").split("\n").slice(3);
    for (const line of stack) {
      const m = line.match(urlPattern);
      if (m) return m[1];
    }
    return null;
  };
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    try {
      const kind = this === window.sessionStorage ? "session" : "local";
      if (storageWrites.length < 5000) storageWrites.push({ kind, key: String(key), script: caller() });
    } catch (e) { /* never break the page */ }
    return setItem.call(this, key, value);
  };
  const desc = Object.getOwnPropertyDescriptor(Document.prototype, "cookie");
  if (!desc || !desc.set) return;
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
