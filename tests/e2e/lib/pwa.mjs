// Service worker, offline and installability helpers for the release check (offline.test.mjs).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { waitForApp } from './harness.mjs';
import { eventually } from './wait.mjs';

/** A private copy of a built app (so a concurrent rebuild of dist/ cannot change it mid-test). */
export function copyDist(dist, name) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'spanmark-pwa-'));
  const dir = path.join(root, name);
  fs.cpSync(dist, dir, { recursive: true });
  return dir;
}

/** VERSION and FILES as written into a built sw.js by scripts/pwa/post-build.mjs. */
export function readServiceWorker(dir) {
  const file = path.join(dir, 'sw.js');
  assert.ok(fs.existsSync(file), `the build has no sw.js (${file}): did the Trunk post_build hook run?`);
  const src = fs.readFileSync(file, 'utf8');
  const version = /^const VERSION = "([0-9a-f]{16})";$/m.exec(src)?.[1];
  assert.ok(version, `${file} has no generated VERSION line (is it the unbuilt template?)`);
  const files = JSON.parse(/^const FILES = (\[[\s\S]*?\n\]);$/m.exec(src)?.[1].replace(/,\n\]$/, '\n]') ?? 'null');
  assert.ok(Array.isArray(files) && files.length > 0, `${file} has no FILES list`);
  return { version, files: files.map(([p]) => p) };
}

/**
 * Waits until a service worker controls the page (the first visit installs it and it claims
 * the page once activated); reloads once if it is active but not yet in control.
 * @returns {Promise<{controller: string, scope: string}>}
 */
export async function waitForController(app, { timeout = 20_000 } = {}) {
  const { page, diag } = app;
  const ready = () =>
    page.evaluate(async (ms) => {
      if (!('serviceWorker' in navigator)) return { error: 'navigator.serviceWorker is missing' };
      const reg = await Promise.race([navigator.serviceWorker.ready, new Promise((r) => setTimeout(r, ms))]);
      if (!reg) return { error: `no active service worker registration within ${ms} ms` };
      return { scope: reg.scope, controller: navigator.serviceWorker.controller?.scriptURL ?? null };
    }, timeout);
  let state = await ready();
  assert.ok(!state.error, `${state.error} at ${page.url()}`);
  if (!state.controller) {
    try {
      state = await eventually('the service worker to take control of the page', async () => {
        const s = await ready();
        assert.ok(s.controller, 'navigator.serviceWorker.controller is null');
        return s;
      }, { timeout: 3000 });
    } catch {
      await page.reload();
      await waitForApp(page, diag);
      state = await ready();
    }
  }
  assert.ok(state.controller, `no service worker controls ${page.url()} even after a reload (scope ${state.scope})`);
  return state;
}

/** The names of the Cache Storage caches and the URLs each holds. */
export function cacheContents(page) {
  return page.evaluate(async () => {
    const out = {};
    for (const name of await caches.keys()) {
      out[name] = (await (await caches.open(name)).keys()).map((r) => r.url).sort();
    }
    return out;
  });
}

/** Cuts the page off the network through the DevTools protocol (as DevTools' "Offline"). */
export async function emulateOffline(app, offline = true) {
  const cdp = (app.cdp ??= await app.context.newCDPSession(app.page));
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await eventually(`navigator.onLine to be ${!offline}`, async () => {
    assert.equal(await app.page.evaluate(() => navigator.onLine), !offline);
  });
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(buf) {
  const sig = '89504e470d0a1a0a';
  assert.equal(buf.subarray(0, 8).toString('hex'), sig, 'not a PNG (bad signature)');
  assert.equal(buf.subarray(12, 16).toString('latin1'), 'IHDR', 'not a PNG (no IHDR first)');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}
