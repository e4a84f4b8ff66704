// Installed before any page script when a check asks the visit to interact (Needs.interact):
// remembers, for what the page sends (fetch, XMLHttpRequest, navigator.sendBeacon, WebSocket
// frames), the script that sent it, and keeps sendBeacon payloads the network may not show.
(() => {
  if (window.__privacySent) return;
  const sent = [];
  Object.defineProperty(window, "__privacySent", { value: sent });
  const MAX = 2000;
  const MAX_BODY = 65536;
  const urlPattern = /(https?:\/\/[^\s()]+?):\d+:\d+/;
  const caller = () => {
    const stack = (new Error().stack || "").split("\n").slice(3);
    for (const line of stack) {
      const m = line.match(urlPattern);
      if (m) return m[1];
    }
    return null;
  };
  const absolute = (url) => {
    try { return new URL(String(url), location.href).href; } catch (e) { return String(url); }
  };
  const text = (data) => {
    try {
      if (data == null) return "";
      if (typeof data === "string") return data.slice(0, MAX_BODY);
      if (data instanceof URLSearchParams) return data.toString().slice(0, MAX_BODY);
      if (typeof FormData !== "undefined" && data instanceof FormData) {
        const parts = [];
        for (const [k, v] of data.entries()) parts.push(k + "=" + (typeof v === "string" ? v : "[file]"));
        return parts.join("&").slice(0, MAX_BODY);
      }
      if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
        const bytes = new Uint8Array(data.buffer || data, data.byteOffset || 0,
                                      Math.min(data.byteLength, MAX_BODY));
        let out = "";
        for (const b of bytes) out += String.fromCharCode(b);
        return out;
      }
    } catch (e) { /* never break the page */ }
    return "";
  };
  const note = (channel, url, body) => {
    try {
      if (sent.length < MAX) sent.push({ channel, url: absolute(url).slice(0, 4096),
                                         script: caller(), body: text(body), t: Date.now() });
    } catch (e) { /* never break the page */ }
  };
  if (navigator.sendBeacon) {
    const beacon = navigator.sendBeacon;
    navigator.sendBeacon = function sendBeacon(url, data) {
      note("beacon", url, data);
      return beacon.apply(this, arguments);
    };
  }
  if (window.fetch) {
    const fetch = window.fetch;
    window.fetch = function (input, init) {
      const url = input && typeof input === "object" && "url" in input ? input.url : input;
      note("request", url, init && init.body);
      return fetch.apply(this, arguments);
    };
  }
  const open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url) {
    try { Object.defineProperty(this, "__privacyUrl", { value: url, configurable: true }); }
    catch (e) { /* never break the page */ }
    return open.apply(this, arguments);
  };
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (body) {
    note("request", this.__privacyUrl || "", body);
    return send.apply(this, arguments);
  };
  if (window.WebSocket) {
    const wsSend = WebSocket.prototype.send;
    WebSocket.prototype.send = function (data) {
      note("websocket", this.url, data);
      return wsSend.apply(this, arguments);
    };
  }
})();
