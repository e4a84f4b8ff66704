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
  // Timers the page set to fire soon after load: the settle rule waits for those (a tracker
  // started by setTimeout 1.5 s after load makes no network noise until it fires). A timer
  // set from inside a timer's callback is a polling loop, not a one-off: never waited for.
  const pending = new Map();
  let nesting = 0;
  let loadedAt = null;
  window.addEventListener("load", () => { loadedAt = performance.now(); }, { once: true });
  const nativeSetTimeout = window.setTimeout;
  const nativeClearTimeout = window.clearTimeout;
  window.setTimeout = function setTimeout(handler, delay, ...rest) {
    if (typeof handler !== "function" || nesting > 0) {
      return nativeSetTimeout.call(this, handler, delay, ...rest);
    }
    let id;
    const run = function () {
      pending.delete(id);
      nesting++;
      try { return handler.apply(this, arguments); } finally { nesting--; }
    };
    id = nativeSetTimeout.call(this, run, delay, ...rest);
    if (pending.size < 1000) pending.set(id, performance.now() + (Number(delay) || 0));
    return id;
  };
  window.clearTimeout = function clearTimeout(id) {
    pending.delete(id);
    return nativeClearTimeout.call(this, id);
  };
  // ms until the next pending timer due within `horizon` ms after load, or null
  Object.defineProperty(window, "__privacyNextTimer", {
    value: (horizon) => {
      const limit = (loadedAt === null ? performance.now() : loadedAt) + horizon;
      let next = null;
      for (const due of pending.values()) {
        if (due <= limit && (next === null || due < next)) next = due;
      }
      return next === null ? null : Math.max(0, next - performance.now());
    },
  });
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
