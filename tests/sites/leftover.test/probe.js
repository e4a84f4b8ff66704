// Reports what a previous visit left behind, then leaves all of it behind itself.
// Reports are GET /report/<seen|wrote>/<load id>/<name>-<count>.<name>-<count>... (the fixture
// server records the path of every hit, and answers 404, which does not matter).
(() => {
  const CACHED = "https://cache.leftover.test/cached.js";
  const load = (crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2));

  const safe = async (fn) => { try { return await fn(); } catch (e) { return -1; } };
  const report = (kind, found) => {
    const parts = Object.entries(found).map(([k, v]) => `${k}-${v}`).join(".");
    return fetch(`/report/${kind}/${load}/${parts}`, { cache: "no-store" }).catch(() => null);
  };
  const idbOpen = () => new Promise((resolve, reject) => {
    const req = indexedDB.open("leftover", 1);
    req.onupgradeneeded = () => req.result.createObjectStore("kv");
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const firstLoadFromCache = () => {
    // transferSize 0 with a body: the first load of the cacheable file came from a cache.
    const entry = performance.getEntriesByName(CACHED)[0];
    return entry && entry.transferSize === 0 && entry.decodedBodySize > 0 ? 1 : 0;
  };

  const look = async () => ({
    cookie: document.cookie.split(";").filter((c) => c.trim()).length,
    ls: await safe(() => localStorage.length),
    ss: await safe(() => sessionStorage.length),
    idb: await safe(async () => (await indexedDB.databases()).length),
    sw: navigator.serviceWorker.controller ? 1 : 0,
    swregs: await safe(async () => (await navigator.serviceWorker.getRegistrations()).length),
    caches: await safe(async () => (await caches.keys()).length),
  });

  const leave = async () => {
    document.cookie = "js_left=1; Path=/; Max-Age=3600; Secure; SameSite=Lax";
    localStorage.setItem("left", "1");
    sessionStorage.setItem("left", "1");
    const db = await idbOpen();
    await new Promise((resolve, reject) => {
      const tx = db.transaction("kv", "readwrite");
      tx.objectStore("kv").put("1", "left");
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    db.close();
    // the cacheable file again, in this same visit: it must come from the HTTP cache now
    await new Promise((resolve) => {
      const again = document.createElement("script");
      again.src = CACHED;
      again.onload = again.onerror = resolve;
      document.head.appendChild(again);
    });
    const page = await caches.open("leftover-page");
    await page.put("/page-cached", new Response("left"));
    const claimed = new Promise((resolve) => {
      navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true });
      setTimeout(resolve, 3000);
    });
    await navigator.serviceWorker.register("/sw.js");
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) await claimed;
  };

  const run = async () => {
    const seen = await look();
    seen.httpcache = firstLoadFromCache();
    await report("seen", seen);
    try { await leave(); } catch (e) { await report("error", { [String(e && e.name || "error").replace(/\W/g, "")]: 1 }); }
    const wrote = await look();
    wrote.reruns = window.__cachedRuns || 0;
    await report("wrote", wrote);
  };
  if (document.readyState === "complete") run(); else addEventListener("load", run);
})();
