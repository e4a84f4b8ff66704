// A page that attacks its visitor's harness. See index.html.
(() => {
  const payload = window.hostilePayloads.join(" ");

  // Cookies: 300 first-party ones (Chromium keeps 180 per site), big values, hostile names,
  // and one advertising cookie, set last so that it survives the per-site limit.
  for (let i = 0; i < 300; i++) {
    const name = i % 10 === 0 ? `c${i} ${window.hostilePayloads[i / 10 % 6]}` : `c${i}`;
    const value = (i % 2 ? payload : "v").padEnd(3500, "v");
    document.cookie = `${name}=${value}; Path=/${i % 3 ? "p" + (i % 3) + "/" : ""}; ` +
      "Max-Age=3600; Secure; SameSite=Lax";
  }
  document.cookie = "_fbp=fb.1.1700000000000.1234567890; Path=/; Max-Age=3600; Secure";

  window.__fillOutcome = window.hostileFill("k");

  // Requests: 2000 at once, then one every 100 ms for as long as the page lives.
  for (let i = 0; i < 1000; i++) new Image().src = `https://px${i % 10}.hostile.test/px.gif?i=${i}`;
  for (let i = 0; i < 1000; i++) fetch(`/api/${i}?q=${encodeURIComponent(payload)}`, { credentials: "omit" }).catch(() => {});
  setInterval(() => fetch("/beacon", { keepalive: true }).catch(() => {}), 100);

  // Console errors: many, long.
  for (let i = 0; i < 1000; i++) console.error(`${i} ${payload} `.padEnd(10000, "e"));

  addEventListener("DOMContentLoaded", () => {
    document.title = `Hostile page ${payload} \u001b[2J\u001b[31m`;
    // 6000 links with hostile text, inside the footer (a `within: footer` scope)
    const footer = document.getElementById("footer");
    const links = document.createDocumentFragment();
    for (let i = 0; i < 6000; i++) {
      const a = document.createElement("a");
      a.href = `/l/${i}#${encodeURIComponent(payload)}`;
      a.textContent = `link ${i} ${window.hostilePayloads[i % 6]}`;
      links.appendChild(a);
    }
    footer.appendChild(links);
    const frame = document.createElement("iframe");
    frame.src = `https://hostile-frame.test/${location.search}`;
    document.body.appendChild(frame);
    // 5 MB of visible text
    const text = document.createElement("div");
    text.textContent = `Filler ${payload} `.repeat(Math.ceil(5e6 / (payload.length + 8)));
    document.body.appendChild(text);
  });
})();
