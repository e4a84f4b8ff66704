// The page's links and the `within` scopes each lies in (args: [[name, selector], ...]).
// A scope that is not valid CSS, or that no element of the page matches, is a problem: the
// links check then has nothing to judge and says so.
(scopes) => {
  const problems = {};
  for (const [name, selector] of scopes) {
    try {
      if (!document.querySelector(selector)) {
        problems[name] = name === 'footer'
          ? 'the page has no footer (no <footer>, role=contentinfo or element named footer); ' +
            "set 'within:' to the selector of the part of the page that holds the links"
          : `no element on the page matches '${name}'; check the selector`;
      }
    } catch (e) { problems[name] = `'${name}' is not a valid CSS selector: ${e.message}`; }
  }
  const links = [];
  for (const a of document.querySelectorAll('a[href]')) {
    const text = (a.innerText || a.getAttribute('aria-label') || a.getAttribute('title') ||
                  (a.querySelector('img[alt]') || {}).alt || '').trim();
    const inside = [];
    for (const [name, selector] of scopes) {
      if (problems[name]) continue;
      if (a.closest(selector)) inside.push(name);
    }
    links.push({text: text.slice(0, 500), href: a.href.slice(0, 2048), scopes: inside});
    if (links.length >= 5000) break;
  }
  return {links, problems};
}
