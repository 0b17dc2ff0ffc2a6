// The release check: the built app as a person receives it from a plain static host under a
// sub-path, with its service worker allowed. It installs itself on the first visit, keeps
// working (with all stored work) when the network and the host are gone, is installable,
// and picks up a new release on the next visit and says so.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { chromium } from 'playwright-core';
import { e2eSuite, waitForApp, CHROMIUM_ARGS } from './lib/harness.mjs';
import { readSeed, CHROMIUM, REPO_ROOT } from './lib/env.mjs';
import { cpFind, stripLineEnds } from './lib/text.mjs';
import { readState, assertSpanShown, findEntry } from './lib/dom.mjs';
import { annotate } from './lib/actions.mjs';
import { eventually } from './lib/wait.mjs';
import { copyDist, readServiceWorker, waitForController, cacheContents, emulateOffline, pngSize } from './lib/pwa.mjs';

const BASE = '/tools/spanmark/';
// A second copy at its own URL that the update test turns into a new release.
const NEXT = '/next/spanmark/';
const dirs = {};
const { appTest } = e2eSuite({
  mounts: (dist) => {
    dirs.release = copyDist(dist, 'release');
    dirs.next = copyDist(dist, 'next');
    return { [BASE]: dirs.release, [NEXT]: dirs.next };
  },
});
after(() => {
  for (const dir of Object.values(dirs)) fs.rmSync(path.dirname(dir), { recursive: true, force: true });
});
const seed = readSeed();
const ZEL = { label: 'actor', ...cpFind(seed.text, 'Zelenskyy') };
const KYIV = { label: 'location', ...cpFind(seed.text, 'Kyiv') };
const UPDATE_TEXT = 'A new version of spanmark is ready.';

/** The article and exactly these annotations are on the page. */
async function assertAppShows(page, anns, what) {
  await eventually(what, async () => {
    const s = await readState(page);
    assert.equal(s.articleText, stripLineEnds(seed.text), 'the article should show the seed text');
    for (const a of anns) {
      assertSpanShown(s, a);
      findEntry(s, a);
    }
    assert.equal(s.entries.length, anns.length, `#ann-list: ${JSON.stringify(s.entries)}`);
  });
}

/** The release's precache: one cache for the scope, holding every file sw.js lists. */
async function assertPrecached(page, origin, prefix, dir) {
  const { version, files } = readServiceWorker(dir);
  const scope = `${origin}${prefix}`;
  const want = files.map((f) => new URL(f, scope).href).sort();
  await eventually(`the cache "spanmark ${scope} ${version}" to hold the ${files.length} files of sw.js`, async () => {
    const all = await cacheContents(page);
    const mine = Object.keys(all).filter((n) => n.startsWith(`spanmark ${scope} `));
    assert.deepEqual(mine, [`spanmark ${scope} ${version}`], `caches of this scope: ${JSON.stringify(Object.keys(all))}`);
    assert.deepEqual(all[mine[0]], want);
  });
  return version;
}

