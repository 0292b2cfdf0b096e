// Tidings service worker: keeps the front page, the static files and every story and article
// opened, for reading offline. Pages: network first, the kept copy when offline. Static files:
// the kept copy first.
"use strict";
var CACHE = "tidings-v1";
var STATIC = ["/", "/static/app.css", "/static/app.js", "/static/icon.svg", "/manifest.webmanifest"];

self.addEventListener("install", function (ev) {
  ev.waitUntil(caches.open(CACHE).then(function (c) { return c.addAll(STATIC); }).then(function () { return self.skipWaiting(); }));
});
self.addEventListener("activate", function (ev) {
  ev.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== CACHE; }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});
function keep(req) {
  var u = new URL(req.url);
  return u.pathname === "/" || u.pathname === "/latest" || u.pathname === "/popular" ||
    u.pathname.indexOf("/story/") === 0 || u.pathname.indexOf("/article/") === 0;
}
self.addEventListener("fetch", function (ev) {
  var req = ev.request;
  if (req.method !== "GET") return;
  var u = new URL(req.url);
  if (u.origin !== location.origin || u.pathname === "/events") return;
  if (u.pathname.indexOf("/static/") === 0 || u.pathname === "/manifest.webmanifest") {
    ev.respondWith(caches.match(req).then(function (hit) { return hit || fetch(req); }));
    return;
  }
  if (keep(req)) {
    ev.respondWith(fetch(req).then(function (res) {
      if (res.ok) { var copy = res.clone(); caches.open(CACHE).then(function (c) { c.put(req, copy); }); }
      return res;
    }).catch(function () {
      return caches.match(req).then(function (hit) { return hit || caches.match("/"); });
    }));
  }
});
