// Runs in one frame. Looks for consent controls in the document and in every open shadow
// root, and marks the one to click with data-privacy-target so Playwright clicks exactly it.
(args) => {
  const roots = [];
  const collect = (root) => {
    roots.push(root);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
    for (let n = walker.currentNode; n; n = walker.nextNode()) {
      if (n.shadowRoot) collect(n.shadowRoot);
    }
  };
  collect(document);
  const visible = (el) => {
    if (!el || !el.isConnected) return false;
    if (el.checkVisibility && !el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const query = (selectors) => {
    for (const sel of selectors) {
      for (const root of roots) {
        let found;
        try { found = root.querySelectorAll(sel); } catch (e) { continue; }
        for (const el of found) if (visible(el)) return el;
      }
    }
    return null;
  };
  const label = (el) => (el.innerText || el.value || el.getAttribute('aria-label') || '').replace(/\s+/g, ' ').trim();
  const byText = (pattern, avoid) => {
    const re = new RegExp(pattern, 'i');
    const bad = avoid ? new RegExp(avoid, 'i') : null;
    for (const root of roots) {
      for (const el of root.querySelectorAll('button, a, [role=button], input[type=button], input[type=submit]')) {
        const text = label(el);
        if (!text || text.length > 60 || !re.test(text) || (bad && bad.test(text))) continue;
        if (visible(el)) return el;
      }
    }
    return null;
  };
  for (const root of roots) {
    for (const el of root.querySelectorAll('[data-privacy-target]')) el.removeAttribute('data-privacy-target');
  }
  const detectors = /*DETECT*/;
  const out = {adapters: {}, texts: {}};
  for (const a of args.adapters) {
    const r = {detected: false, banner: false, controls: {}};
    try { r.detected = !!(detectors[a.name] && detectors[a.name]()); } catch (e) { r.detected = false; }
    r.banner = !!query(a.banner || []);
    for (const kind of ['accept', 'reject', 'settings', 'reject_second']) {
      const el = query(a[kind] || []);
      if (!el) continue;
      r.controls[kind] = label(el) || kind;
      if (args.mark && args.mark[0] === a.name && args.mark[1] === kind) {
        el.setAttribute('data-privacy-target', kind);
      }
    }
    out.adapters[a.name] = r;
  }
  for (const [kind, spec] of Object.entries(args.text || {})) {
    const el = byText(spec[0], spec[1]);
    if (!el) continue;
    out.texts[kind] = label(el);
    if (args.mark && args.mark[0] === 'text' && args.mark[1] === kind) {
      el.setAttribute('data-privacy-target', kind);
    }
  }
  return out;
}
