// The page's links and the `within` scopes each lies in (args: [[name, selector], ...]).
(scopes) => {
  const problems = {};
  const links = [];
  for (const a of document.querySelectorAll('a[href]')) {
    const text = (a.innerText || a.getAttribute('aria-label') || a.getAttribute('title') ||
                  (a.querySelector('img[alt]') || {}).alt || '').trim();
    const inside = [];
    for (const [name, selector] of scopes) {
      if (problems[name]) continue;
      try { if (a.closest(selector)) inside.push(name); }
      catch (e) { problems[name] = `'${name}' is not a valid CSS selector: ${e.message}`; }
    }
    links.push({text: text.slice(0, 500), href: a.href.slice(0, 2048), scopes: inside});
    if (links.length >= 5000) break;
  }
  return {links, problems};
}