appTest(`release check: under ${BASE}, annotate, then offline with the host down, reload: app and annotations are there`, async ({ t, open, server }) => {
  const start = server.requests.length;
  const app = await open(BASE, { serviceWorkers: 'allow' });
  const { page } = app;
  const sw = await waitForController(app);
  assert.equal(sw.scope, server.url(BASE), 'the service worker scope should be the app folder');
  assert.equal(sw.controller, server.url(`${BASE}sw.js`));
  const version = await assertPrecached(page, server.origin, BASE, dirs.release);
  t.diagnostic(`sw.js version ${version}`);

  await annotate(page, 'Zelenskyy', 'actor');
  await assertAppShows(page, [ZEL], 'the actor annotation on "Zelenskyy" to show');

  // No network for the page, and a host that answers nothing but 503.
  await emulateOffline(app);
  server.setAvailable(false);
  const mark = server.requests.length;
  const responses = [];
  page.on('response', (r) => responses.push(r));
  try {
    await app.reload();
    await assertAppShows(page, [ZEL], 'the annotation to be restored after an offline reload');
    assert.equal(await page.evaluate(() => navigator.onLine), false, 'the page should still be offline');

    // Work goes on offline and survives another reload.
    await annotate(page, 'Kyiv', 'location');
    await app.reload();
    await assertAppShows(page, [ZEL, KYIV], 'both annotations after a second offline reload');

    const own = responses.filter((r) => r.url().startsWith(server.origin));
    assert.ok(own.some((r) => r.request().isNavigationRequest()), 'test setup: no navigation response was recorded');
    const notFromCache = own.filter((r) => !r.fromServiceWorker() || r.status() !== 200).map((r) => `${r.url()} ${r.status()}`);
    assert.deepEqual(notFromCache, [], 'offline, every response should come from the service worker with 200');
    const served = server.requests.slice(mark).filter((r) => r.status !== 503);
    assert.deepEqual(served, [], 'the host was down: nothing can have been served by it');
  } finally {
    server.setAvailable(true);
  }
  // The service worker too (its precache, its update checks) stays inside the app folder.
  const outside = server.requests.slice(start).filter((r) => !r.path.startsWith(BASE));
  assert.deepEqual(outside, [], `the server saw requests outside ${BASE}`);
});

