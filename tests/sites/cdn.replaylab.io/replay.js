// Test fixture: a custom session-replay service built on rrweb's recorder (loaded before this
// script): every second it ships what rrweb recorded to its collector, by fetch or, with
// data-transport="websocket", over a WebSocket.
(() => {
  const me = document.currentScript;
  const transport = (me && me.dataset.transport) || "fetch";
  let events = [];
  rrwebRecord({ emit(event) { events.push(event); } });
  const socket = transport === "websocket" ? new WebSocket("wss://collect.replaylab.io/live") : null;
  setInterval(() => {
    if (!events.length) return;
    const batch = JSON.stringify({ session: "s-fixture", events });
    if (socket) {
      if (socket.readyState !== WebSocket.OPEN) return;
      socket.send(batch);
    } else {
      fetch("https://collect.replaylab.io/v1/events", { method: "POST", body: batch })
        .then((r) => r.text());
    }
    events = [];
  }, 1000);
})();
