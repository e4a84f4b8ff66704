// Strings that must stay data: markup, shell, Python, format strings. The marker files
// they would create are named by ?mark= in the page's URL (a folder of the test).
window.hostilePayloads = (() => {
  const params = new URLSearchParams(location.search);
  const mark = params.get("mark") || "/tmp/pytest-privacy-hostile";
  return [
    "<script>window.__pwned=1</script>",
    "\"><img src=x onerror=\"window.__pwned=2\">",
    `$(touch ${mark}_sh)`,
    "`touch " + mark + "_bt`",
    `__import__('os').system('touch ${mark}_py')`,
    "{0.__class__} {evidence} %s %(name)s %n",
  ];
})();

// 2000 keys in localStorage and in sessionStorage: 4 KB values first (all of them fit),
// then as many 100 KB ones as the quota takes. Errors are the quota's and are expected.
window.hostileFill = (tag) => {
  const payload = window.hostilePayloads.join(" ");
  const mid = "m".repeat(4200);
  const big = "b".repeat(100 * 1024);
  const outcome = {};
  for (const [name, store] of [["local", localStorage], ["session", sessionStorage]]) {
    let kept = 0;
    for (let i = 0; i < 2000; i++) {
      try { store.setItem(`${tag}${i} ${payload}`, mid); kept++; }
      catch (e) { try { store.setItem(`${tag}${i}`, "s"); kept++; } catch (e2) { /* full */ } }
    }
    let bigs = 0;
    for (let i = 0; i < 2000; i++) {
      try { store.setItem(`${tag}${i} ${payload}`, big); bigs++; } catch (e) { break; }
    }
    outcome[name] = { kept, bigs };
  }
  return outcome;
};
