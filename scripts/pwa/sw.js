// spanmark's service worker: the app's own files from a cache, so it opens without a network.
//
// This is the template: after every Trunk build, scripts/pwa/post-build.mjs writes it to
// dist/sw.js with the two constants below filled in. FILES lists every file of the build
// (URLs relative to this script, so it works under any sub-path) with its SRI digest;
// VERSION is a digest of all of them, so each release yields a different sw.js, which is
// how the browser notices it (it compares sw.js byte for byte on every visit).
//
// Life cycle:
// - install: fetch every file of this release, bypassing the HTTP cache and checked against
//   its digest (a host caught half-way through a deploy fails the install, which is retried
//   on the next visit), into the cache "spanmark <scope> <VERSION>".
// - A new release waits while a page of the old one is open; the page shows "a new version is
//   ready" and its Reload button posts "skip-waiting". With no page open, it takes over on
//   the next visit by itself.
// - activate: delete this scope's caches of other releases, take control of open pages.
// - fetch: cache first for same-origin GETs of the release's files; navigations to the app's
//   folder (or its index.html, any query) get the cached index.html. Everything else goes
//   to the network untouched.

const VERSION = 'unbuilt';
const FILES = [];

const PREFIX = `spanmark ${self.registration.scope} `;
const CACHE = PREFIX + VERSION;
const abs = (path) => new URL(path, self.location.href).href;
const INDEX = abs('index.html');
const SCOPE = self.registration.scope;
const PRECACHED = new Set(FILES.map(([path]) => abs(path)));

self.addEventListener('install', (event) => {
  event.waitUntil(precache());
});

async function precache() {
  const cache = await caches.open(CACHE);
  await Promise.all(
    FILES.map(async ([path, integrity]) => {
      const url = abs(path);
      let response = await fetch(new Request(url, { cache: 'reload', credentials: 'same-origin', integrity }));
      if (!response.ok) throw new Error(`spanmark sw: ${url} answered HTTP ${response.status}`);
      // A redirected response cannot answer a navigation: store a plain copy.
      if (response.redirected) {
        const { status, statusText, headers } = response;
        response = new Response(await response.blob(), { status, statusText, headers });
      }
      await cache.put(url, response);
    }),
  );
}

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  const bare = url.origin + url.pathname;
  let key = null;
  if (request.mode === 'navigate') {
    if (bare === SCOPE || bare === INDEX) key = INDEX;
  } else if (!url.search && PRECACHED.has(bare)) {
    key = bare;
  }
  if (key) event.respondWith(fromCache(key, request));
});

async function fromCache(key, request) {
  try {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(key, { ignoreVary: true });
    if (hit) return hit;
  } catch {
    // Cache storage unavailable: the network is the only source.
  }
  return fetch(request);
}
