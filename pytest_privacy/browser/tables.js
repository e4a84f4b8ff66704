// The page's tables as rows of cell texts, each with the heading it sits under: a site's cookie
// list (its cookie-policy page, or the declaration a consent manager renders: Cookiebot's
// CookieDeclarationTable under "Statistics (4)", OneTrust's tables under their group heading).
() => {
  const HEADING = 'h1,h2,h3,h4,h5,h6,.CookieDeclarationTypeHeader,.ot-sdk-cookie-policy-group,' +
                  '[role="heading"],caption';
  const text = (el) => (el.innerText || el.textContent || '').replace(/\s+/g, ' ').trim();
  const headingOf = (table) => {
    for (let node = table; node && node !== document.body; node = node.parentElement) {
      for (let prev = node.previousElementSibling; prev; prev = prev.previousElementSibling) {
        if (prev.matches(HEADING)) return text(prev);
        const inner = prev.querySelectorAll(HEADING);
        if (inner.length) return text(inner[inner.length - 1]);
      }
    }
    return '';
  };
  const out = [];
  for (const table of document.querySelectorAll('table')) {
    const rows = [];
    for (const tr of table.querySelectorAll('tr')) {
      const cells = Array.from(tr.querySelectorAll('th,td'), (c) => text(c).slice(0, 500));
      if (cells.some((c) => c)) rows.push(cells);
      if (rows.length >= 2000) break;
    }
    if (rows.length >= 2) out.push({rows, section: headingOf(table)});
    if (out.length >= 200) break;
  }
  return out;
}
