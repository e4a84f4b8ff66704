// localStorage and sessionStorage of one frame, with the scripts that wrote each key.
() => {
  const out = {origin: location.origin, local: [], session: [], writers: {}};
  for (const w of (window.__privacyStorageWrites || [])) {
    const id = w.kind + ':' + w.key;
    if (w.script && !(id in out.writers)) out.writers[id] = w.script;
  }
  const cap = (v) => String(v).slice(0, 4096);  // giant values are not kept whole
  try { for (let i = 0; i < localStorage.length && i < 2000; i++) {
    const k = localStorage.key(i);
    out.local.push([k.slice(0, 256), cap(localStorage.getItem(k))]); } }
  catch (e) {}
  try { for (let i = 0; i < sessionStorage.length && i < 2000; i++) {
    const k = sessionStorage.key(i);
    out.session.push([k.slice(0, 256), cap(sessionStorage.getItem(k))]); } }
  catch (e) {}
  return out;
}
