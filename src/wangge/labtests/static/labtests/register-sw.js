// Service worker of the registration page: served at /labtests/register/sw.js, so its scope is
// /labtests/register/. It keeps the page and the assets the page names (sent by register.js) and answers from
// the cache when the network is down; the queued scans live in the page's localStorage and sync when it is back.
var CACHE = "wangge-register-v1";

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.add(new Request(self.registration.scope, {credentials: "same-origin"})).catch(function () {});
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== CACHE; }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("message", function (event) {
  var urls = (event.data && event.data.cache) || [];
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(urls.map(function (url) {
      return fetch(url, {credentials: "same-origin"}).then(function (r) { if (r.ok) return cache.put(url, r); })
        .catch(function () {});
    }));
  }));
});

function sameOrigin(url) { return new URL(url).origin === self.location.origin; }

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || !sameOrigin(request.url)) return;  // the sync POST goes to the network
  var url = new URL(request.url);
  var isPage = request.mode === "navigate" || url.pathname === new URL(self.registration.scope).pathname;
  // Network first (a fresh page and token when online), the cached copy when offline.
  event.respondWith(fetch(request).then(function (response) {
    if (response.ok && (isPage || url.pathname.indexOf("/static/") === 0)) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(isPage ? url.pathname : request, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(isPage ? url.pathname : request).then(function (hit) {
      return hit || caches.match(request, {ignoreSearch: true});
    });
  }));
});
