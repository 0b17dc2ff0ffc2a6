// The app served from a sub-path of a static host (like GitHub Pages or an nginx folder):
// it loads, annotates, and fetches nothing outside its folder or from any other origin.

import assert from 'node:assert/strict';
import { e2eSuite } from './lib/harness.mjs';
import { readSeed } from './lib/env.mjs';
import { cpFind, stripLineEnds } from './lib/text.mjs';
import { readState, assertSpanShown, findEntry } from './lib/dom.mjs';
import { annotate } from './lib/actions.mjs';
import { eventually, sleep } from './lib/wait.mjs';

const BASE = '/tools/spanmark/';
// Only the sub-path is served: anything the app asks of the host's root is a 404.
const { appTest } = e2eSuite({ mounts: (dist) => ({ [BASE]: dist }) });
const seed = readSeed();

// index.html declares its icon (icons/icon.svg, relative), so not even Chromium's own
// /favicon.ico request leaves the folder: the server-side check below allows nothing outside
// BASE. That includes the service worker's requests (sw.js and its precache of the build).

appTest(`served under ${BASE}: loads the seed, annotates, requests nothing outside ${BASE}`, async ({ open, server }) => {
  const mark = server.requests.length; // the server is shared by this file's tests
  const app = await open(BASE);
  const { page, diag } = app;
  const s = await readState(page);
  assert.equal(s.articleText, stripLineEnds(seed.text), 'the article should show the seed text');
  assert.equal(s.h1, seed.title);

  const ZEL = { label: 'actor', ...cpFind(seed.text, 'Zelenskyy') };
  await annotate(page, 'Zelenskyy', 'actor');
  await eventually('the actor annotation to show', async () => {
    const st = await readState(page);
    assertSpanShown(st, ZEL);
    findEntry(st, ZEL);
  });
  await app.reload();
  await eventually('the annotation to be restored after a reload', async () => assertSpanShown(await readState(page), ZEL));
  await sleep(500); // late requests (lazy chunks, fonts, prefetches) get their chance

  const origin = new URL(server.origin).origin;
  const outside = [];
  for (const url of diag.requests) {
    const u = new URL(url);
    if (u.protocol === 'data:' || u.protocol === 'blob:') continue;
    if (u.origin !== origin) outside.push(`${url} (another origin)`);
    else if (!u.pathname.startsWith(BASE)) outside.push(`${url} (outside ${BASE})`);
  }
  assert.ok(diag.requests.length > 0, 'test setup: no request was recorded');
  assert.deepEqual(outside, [], `the page requested URLs outside ${origin}${BASE}`);
  assert.deepEqual(diag.badRequests, [], 'every request should succeed');

  const seen = server.requests.slice(mark);
  const serverSide = seen.filter((r) => !r.path.startsWith(BASE));
  assert.deepEqual(serverSide, [], `the server saw requests outside ${BASE}`);
});

appTest(`${BASE.slice(0, -1)} without the trailing slash redirects and works`, async ({ open }) => {
  const { page } = await open(BASE.slice(0, -1));
  assert.equal(new URL(page.url()).pathname, BASE);
  const s = await readState(page);
  assert.equal(s.articleText, stripLineEnds(seed.text));
});
