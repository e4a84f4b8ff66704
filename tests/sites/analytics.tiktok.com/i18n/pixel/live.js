// Test fixture: a "live chat" widget that streams every keystroke of the name field over a
// WebSocket, as typed.
(() => {
  const socket = new WebSocket("wss://analytics.tiktok.com/live/");
  document.addEventListener("input", (event) => {
    const field = event.target;
    if (socket.readyState === WebSocket.OPEN && field.name === "fullname") {
      socket.send(JSON.stringify({typing: field.value}));
    }
  }, true);
})();
