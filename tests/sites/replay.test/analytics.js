// Test fixture: ordinary analytics, not a recording: a Google Analytics page view (URL and
// title) and Plausible-style page view and scroll-depth events.
(() => {
  new Image().src = "https://www.google-analytics.com/g/collect?v=2&tid=G-FIXTURE&en=page_view" +
    "&dl=" + encodeURIComponent(location.href) + "&dt=" + encodeURIComponent(document.title);
  const send = (name, props) => fetch("https://plausible.io/api/event", {
    method: "POST", headers: {"content-type": "text/plain"},
    body: JSON.stringify({n: name, u: location.href, d: location.hostname, r: document.referrer || null,
                          props})}).then((r) => r.text());
  send("pageview");
  let sent = false;
  addEventListener("scroll", () => { if (!sent) { sent = true; send("scroll", {depth: 50}); } });
})();
