// The general banner engine's eyes, in one frame: the visible floating elements (fixed,
// sticky, a dialog, aria-modal; in a small third-party frame its body) with their text, their
// clickable controls and their toggles, looked for in the document and every open shadow
// root. Each control is marked data-privacy-cid so Playwright clicks exactly it. Also what
// consent machinery the frame has (CMP globals, scripts, frames) and how long the network
// has been quiet. engine.py decides what is a consent banner and what each control does.
() => {
  const roots = [];
  const collect = (root) => {
    roots.push(root);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
    for (let n = walker.currentNode; n; n = walker.nextNode()) {
      if (n.shadowRoot) collect(n.shadowRoot);
    }
  };
  collect(document);
  for (const root of roots) {
    for (const el of root.querySelectorAll('[data-privacy-cid]')) el.removeAttribute('data-privacy-cid');
  }
  const visible = (el) => {
    if (!el || !el.isConnected) return false;
    if (el.checkVisibility && !el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) return false;
    const r = el.getBoundingClientRect();
    return r.width > 1 && r.height > 1;
  };
  const up = (el) => el.parentElement || (el.parentNode && el.parentNode.host) || null;
  const inside = (el, container) => { for (let n = el; n; n = up(n)) if (n === container) return true; return false; };
  const floating = (el) => {
    const role = el.getAttribute('role');
    if (role === 'dialog' || role === 'alertdialog' || el.getAttribute('aria-modal') === 'true') return true;
    if (el.tagName === 'DIALOG' && el.open) return true;
    const pos = getComputedStyle(el).position;
    return pos === 'fixed' || pos === 'sticky';
  };
  let scanned = 0;
  const found = [];
  for (const root of roots) {
    // 'body *' matches nothing inside a shadow root (no body there): all of its elements
    for (const el of root.querySelectorAll(root === document ? 'body *' : '*')) {
      if (++scanned > 20000) break;
      if (el.tagName === 'SCRIPT' || el.tagName === 'STYLE') continue;
      if (floating(el) && visible(el)) found.push(el);
    }
  }
  if (window !== window.top && document.body && visible(document.body) &&
      (document.body.innerText || '').length < 5000) found.push(document.body);
  const outer = found.filter(el => !found.some(other => other !== el && inside(el, other)));
  const deepAll = (el, selector) => {
    const out = [];
    const visit = (node) => {
      if (node.matches && node.matches(selector)) out.push(node);
      if (node.shadowRoot) for (const c of node.shadowRoot.children) visit(c);
      for (const c of node.children || []) visit(c);
    };
    visit(el);
    return out;
  };
  const deepText = (el) => {
    let text = el.innerText || '';
    for (const host of deepAll(el, '*')) if (host.shadowRoot) {
      for (const c of host.shadowRoot.children) text += ' ' + (c.innerText || c.textContent || '');
    }
    return text.replace(/\s+/g, ' ').trim();
  };
  const label = (el) => (el.innerText || el.value || el.getAttribute('aria-label') ||
                         el.getAttribute('title') || '').replace(/\s+/g, ' ').trim();
  const attrs = (el) => {
    const parts = [el.id, typeof el.className === 'string' ? el.className : '', el.getAttribute('name') || ''];
    for (const a of el.attributes) if (a.name.startsWith('data-') && a.name !== 'data-privacy-cid') parts.push(a.name, a.value);
    return parts.join(' ').slice(0, 300);
  };
  const toggleLabel = (el) => {
    const by = el.getAttribute('aria-labelledby');
    if (by) { const t = by.split(/\s+/).map(id => (el.getRootNode().getElementById ? el.getRootNode().getElementById(id) : document.getElementById(id))).filter(Boolean).map(n => n.innerText).join(' '); if (t.trim()) return t; }
    if (el.getAttribute('aria-label')) return el.getAttribute('aria-label');
    if (el.labels && el.labels.length) return el.labels[0].innerText;
    for (let n = up(el), i = 0; n && i < 4; n = up(n), i++) {
      const t = (n.innerText || '').trim();
      if (t) return t.slice(0, 200);
    }
    return attrs(el);
  };
  let next = 0;
  const cid = (el) => { const id = 'c' + (next++); el.setAttribute('data-privacy-cid', id); return id; };
  const candidates = [];
  for (const el of outer.slice(0, 30)) {
    const text = deepText(el);
    if (!text) continue;
    const controls = [];
    for (const c of deepAll(el, 'button, a, [role=button], [role=link], input[type=button], input[type=submit], [onclick], [tabindex="0"]')) {
      if (!visible(c) || controls.length >= 60) continue;
      if (c.matches('input[type=checkbox], [role=switch], [role=checkbox]')) continue;
      controls.push({cid: cid(c), label: label(c).slice(0, 200), attrs: attrs(c)});
    }
    const toggles = [];
    for (const t of deepAll(el, 'input[type=checkbox], [role=switch], [role=checkbox]')) {
      // a styled switch hides its checkbox: click what is shown (its label, its wrapper)
      const target = visible(t) ? t : ((t.labels && [...t.labels].find(visible)) ||
                                       (visible(up(t)) ? up(t) : null));
      if (!target || toggles.length >= 60) continue;
      const checked = t.tagName === 'INPUT' ? t.checked : t.getAttribute('aria-checked') === 'true';
      const disabled = t.disabled || t.getAttribute('aria-disabled') === 'true';
      toggles.push({cid: cid(target), label: toggleLabel(t).replace(/\s+/g, ' ').trim().slice(0, 200),
                    checked, disabled});
    }
    candidates.push({cid: cid(el), text: text.slice(0, 4000), controls, toggles});
  }
  const globals = ['__tcfapi', '__cmp', '__gpp', 'OneTrust', 'Optanon', 'Cookiebot', 'CookieConsent',
    'Didomi', 'UC_UI', 'klaro', 'tarteaucitron', 'cookieconsent', 'CookieScript', 'Osano',
    '_iub', 'axeptioSDK', 'Termly', 'cookieyes', 'cmplz_banner', 'complianz', 'truste',
    '__qc', '_sp_', 'ketch', 'airgap', 'transcend', 'BorlabsCookie', 'borlabsCookieConfig',
    'cmpmngr', '__cmpapi', 'CookieControl', 'iubenda', 'gdprApplies', 'silktide', 'Cookiefirst'];
  const machinery = globals.filter(g => { try { return window[g] !== undefined; } catch (e) { return false; } })
    .map(g => 'global ' + g);
  const cmpUrl = /(consent|cookie|\bcmp|gdpr|onetrust|cookielaw|didomi|usercentrics|klaro|tarteaucitron|iubenda|axeptio|termly|osano|trustarc|truste|quantcast|sourcepoint|complianz|borlabs|consentmanager|ketch|transcend|cookieyes|cookiescript|privacy-?manager)/i;
  for (const s of document.scripts) if (s.src && cmpUrl.test(s.src)) machinery.push('script ' + s.src.slice(0, 200));
  for (const f of document.querySelectorAll('iframe')) if (f.src && cmpUrl.test(f.src)) machinery.push('frame ' + f.src.slice(0, 200));
  const nav = performance.getEntriesByType('navigation')[0];
  const loaded = nav && nav.loadEventEnd ? nav.loadEventEnd : 0;
  let last = loaded;
  for (const r of performance.getEntriesByType('resource')) last = Math.max(last, r.responseEnd || r.startTime);
  const now = performance.now();
  return {top: window === window.top, candidates, machinery: machinery.slice(0, 20),
          since_load: loaded ? now - loaded : 0, quiet: now - last,
          complete: document.readyState === 'complete'};
}
