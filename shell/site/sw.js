// Kolo's service worker: the app works with the network off once it has been opened online.
//
// One cache per build, named by the build (shell/stamp_site.py writes BUILD and FILES here, so
// a new build is a new service worker to the browser). Installing fetches every file of the
// build into its cache; activating deletes the caches of other builds and takes over the open
// tabs, which are told a new version is ready (app.js asks the user to reload).
// - The page itself (a navigation) comes from the network while there is one, so a rebuilt
//   app shows up on the next reload (python3 serve.py), and from this build's cache when the
//   network fails or is too slow.
// - Every other file is named with the build (kolo.wasm?v=BUILD): it never changes under that
//   name, so it comes from the cache first.
// The data is not here: it lives in IndexedDB, which no version of this file touches.
'use strict';
var BUILD = '@KOLO_BUILD@';
var CACHE = 'kolo-' + BUILD;
var FILES = @KOLO_FILES@;
var PAGE = './';
var NETWORK_WAIT_MS = 4000;  // a navigation waits this long for a slow network, then takes the cache

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    // 'no-cache': revalidated with the server, so a stale HTTP cache cannot slip in.
    return cache.addAll(FILES.map(function (f) { return new Request(f, { cache: 'no-cache' }); })).then(function () {
      return cache.match(PAGE);
    }).then(function (page) { return page.text(); }).then(function (text) {
      // A server that moved on to another build meanwhile (it ignores ?v=) would have given
      // files of that build: then this one is not installed, and the browser tries again.
      if (text.indexOf("window.koloBuild = '" + BUILD + "'") < 0) {
        return caches.delete(CACHE).then(function () { throw new Error('the server no longer has build ' + BUILD); });
      }
    });
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n.indexOf('kolo-') === 0 && n !== CACHE; })
      .map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }).then(function () {
    return self.clients.matchAll({ type: 'window' });
  }).then(function (tabs) {
    tabs.forEach(function (tab) { tab.postMessage({ kolo: 'build', build: BUILD, activated: true }); });
  }));
});

// A tab asks which build serves it (app.js, at start): the answer says offline use is ready.
self.addEventListener('message', function (event) {
  if (event.data && event.data.kolo === 'which' && event.source)
    event.source.postMessage({ kolo: 'build', build: BUILD });
});

function fromCache(request) {
  return caches.open(CACHE).then(function (cache) { return cache.match(request); });
}

function navigate(request) {
  return new Promise(function (resolve) {
    var settled = false;
    var cached = function () {
      if (settled) return;
      settled = true;
      resolve(fromCache(PAGE).then(function (hit) { return hit || fetch(request); }));
    };
    var timer = setTimeout(cached, NETWORK_WAIT_MS);
    fetch(request).then(function (response) {
      if (settled) return;
      if (!response.ok) { clearTimeout(timer); cached(); return; }
      settled = true;
      clearTimeout(timer);
      resolve(response);
    }, function () { clearTimeout(timer); cached(); });
  });
}

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET') return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(navigate(request));
    return;
  }
  event.respondWith(fromCache(request).then(function (hit) { return hit || fetch(request); }));
});