appTest('installable: valid manifest with loadable icons, service worker in control, no installability errors', async ({ t, server }) => {
  // Chromium reports installability only outside incognito, so this test runs its own
  // browser with a throwaway profile instead of the harness's incognito contexts.
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'spanmark-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const appUrl = server.url(BASE);
    await page.goto(appUrl);
    await waitForApp(page);
    const app = { page, context };
    const sw = await waitForController(app);
    assert.equal(sw.controller, server.url(`${BASE}sw.js`));

    // The page links a manifest and theme colour with relative URLs.
    const html = fs.readFileSync(path.join(dirs.release, 'index.html'), 'utf8');
    const href = /<link\b[^>]*\brel=["']?manifest\b[^>]*>/i.exec(html)?.[0].match(/\bhref=["']?([^"'\s>]+)/)?.[1];
    assert.ok(href, 'index.html has no <link rel="manifest" href>');
    assert.ok(!/^([a-z]+:|\/)/i.test(href), `the manifest href ${href} should be relative`);
    assert.match(html, /<meta\b[^>]*name=["']?theme-color/i, 'index.html has no <meta name="theme-color">');
    const manifestUrl = new URL(href, appUrl).href;
    const res = await page.request.get(manifestUrl);
    assert.equal(res.status(), 200, `GET ${manifestUrl}`);
    assert.match(res.headers()['content-type'] ?? '', /^application\/(manifest\+)?json/);
    const m = JSON.parse(await res.text());
    assert.equal(m.name, 'spanmark');
    assert.ok(m.short_name && m.short_name.length <= 12, `short_name ${JSON.stringify(m.short_name)}`);
    assert.equal(new URL(m.start_url, manifestUrl).href, appUrl, 'start_url should be the app folder');
    assert.equal(new URL(m.scope, manifestUrl).href, appUrl, 'scope should be the app folder');
    assert.ok(['standalone', 'fullscreen', 'minimal-ui'].includes(m.display), `display ${m.display}`);
    for (const key of ['theme_color', 'background_color']) assert.match(m[key] ?? '', /^#[0-9a-f]{6}$/i, key);
    for (const icon of m.icons) {
      assert.ok(!/^([a-z]+:|\/)/i.test(icon.src), `icon src ${icon.src} should be relative`);
      const url = new URL(icon.src, manifestUrl).href;
      const r = await page.request.get(url);
      assert.equal(r.status(), 200, `GET ${url}`);
      assert.equal((r.headers()['content-type'] ?? '').split(';')[0], icon.type, `${url} content type`);
      const body = await r.body();
      if (icon.type === 'image/png') {
        const { width, height } = pngSize(body);
        assert.equal(`${width}x${height}`, icon.sizes, `${url} is ${width}x${height}, the manifest says ${icon.sizes}`);
      } else {
        assert.match(body.toString('utf8'), /<svg\b/, `${url} is not an SVG`);
      }
    }
    const anyIcons = m.icons.filter((i) => (i.purpose ?? 'any').split(/\s+/).includes('any'));
    for (const size of ['192x192', '512x512']) {
      assert.ok(anyIcons.some((i) => i.sizes === size && i.type === 'image/png'), `no ${size} PNG icon for purpose any`);
    }
    assert.ok(anyIcons.some((i) => i.type === 'image/svg+xml'), 'no SVG icon');

    // Chromium's own verdict (what it uses to offer "Install").
    const cdp = await context.newCDPSession(page);
    const parsed = await cdp.send('Page.getAppManifest');
    assert.equal(parsed.url, manifestUrl);
    assert.deepEqual(parsed.errors, [], 'Chromium found errors in the manifest');
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    t.diagnostic(`installability errors: ${JSON.stringify(installabilityErrors)}`);
    assert.deepEqual(installabilityErrors, [], 'Chromium reports the app as not installable');
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
});

appTest(`a new release at the same URL is picked up on the next visit and announced; Reload switches to it`, async ({ t, open, server }) => {
  const app = await open(NEXT, { serviceWorkers: 'allow' });
  const { page } = app;
  await waitForController(app);
  const before = await assertPrecached(page, server.origin, NEXT, dirs.next);
  await annotate(page, 'Zelenskyy', 'actor');
  await assertAppShows(page, [ZEL], 'the actor annotation on "Zelenskyy" to show');
  assert.ok(!(await readState(page)).status.includes(UPDATE_TEXT), 'no update is announced before there is one');

  // Deploy a new release over the old one: a changed index.html, and sw.js rewritten by the
  // same post-build step Trunk runs.
  const { postBuild } = await import(path.join(REPO_ROOT, 'scripts/pwa/post-build.mjs'));
  const index = path.join(dirs.next, 'index.html');
  fs.writeFileSync(index, fs.readFileSync(index, 'utf8').replace('<title>', '<meta name="spanmark-release" content="next"><title>'));
  const after = postBuild(dirs.next).version;
  assert.notEqual(after, before, 'a changed file must change the version in sw.js');
  t.diagnostic(`sw.js version ${before} -> ${after}`);

  // The next visit still opens the release in the cache, then announces the new one.
  await page.goto(app.url);
  await waitForApp(page, app.diag);
  const releaseMeta = () => page.evaluate(() => document.querySelector('meta[name="spanmark-release"]')?.content ?? null);
  assert.equal(await releaseMeta(), null, 'the visit should open the installed release from the cache');
  await eventually(`"${UPDATE_TEXT}" in [role=status] with a Reload button`, async () => {
    assert.ok((await readState(page)).status.includes(UPDATE_TEXT), `status: ${(await readState(page)).status}`);
    assert.ok(await page.getByRole('button', { name: 'Reload', exact: true }).isVisible(), 'no visible Reload button');
  }, { timeout: 20_000 });

  await Promise.all([page.waitForEvent('load', { timeout: 15_000 }), page.getByRole('button', { name: 'Reload', exact: true }).click()]);
  await waitForApp(page, app.diag);
  assert.equal(await releaseMeta(), 'next', 'after Reload the page should run the new release');
  await assertAppShows(page, [ZEL], 'the annotation to be kept across the update');
  assert.ok(!(await readState(page)).status.includes(UPDATE_TEXT), 'the update message should be gone after the update');
  await assertPrecached(page, server.origin, NEXT, dirs.next); // only the new release's cache is left
});
