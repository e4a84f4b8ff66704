// A replica of the CookieScript banner, served where sites load it from
// (cdn.cookie-script.com/s/<site hash>.js). Written from CookieScript's public documentation
// and markup, no CookieScript code:
// - the banner #cookiescript_injected (in #cookiescript_injected_wrapper): #cookiescript_header,
//   #cookiescript_description, #cookiescript_checkboxs (one .cookiescript_checkbox per
//   category, input #cookiescript_category_<category> with data-cookiescript="checkbox-input";
//   strict locked), #cookiescript_buttons with #cookiescript_save "Save & Close",
//   #cookiescript_accept "Accept all", #cookiescript_reject "Reject all", and
//   #cookiescript_manage "Show details" opening the details .cookiescript_fsd_main; shown about
//   300 ms after load;
// - after a choice, the badge #cookiescript_badge reopens the banner;
// - the record: the cookie CookieScriptConsent, URL-encoded JSON {"bannershown": 1,
//   "action": "accept" | "reject", "consenttime": <unix s>, "categories": "[\"performance\"]"
//   (a JSON string), "key": <uuid>}; "bannershown" is written when the banner is first shown,
//   the rest when the visitor chooses;
// - the API window.CookieScript.instance: currentState() ({action, categories: [...]}),
//   show(), hide(), acceptAllAction(), rejectAllAction(), acceptAction([categories]),
//   categories(); window events CookieScriptLoaded, CookieScriptAcceptAll, CookieScriptAccept,
//   CookieScriptReject, CookieScriptCategory-<category>; scripts blocked as
//   <script type="text/plain" data-cookiescript="accepted" data-cookiecategory="performance">
//   are run once their category is accepted.
(function () {
  const S = window.FixtureSite;
  const CATEGORIES = [["strict", "Strictly necessary"], ["performance", "Performance"],
    ["targeting", "Targeting"], ["functionality", "Functionality"], ["unclassified", "Unclassified"]];
  const optional = CATEGORIES.map(([c]) => c).filter(c => c !== "strict");
  const NAME = "CookieScriptConsent";
  function read() {
    const m = document.cookie.match(new RegExp("(?:^|; )" + NAME + "=([^;]*)"));
    if (!m) return null;
    try { return JSON.parse(decodeURIComponent(m[1])); } catch (e) { return null; }
  }
  function write(fields) {
    const record = Object.assign({bannershown: 1}, read() || {}, fields);
    if (!record.key) record.key = crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2);
    document.cookie = NAME + "=" + encodeURIComponent(JSON.stringify(record)) + "; path=/; max-age=" +
      30 * 86400 + "; SameSite=Lax";
    return record;
  }
  function state() {
    const r = read();
    if (!r || !r.action) return {action: null, categories: []};
    let categories = [];
    try { categories = JSON.parse(r.categories || "[]"); } catch (e) {}
    return {action: r.action, categories};
  }
  function activate(categories) {
    for (const s of document.querySelectorAll("script[type='text/plain'][data-cookiescript='accepted']")) {
      if (!categories.includes(s.getAttribute("data-cookiecategory"))) continue;
      const run = document.createElement("script");
      for (const a of s.attributes) if (a.name !== "type") run.setAttribute(a.name, a.value);
      run.text = s.text;
      s.replaceWith(run);
    }
  }
  const fire = (name, detail) => window.dispatchEvent(new CustomEvent(name, {detail}));
  let wrapper = null, badge = null;
  function choose(action, categories) {
    write({action, consenttime: Math.floor(Date.now() / 1000), categories: JSON.stringify(categories)});
    hide();
    showBadge();
    activate(categories);
    if (action === "reject") fire("CookieScriptReject");
    else {
      if (categories.length === optional.length) fire("CookieScriptAcceptAll");
      fire("CookieScriptAccept", {categories});
      for (const c of categories) fire("CookieScriptCategory-" + c);
    }
  }
  function hide() { if (wrapper) wrapper.style.display = "none"; }
  function showBadge() {
    if (badge) { badge.style.display = "block"; return; }
    badge = S.el(`<div id="cookiescript_badge" title="Cookie settings" style="position:fixed;bottom:10px;left:10px;z-index:999997;cursor:pointer">
      <div id="cookiescript_badgeimage">🍪</div><div id="cookiescript_badgetext">Cookie settings</div></div>`);
    badge.addEventListener("click", show);
    document.body.appendChild(badge);
  }
  function show() {
    if (!wrapper) build();
    const current = state();
    for (const box of wrapper.querySelectorAll("input[data-cookiescript='checkbox-input']:not([disabled])")) {
      box.checked = current.categories.includes(box.value);
    }
    if (badge) badge.style.display = "none";
    wrapper.style.display = "block";
    if (!(read() || {}).bannershown) write({});
  }
  function build() {
    wrapper = S.el(`<div id="cookiescript_injected_wrapper"><div id="cookiescript_injected" role="dialog" aria-labelledby="cookiescript_header" aria-describedby="cookiescript_description" style="position:fixed;bottom:0;left:0;right:0;background:#fff;color:#000;z-index:999997;padding:16px">
      <div id="cookiescript_close" tabindex="0" role="button" aria-label="Close">×</div>
      <div id="cookiescript_header">This website uses cookies</div>
      <div id="cookiescript_description">This website uses cookies to improve user experience. By using our website you consent to all cookies in accordance with our Cookie Policy. <a id="cookiescript_readmore" href="/cookie-policy">Read more</a></div>
      <div id="cookiescript_checkboxs">${CATEGORIES.map(([c, title]) => `<div class="cookiescript_checkbox">
        <input type="checkbox" class="cookiescript_checkbox_input" id="cookiescript_category_${c}" value="${c}" data-cookiescript="checkbox-input"${c === "strict" ? " checked disabled" : ""}>
        <label class="cookiescript_checkbox_label" for="cookiescript_category_${c}"><span class="cookiescript_checkbox_text">${title}</span></label></div>`).join("")}</div>
      <div id="cookiescript_buttons">
        <div id="cookiescript_save" tabindex="0" role="button" style="display:none">Save &amp; Close</div>
        <div id="cookiescript_accept" tabindex="0" role="button">Accept all</div>
        <div id="cookiescript_reject" tabindex="0" role="button">Reject all</div>
      </div>
      <div id="cookiescript_manage_wrap" tabindex="0" role="button"><div id="cookiescript_manage"><span id="cookiescript_managetext">Show details</span></div></div>
      <div class="cookiescript_fsd_main" style="display:none"><div class="cookiescript_fsd_tabs">Cookie declaration</div></div>
    </div></div>`);
    const q = (sel) => wrapper.querySelector(sel);
    const boxes = () => [...wrapper.querySelectorAll("input[data-cookiescript='checkbox-input']:not([disabled])")];
    q("#cookiescript_accept").addEventListener("click", () => choose("accept", optional.slice()));
    q("#cookiescript_reject").addEventListener("click", () => choose("reject", []));
    q("#cookiescript_close").addEventListener("click", hide);
    q("#cookiescript_save").addEventListener("click", () => {
      const on = boxes().filter(b => b.checked).map(b => b.value);
      choose(on.length ? "accept" : "reject", on);
    });
    for (const b of boxes()) b.addEventListener("change", () => { q("#cookiescript_save").style.display = ""; });
    q("#cookiescript_manage_wrap").addEventListener("click", () => {
      const details = q(".cookiescript_fsd_main");
      details.style.display = details.style.display === "none" ? "block" : "none";
      q("#cookiescript_save").style.display = "";
    });
    document.body.appendChild(wrapper);
  }
  window.CookieScript = {instance: {
    currentState: state,
    show, hide,
    acceptAllAction: () => choose("accept", optional.slice()),
    rejectAllAction: () => choose("reject", []),
    acceptAction: (categories) => choose((categories || []).length ? "accept" : "reject",
      (categories || []).filter(c => optional.includes(c))),
    categories: () => CATEGORIES.map(([c]) => c),
  }};
  // a returning visitor's choice is applied as soon as the document is there; a new
  // visitor's banner comes about 300 ms later
  S.later(0, function () {
    const current = state();
    fire("CookieScriptLoaded");
    if (current.action) { activate(current.categories); showBadge(); } else setTimeout(show, 300);
  });
})();
