// The fields a visitor would type into, in one frame: visible, enabled, editable inputs
// and textareas, each with how a visitor would name it and what kind of text it takes.
() => {
  const TEXTLIKE = new Set(["", "text", "email", "tel", "password", "search", "url", "number"]);
  const kindOf = (el) => {
    const type = (el.getAttribute("type") || "").toLowerCase();
    const hints = [el.getAttribute("autocomplete"), el.name, el.id, el.getAttribute("placeholder"),
                   el.getAttribute("aria-label")].join(" ").toLowerCase();
    if (type === "password" || /current-password|new-password/.test(hints)) return "password";
    if (type === "email" || /e-?mail/.test(hints)) return "email";
    if (type === "tel" || /\btel\b|phone|mobile/.test(hints)) return "tel";
    if (type === "number") return "number";
    if (/\bname\b|given-name|family-name|first.?name|last.?name|full.?name|surname/.test(hints))
      return "name";
    return "text";
  };
  const labelOf = (el) => {
    let label = "";
    if (el.labels && el.labels.length) label = el.labels[0].innerText;
    label = label || el.getAttribute("aria-label") || el.getAttribute("placeholder") ||
            el.name || el.id || el.tagName.toLowerCase();
    return label.trim().replace(/\s+/g, " ").slice(0, 120);
  };
  const out = [];
  for (const el of document.querySelectorAll("input, textarea")) {
    if (el.tagName === "INPUT" && !TEXTLIKE.has((el.getAttribute("type") || "").toLowerCase()))
      continue;
    if (el.disabled || el.readOnly) continue;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (box.width < 2 || box.height < 2 || style.visibility === "hidden" ||
        style.display === "none" || Number(style.opacity) === 0) continue;
    out.push({ element: el, label: labelOf(el), kind: kindOf(el) });
    if (out.length >= 50) break;
  }
  return out;
}
