// Test fixture: a home-made banner; the session recorder is loaded only after "Accept all".
(() => {
  const load = () => {
    const rrweb = document.createElement("script");
    rrweb.src = "https://cdn.jsdelivr.net/npm/rrweb@1.1.3/dist/record/rrweb-record.min.js";
    rrweb.onload = () => {
      const glue = document.createElement("script");
      glue.src = "https://cdn.replaylab.io/replay.js";
      document.body.appendChild(glue);
    };
    document.body.appendChild(rrweb);
  };
  const choice = localStorage.getItem("replay-consent");
  if (choice === "yes") return load();
  if (choice === "no") return;
  const banner = document.getElementById("banner");
  banner.hidden = false;
  document.getElementById("accept").onclick = () => {
    localStorage.setItem("replay-consent", "yes"); banner.hidden = true; load();
  };
  document.getElementById("reject").onclick = () => {
    localStorage.setItem("replay-consent", "no"); banner.hidden = true;
  };
})();
