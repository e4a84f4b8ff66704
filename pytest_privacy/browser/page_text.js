// The page's own distinctive text: the longest distinct text passages of the main frame's
// body (form fields and scripts excluded), for recognising a recorder that ships the page.
() => {
  const seen = new Set();
  const walker = document.createTreeWalker(document.body || document.documentElement,
                                           NodeFilter.SHOW_TEXT);
  let node;
  let count = 0;
  while ((node = walker.nextNode()) && count < 20000) {
    count++;
    const parent = node.parentElement;
    if (!parent || /^(SCRIPT|STYLE|NOSCRIPT|TEXTAREA|OPTION|TITLE)$/.test(parent.tagName)) continue;
    const text = node.textContent.trim().replace(/\s+/g, " ");
    if (text.length >= 24) seen.add(text.slice(0, 80));
  }
  return [...seen].sort((a, b) => b.length - a.length).slice(0, 8);
}
