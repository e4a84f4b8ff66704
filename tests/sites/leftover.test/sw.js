// A real service worker: caches a file on install, controls its pages, answers from its cache.
self.addEventListener("install", (event) => {
  event.waitUntil(caches.open("leftover-sw").then((cache) => cache.add("/sw-cached.txt"))
    .then(() => self.skipWaiting()));
});
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));
self.addEventListener("fetch", (event) => {
  if (new URL(event.request.url).origin !== self.location.origin) return;  // to the network
  event.respondWith(caches.match(event.request).then((hit) => hit || fetch(event.request)));
});
