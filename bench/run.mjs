#!/usr/bin/env node
// spanmark performance benchmark: serves the release build (a snapshot of dist/) over HTTP,
// drives headless Chromium, and prints one table of medians and p95 against the targets.
// Not a test: it never fails on a missed target (it exits non-zero only when it could not
// measure). Run it through scripts/bench.sh, which installs and builds first.
//
//   node bench/run.mjs [--edits 200] [--opens 5] [--seed-runs 15] [--exports 5]
//                      [--no-trace] [--service-workers allow|block] [--dist DIR]
//                      [--out bench/results.md] [--dist-wait SECONDS] [--pause-ms 300]

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

import { serve } from '../tests/e2e/lib/serve.mjs';
import { CHROMIUM_ARGS, waitForApp } from '../tests/e2e/lib/harness.mjs';
import { CHROMIUM, E2E_DIR, REPO_ROOT, LABEL_KEYS, LABELS } from '../tests/e2e/lib/env.mjs';
import { importFile } from '../tests/e2e/lib/actions.mjs';
import { sleep } from '../tests/e2e/lib/wait.mjs';
import { lines as textLines, cpLen } from '../tests/e2e/lib/text.mjs';
import { generate, validate, TITLE, TARGET_ANNOTATIONS } from './lib/gen.mjs';
import { initScript } from './lib/probe.mjs';
import { median, percentile, table, fmtMs, fmtMB, fmtKB, fmtX } from './lib/report.mjs';
import { summariseTrace, traceCategories } from './lib/trace.mjs';

// playwright-core is installed once, for the end-to-end tests (tests/e2e/node_modules).
const { chromium } = createRequire(path.join(E2E_DIR, 'package.json'))('playwright-core');

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const OUT_DIR = path.join(BENCH_DIR, 'out');

const { values: opt } = parseArgs({
  options: {
    edits: { type: 'string', default: '200' },
    opens: { type: 'string', default: '5' },
    'seed-runs': { type: 'string', default: '15' },
    exports: { type: 'string', default: '5' },
    'no-trace': { type: 'boolean', default: false },
    dist: { type: 'string', default: process.env.SPANMARK_DIST || path.join(REPO_ROOT, 'dist') },
    out: { type: 'string', default: path.join(BENCH_DIR, 'results.md') },
    'dist-wait': { type: 'string', default: '600' },
    'service-workers': { type: 'string', default: 'allow' },
    // After scrolling to an edit's target and selecting it, before its key: a person takes
    // at least this long. Without it the key lands while Chromium still rasterises the text
    // just scrolled in (off the main thread, invisible to rAF and timers); on a 2-core machine
    // the compositor then misses the frame that was due and the edit waits a 60 Hz tick.
    'pause-ms': { type: 'string', default: '300' },
  },
});
const N_EDITS = Number(opt.edits);
const N_OPENS = Number(opt.opens);
const N_SEED = Number(opt['seed-runs']);
const N_EXPORTS = Number(opt.exports);
const N_FIND = 10; // rounds of typing the find query
for (const [k, v] of Object.entries({ edits: N_EDITS, opens: N_OPENS, 'seed-runs': N_SEED, exports: N_EXPORTS })) {
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${k} must be a whole number ≥ 1, not ${v}`);
}
const PAUSE_MS = Number(opt['pause-ms']);
if (!Number.isInteger(PAUSE_MS) || PAUSE_MS < 0) throw new Error(`--pause-ms must be a whole number ≥ 0, not ${PAUSE_MS}`);

const TARGETS = {
  open: 1000, // ms, median
  edit: 16, // ms, p95 of key → painted
  save: 5, // ms, p95 per edit
  export: 200, // ms, median
  memory: 200e6, // bytes, median
  bundleGzip: 150e3, // bytes, total gzip -9
  seedRatio: 3, // × the static page, medians
};

const log = (...a) => console.error('[bench]', ...a);
const t00 = performance.now();
const elapsed = () => `${((performance.now() - t00) / 1000).toFixed(0)}s`;

// ---------------------------------------------------------------------------------------------
// The release build. Someone may rebuild dist/ while we run (trunk replaces it as a whole), so
// the benchmark serves a snapshot, taken once dist/ is complete: index.html and every file it
// references present. It waits for dist/ to come back if it is missing or half-written.

function distFiles(dir) {
  const index = path.join(dir, 'index.html');
  const html = fs.readFileSync(index, 'utf8');
  const refs = new Set();
  for (const m of html.matchAll(/(?:href|src)="\.\/([^"]+)"|from '\.\/([^']+)'|module_or_path: '\.\/([^']+)'/g)) {
    refs.add(m[1] ?? m[2] ?? m[3]);
  }
  for (const r of refs) {
    if (!fs.statSync(path.join(dir, r), { throwIfNoEntry: false })?.isFile()) throw new Error(`${r} (referenced by index.html) is missing`);
  }
  if (![...refs].some((r) => r.endsWith('.wasm'))) throw new Error('index.html references no .wasm file');
  return refs;
}

async function snapshotDist(src, dst) {
  const deadline = Date.now() + Number(opt['dist-wait']) * 1000;
  for (;;) {
    try {
      distFiles(src);
      fs.rmSync(dst, { recursive: true, force: true });
      fs.cpSync(src, dst, { recursive: true, filter: (f) => !path.basename(f).startsWith('.') }); // not trunk's .stage/
      const refs = distFiles(dst);
      // The copy must be the build the source still is (not half old, half new).
      for (const r of refs) {
        const a = fs.readFileSync(path.join(src, r));
        const b = fs.readFileSync(path.join(dst, r));
        if (!a.equals(b)) throw new Error(`${r} changed while it was copied`);
      }
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`no complete release build in ${src}: ${err.message}`);
      log(`dist/ is not ready (${err.message}); waiting for the build…`);
      await sleep(5000);
    }
  }
}

function bundleSizes(dir) {
  const kinds = {};
  for (const k of ['wasm', 'js', 'css', 'html', 'other']) kinds[k] = { raw: 0, gzip: 0, files: [] };
  const walk = (d) => {
    for (const ent of fs.readdirSync(d, { withFileTypes: true })) {
      const f = path.join(d, ent.name);
      if (ent.isDirectory()) walk(f);
      else if (ent.isFile()) {
        const ext = path.extname(ent.name).slice(1);
        const kind = kinds[ext] && ext !== 'other' ? ext : 'other';
        const buf = fs.readFileSync(f);
        kinds[kind].raw += buf.length;
        kinds[kind].gzip += zlib.gzipSync(buf, { level: 9 }).length;
        kinds[kind].files.push(path.relative(dir, f));
      }
    }
  };
  walk(dir);
  // The bundle is what the app loads to run: Wasm, JS, CSS, HTML. Icons and the manifest are
  // listed apart.
  const total = { raw: 0, gzip: 0 };
  for (const k of ['wasm', 'js', 'css', 'html']) {
    total.raw += kinds[k].raw;
    total.gzip += kinds[k].gzip;
  }
  return { ...kinds, total };
}

// ---------------------------------------------------------------------------------------------
// The static page for the seed ratio: the seed article's text, one <p> per line, the app's
// stylesheet, no script.

function seedText() {
  // As the app shows it: the file's leading "date YYYY-MM-DD" marker is not part of the text.
  const raw = fs.readFileSync(path.join(REPO_ROOT, 'assets/seed-article.txt'), 'utf8');
  const m = /^\s*date[ \t]*(\d{4}-\d{2}-\d{2})\s*/.exec(raw);
  return m ? raw.slice(m[0].length) : raw;
}

function writeStaticPage(dir, distDir) {
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const css = fs.readdirSync(distDir).find((f) => f.endsWith('.css'));
  const paras = textLines(seedText()).map((l) => `<p>${esc(l.text)}</p>`).join('\n');
  const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>Energy facilities were the main targets</title>
<link rel="icon" href="data:," />
${css ? `<link rel="stylesheet" href="../${css}" />` : ''}
</head>
<body>
<main class="work"><article id="doc">
${paras}
</article></main>
</body>
</html>
`;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'seed.html'), html);
}

// ---------------------------------------------------------------------------------------------
// Browser plumbing.

let browser;
let server;
/** Page errors seen anywhere in the run (message → count): reported, not fatal. */
const pageErrors = new Map();

async function newApp() {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
    // The app is a PWA: let it register its worker, as a browser would.
    serviceWorkers: opt['service-workers'] === 'block' ? 'block' : 'allow',
  });
  context.setDefaultTimeout(30_000);
  await context.addInitScript(initScript, { staticPrefix: '/static/' });
  const page = await context.newPage();
  const errors = [];
  const note = (msg) => {
    errors.push(msg);
    pageErrors.set(msg, (pageErrors.get(msg) ?? 0) + 1);
  };
  page.on('pageerror', (e) => note(String(e?.message ?? e)));
  page.on('crash', () => note('the page crashed'));
  page.on('console', (m) => {
    if (m.type() === 'error') note(`[console] ${m.text()}`);
  });
  return { context, page, errors };
}

/** Waits (up to 10 s) for the app's service worker, if any, to be active: its install
 * (precaching the app) must not run during a measurement. */
const swReady = (page) =>
  page.evaluate(async () => {
    const sw = navigator.serviceWorker;
    if (!sw) return false;
    const until = performance.now() + 3000; // registration starts once the app runs
    let reg = await sw.getRegistration();
    while (!reg && performance.now() < until) {
      await new Promise((r) => setTimeout(r, 50));
      reg = await sw.getRegistration();
    }
    if (!reg) return false;
    return Promise.race([sw.ready.then(() => true), new Promise((r) => setTimeout(() => r(false), 10_000))]);
  });
const settle = (page, idle = 50) => page.evaluate((ms) => window.__bench.settle(ms), idle);
const counts = (page) => page.evaluate(() => window.__bench.counts());

async function waitReady(page, timeout = 60_000) {
  await page.waitForFunction(() => window.__bench && window.__bench.ready, null, { timeout, polling: 20 });
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const wasm = performance.getEntriesByType('resource').find((r) => r.name.endsWith('.wasm'));
    return {
      ...window.__bench.ready,
      responseEnd: nav?.responseEnd,
      domContentLoaded: nav?.domContentLoadedEventEnd,
      wasmEnd: wasm?.responseEnd,
      appStarted: window.__bench.marks.appStarted,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Phases.

async function seedRatio() {
  const runs = { app: [], static: [] };
  const warmup = 1;
  for (let i = 0; i < warmup + N_SEED; i++) {
    // Alternate the order so that drift in machine load hits both pages alike.
    const order = i % 2 ? ['static', 'app'] : ['app', 'static'];
    for (const kind of order) {
      const { context, page } = await newApp();
      await page.goto(server.url(kind === 'app' ? '/' : '/static/seed.html'), { waitUntil: 'commit' });
      const r = await waitReady(page, 30_000);
      if (i >= warmup) runs[kind].push(r);
      await context.close();
    }
  }
  return runs;
}

const LABEL_IDS = LABELS; // ['claim', 'figure', 'actor', 'location'], keys 1–4

/**
 * Imports the benchmark document in a fresh browser context and waits for the frame that
 * shows it whole. With `trace`, a Chrome trace covers the import (returned as `trace`).
 */
async function openBenchDoc(gen, buffer, { trace = false } = {}) {
  const app = await newApp();
  const { page } = app;
  await page.goto(server.url('/'));
  await waitForApp(page);
  await swReady(page);
  await settle(page);
  await page.evaluate((exp) => window.__bench.watchOpen(exp), {
    chunks: gen.lines.length,
    total: TARGET_ANNOTATIONS,
    title: TITLE,
    status: `Imported 1 document with ${TARGET_ANNOTATIONS} annotations`,
  });
  if (trace) await browser.startTracing(page, { categories: traceCategories });
  await importFile(page, 'benchmark-novel.spanmark.json', buffer);
  try {
    await page.waitForFunction(() => window.__bench.openWatch.t1 != null, null, { timeout: 180_000, polling: 50 });
  } catch (err) {
    if (trace) await browser.stopTracing().catch(() => {});
    const st = await pageState(page);
    await app.context.close();
    throw new Error(`the imported document did not open: ${JSON.stringify(st)} ${app.errors.join('\n')}`, { cause: err });
  }
  const traced = trace ? await browser.stopTracing() : null;
  const w = await page.evaluate(() => ({
    ...window.__bench.openWatch,
    // If the app measures its import step (User Timing), keep that too.
    imp: performance.getEntriesByName('spanmark:import').at(-1)?.duration ?? null,
  }));
  return { app, open: { ms: w.t1 - w.t0, script: w.tRaf - w.t0, frame: w.t1 - w.tRaf, imp: w.imp }, trace: traced };
}

async function memory(app) {
  const { context, page } = app;
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const dom = await cdp.send('Memory.getDOMCounters').catch(() => null);
  await cdp.detach();
  const wasm = await page.evaluate(() => window.__bench.wasm?.memory?.buffer?.byteLength ?? null);
  if (wasm == null) throw new Error('no Wasm memory: the TrunkApplicationStarted event was not seen');
  return { js: heap.usedSize, embedder: heap.embedderHeapUsedSize ?? null, wasm, total: heap.usedSize + wasm, nodes: dom?.nodes ?? null };
}

/** What the page shows, for a message when something did not happen. */
async function pageState(page) {
  try {
    return await page.evaluate(() => {
      const t = (sel) => document.querySelector(sel)?.textContent.replace(/\s+/g, ' ').trim() ?? null;
      let bytes = 0;
      for (let i = 0; i < localStorage.length; i++) {
        const k = localStorage.key(i);
        bytes += (k.length + (localStorage.getItem(k)?.length ?? 0)) * 2;
      }
      return {
        title: t('h1'),
        total: t('aside .total'),
        lines: document.querySelectorAll('#doc .chunk').length,
        status: t('#status'),
        alert: t('#alert'),
        saveState: t('#save-state'),
        storage: `${localStorage.length} keys, ${(bytes / 1e6).toFixed(2)} MB as UTF-16`,
      };
    });
  } catch (err) {
    return { unreadable: err.message.split('\n')[0] };
  }
}

async function reopen(app, expect) {
  const { page } = app;
  await page.evaluate((e) => sessionStorage.setItem('__bench_expect', JSON.stringify(e)), expect);
  await page.reload({ waitUntil: 'commit' });
  try {
    const r = await waitReady(page, 120_000);
    return { ok: true, ms: r.painted, ...r };
  } catch (err) {
    const state = await pageState(page);
    return { ok: false, error: `${err.message.split('\n')[0]}; expected ${JSON.stringify(expect)}, the page shows ${JSON.stringify(state)}${app.errors.length ? `; errors: ${app.errors.slice(0, 3).join(' | ')}` : ''}` };
  }
}

/** First index i in sorted `arr` with key(arr[i]) >= x. */
function lowerBound(arr, x, key) {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(arr[mid]) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

async function edits(app, gen, nEdits = N_EDITS, { quiet = false } = {}) {
  const { page } = app;
  const L = gen.cps.length;
  const used = new Set(gen.annotations.map((a) => `${a.start}:${a.end}`));
  const times = { label: [], relabel: [], delete: [], undo: [] };
  const parts = { label: [], relabel: [], delete: [], undo: [] }; // [key → rAF, rAF → painted, extra frames]
  const failures = [];
  let added = 0;
  const press = async (kind, key, params) => {
    await settle(page);
    const eventKey = key.split('+').at(-1); // KeyboardEvent.key of the timed press
    await page.evaluate(([k, p, ek]) => window.__bench.arm(k, p, ek), [kind, params, eventKey]);
    await page.keyboard.press(key);
    const r = await page.evaluate(() => window.__bench.result());
    if (!r.ok) {
      failures.push({ kind, params, error: r.error ?? 'the change was not painted within 10 s' });
      return false;
    }
    if (r.frames > 0 && process.env.BENCH_DEBUG) log(`${kind} missed ${r.frames} frame(s): ${JSON.stringify(params)} ${JSON.stringify(r.miss)}`);
    times[kind].push(r.t1 - r.t0);
    parts[kind].push([r.tRaf - r.t0, r.t1 - r.tRaf, r.frames, r.nextTick]);
    return true;
  };
  const expectCounts = (kind, got, want) => {
    for (const [k, v] of Object.entries(want)) {
      if (got[k] !== v) {
        failures.push({ kind, error: `after ${kind}, ${k} is ${got[k]}, expected ${v}; alert: ${got.alert}` });
        return false;
      }
    }
    if (got.alert) failures.push({ kind, error: `alert after ${kind}: ${got.alert}` });
    return true;
  };
  // Clicks the run at an existing annotation near `cp` and returns what the app selected.
  const selectNear = async (cp) => {
    let k = lowerBound(gen.annotations, cp, (a) => a.start);
    for (let tries = 0; tries < 20; tries++, k++) {
      const a = gen.annotations[k % gen.annotations.length];
      await page.keyboard.press('Escape');
      const pt = await page.evaluate((c) => window.__bench.pointAt(c), a.start);
      if (pt.error) continue;
      await settle(page, 0);
      const again = await page.evaluate((c) => window.__bench.pointAt(c), a.start); // after scrolling settled
      await page.mouse.click(again.x, again.y);
      try {
        await page.waitForFunction(() => window.__bench.selected(), null, { timeout: 3000, polling: 20 });
      } catch {
        continue;
      }
      await sleep(PAUSE_MS);
      return page.evaluate(() => window.__bench.selected());
    }
    throw new Error(`could not select an annotation by clicking near code point ${cp}`);
  };

  await page.evaluate(() => performance.clearMeasures('spanmark:save'));
  let wi = 0;
  for (let i = 0; i < nEdits; i++) {
    if (i % 25 === 0 && !quiet) log(`edits ${i}/${nEdits} (${elapsed()})`);
    // 1. Label a new selection (one or two words no annotation has as its span).
    const target = Math.floor(((i + 0.5) * L) / nEdits);
    wi = Math.max(wi, lowerBound(gen.freeWords, target, (w) => w.start));
    let s;
    let e;
    for (; wi < gen.freeWords.length; wi++) {
      const w = gen.freeWords[wi];
      const next = gen.freeWords[wi + 1];
      s = w.start;
      e = w.end;
      if (i % 3 === 0 && next && next.start === w.end + 1 && gen.cps[w.end] === ' ') e = next.end;
      if (!used.has(`${s}:${e}`)) break;
    }
    wi++;
    const label = LABEL_IDS[i % 4];
    await page.keyboard.press('Escape');
    let before = await counts(page);
    const sel = await page.evaluate(([a, b]) => window.__bench.selectSpan(a, b), [s, e]);
    const want = gen.cps.slice(s, e).join('');
    if (sel.error || sel.text !== want) throw new Error(`selecting ${s}..${e} ${JSON.stringify(want)} gave ${JSON.stringify(sel)}`);
    await sleep(PAUSE_MS);
    if (await press('label', LABEL_KEYS[label], { s, e, label, total: before.total, count: before[label] })) {
      used.add(`${s}:${e}`);
      added++;
      expectCounts('label', await counts(page), { total: before.total + 1, [label]: before[label] + 1 });
    }

    // 2. Relabel an existing annotation (selected by clicking its highlight).
    let a = await selectNear(Math.floor(((i + 0.25) * L) / nEdits));
    before = await counts(page);
    const from = a.label;
    const to = LABEL_IDS[(LABEL_IDS.indexOf(from) + 1 + (i % 3)) % 4];
    if (await press('relabel', LABEL_KEYS[to], { s: a.s, e: a.e, from, to, countFrom: before[from], countTo: before[to] })) {
      expectCounts('relabel', await counts(page), { total: before.total, [from]: before[from] - 1, [to]: before[to] + 1 });
    }

    // 3. Delete another one, then 4. undo the deletion.
    a = await selectNear(Math.floor(((i + 0.75) * L) / nEdits));
    before = await counts(page);
    if (await press('delete', 'Delete', { total: before.total, label: a.label, count: before[a.label] })) {
      expectCounts('delete', await counts(page), { total: before.total - 1, [a.label]: before[a.label] - 1 });
      if (await press('undo', 'Control+z', { s: a.s, e: a.e, label: a.label, total: before.total - 1, count: before[a.label] - 1 })) {
        expectCounts('undo', await counts(page), { total: before.total, [a.label]: before[a.label] });
      }
    }
    if (failures.length > Math.max(10, nEdits * 0.1)) {
      throw new Error(`too many edits failed:\n${failures.slice(0, 10).map((f) => JSON.stringify(f)).join('\n')}`);
    }
  }
  const saves = await page.evaluate(() => performance.getEntriesByName('spanmark:save').map((m) => m.duration));
  return { times, parts, failures, saves, added, finalCounts: await counts(page) };
}

/** The query typed into the find box, a key at a time; each key is timed. */
const FIND_QUERY = 'the';

/**
 * Typing a query into the find box on the novel: key → the frame showing the new count and
 * the matches painted. Each round starts from another part of the document.
 */
async function finds(app, rounds = N_FIND) {
  const { page } = app;
  const box = page.locator('#find-input');
  const times = [];
  const failures = [];
  for (let i = 0; i < rounds; i++) {
    await page.evaluate((f) => window.scrollTo(0, document.documentElement.scrollHeight * f), (i + 0.5) / rounds);
    await box.focus();
    await box.fill('');
    await sleep(PAUSE_MS);
    for (const ch of FIND_QUERY) {
      await settle(page);
      const before = await page.evaluate(() => document.getElementById('find-count').textContent.trim());
      await page.evaluate(([k, p, ek]) => window.__bench.arm(k, p, ek), ['find', { before }, ch]);
      await page.keyboard.press(ch);
      const r = await page.evaluate(() => window.__bench.result());
      if (r.ok) times.push(r.t1 - r.t0);
      else failures.push({ kind: 'find', key: ch, error: r.error ?? 'not painted within 10 s' });
    }
  }
  await box.press('Escape');
  return { times, failures };
}

async function exports(app, expectTotal) {
  const { page } = app;
  const inPage = [];
  const toDownload = [];
  let checked = null;
  await page.evaluate(() => performance.clearMeasures('spanmark:export'));
  for (let i = 0; i < N_EXPORTS; i++) {
    await settle(page);
    const button = page.getByRole('button', { name: 'Export', exact: true });
    const t = performance.now();
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), button.click()]);
    toDownload.push(performance.now() - t);
    const file = await download.path();
    if (i === 0 || i === N_EXPORTS - 1) {
      const json = JSON.parse(fs.readFileSync(file, 'utf8'));
      const d = json.documents?.[0];
      checked = { annotations: d?.annotations?.length, codePoints: d ? cpLen(d.text) : null, filename: download.suggestedFilename() };
      if (checked.annotations !== expectTotal || checked.codePoints !== 1_000_000) {
        throw new Error(`the export holds ${JSON.stringify(checked)}, expected ${expectTotal} annotations over 1,000,000 code points`);
      }
    }
    await download.delete();
  }
  const measures = await page.evaluate(() => performance.getEntriesByName('spanmark:export').map((m) => m.duration));
  if (measures.length !== N_EXPORTS) throw new Error(`expected ${N_EXPORTS} spanmark:export measures, got ${measures.length}`);
  return { inPage: measures, toDownload, checked };
}

/** A Chrome trace of one import and of a few label edits: where the main thread's time goes. */
async function traces(gen, buffer) {
  const out = {};
  const { app, open, trace } = await openBenchDoc(gen, buffer, { trace: true });
  const { page } = app;
  fs.writeFileSync(path.join(OUT_DIR, 'trace-open.json'), trace);
  out.open = summariseTrace(JSON.parse(trace.toString('utf8')), { from: 'bench:open', to: 'bench:open-painted' });
  out.open.measured = open.ms;

  // Five edits of each kind spread over the document, as in the timed run.
  await browser.startTracing(page, { categories: traceCategories });
  const e = await edits(app, gen, 5, { quiet: true });
  const buf = await browser.stopTracing();
  fs.writeFileSync(path.join(OUT_DIR, 'trace-edits.json'), buf);
  out.edits = summariseTrace(JSON.parse(buf.toString('utf8')), { from: 'bench:key', to: 'bench:painted' });
  out.edits.count = Object.values(e.times).reduce((n, x) => n + x.length, 0);
  await app.context.close();
  return out;
}

// ---------------------------------------------------------------------------------------------

function machine(browserVersion) {
  const cpuinfo = fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  let nproc = os.availableParallelism?.() ?? os.cpus().length;
  try {
    nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim()) || nproc;
  } catch {
    /* keep os's count */
  }
  let chromiumVersion = browserVersion;
  try {
    chromiumVersion = execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    /* keep the protocol's version */
  }
  return { nproc, model, chromiumVersion, node: process.version, memGB: (os.totalmem() / 1e9).toFixed(1), kernel: os.release(), loadStart: os.loadavg()[0] };
}

function commitOf() {
  try {
    const head = execFileSync('git', ['-C', REPO_ROOT, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['-C', REPO_ROOT, 'status', '--porcelain', '--', 'src', 'style', 'index.html', 'Cargo.toml'], { encoding: 'utf8' }).trim();
    return dirty ? `${head} + uncommitted changes in src/` : head;
  } catch {
    return 'unknown';
  }
}

async function main() {
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const distSnap = path.join(OUT_DIR, 'dist');
  log(`snapshot of ${opt.dist}`);
  await snapshotDist(opt.dist, distSnap);
  const bundle = bundleSizes(distSnap);

  log('generating the benchmark document');
  const tg = performance.now();
  const gen = generate();
  validate(gen);
  const genMs = performance.now() - tg;
  const buffer = Buffer.from(gen.json, 'utf8');
  fs.writeFileSync(path.join(OUT_DIR, 'benchmark-novel.spanmark.json'), buffer);
  log(`${gen.stats.codePoints} code points, ${gen.stats.lines} lines, ${gen.annotations.length} annotations ` + `(${gen.stats.nested} nested, ${gen.stats.overlapping} overlapping), ${(buffer.length / 1e6).toFixed(2)} MB, ${genMs.toFixed(0)} ms`);

  const staticDir = path.join(OUT_DIR, 'static');
  writeStaticPage(staticDir, distSnap);
  server = await serve({ '/': distSnap, '/static/': staticDir });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const mach = machine(browser.version());
  log(`${mach.chromiumVersion}; ${mach.nproc} CPUs (${mach.model})`);

  const R = { bundle, gen: gen.stats };
  try {
    log(`seed article vs static page, ${N_SEED} runs each (${elapsed()})`);
    R.seed = await seedRatio();

    log(`open: importing the benchmark document ${N_OPENS}× in fresh browser contexts (${elapsed()})`);
    R.opens = [];
    R.memory = [];
    let app;
    for (let i = 0; i < N_OPENS; i++) {
      const o = await openBenchDoc(gen, buffer);
      R.opens.push(o.open);
      R.memory.push(await memory(o.app));
      log(`  open #${i + 1}: ${o.open.ms.toFixed(0)} ms; JS heap ${fmtMB(R.memory.at(-1).js)}, Wasm ${fmtMB(R.memory.at(-1).wasm)}`);
      if (app) await app.context.close();
      app = o.app;
    }

    log(`reload: the document must come back from local storage (${elapsed()})`);
    const expectOpen = { chunks: gen.lines.length, total: TARGET_ANNOTATIONS, title: TITLE };
    R.reload = await reopen(app, expectOpen);
    if (R.reload.ok) {
      const c = await counts(app.page);
      const want = gen.stats.byLabel;
      R.reload.countsOk = LABEL_IDS.every((l) => c[l] === want[l]) && c.total === TARGET_ANNOTATIONS;
      if (!R.reload.countsOk) R.reload.error = `counts after reload ${JSON.stringify(c)}, expected ${JSON.stringify(want)}`;
      R.reload.ok = R.reload.countsOk;
    }
    log(`  reload: ${R.reload.ok ? `PASS, ${R.reload.ms.toFixed(0)} ms` : `FAIL: ${R.reload.error}`}`);
    if (!R.reload.ok) {
      // Edits need the document open; reimport it.
      app.context.close();
      app = (await openBenchDoc(gen, buffer)).app;
    }

    log(`edits: ${N_EDITS} each of label, relabel, delete, undo (${elapsed()})`);
    R.edits = await edits(app, gen);

    log(`find: "${FIND_QUERY}" typed ${N_FIND}× (${elapsed()})`);
    R.find = await finds(app);

    log(`export ${N_EXPORTS}× (${elapsed()})`);
    R.exports = await exports(app, R.edits.finalCounts.total);

    log(`reload after the edits (${elapsed()})`);
    R.reload2 = await reopen(app, { ...expectOpen, total: R.edits.finalCounts.total });
    if (R.reload2.ok) {
      const c = await counts(app.page);
      const f = R.edits.finalCounts;
      R.reload2.ok = LABEL_IDS.every((l) => c[l] === f[l]) && c.total === f.total;
      if (!R.reload2.ok) R.reload2.error = `counts after reload ${JSON.stringify(c)}, before ${JSON.stringify(f)}`;
    }
    log(`  reload after edits: ${R.reload2.ok ? 'PASS' : `FAIL: ${R.reload2.error}`}`);
    await app.context.close();

    if (!opt['no-trace']) {
      log(`Chrome trace of one import and 20 edits (${elapsed()})`);
      try {
        R.trace = await traces(gen, buffer);
      } catch (err) {
        R.traceError = err.message.split('\n')[0];
        log(`  the trace failed: ${R.traceError}`);
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }

  const report = render(R, mach);
  console.log(report.terminal);
  fs.writeFileSync(opt.out, report.markdown);
  log(`wrote ${path.relative(process.cwd(), opt.out)} (${elapsed()})`);
}

// ---------------------------------------------------------------------------------------------

function render(R, mach) {
  const rows = [];
  const verdict = (ok) => (ok ? 'PASS' : 'FAIL');
  const stat = (xs, fmt) => ({ n: xs.length, median: fmt(median(xs)), p95: fmt(percentile(xs, 95)) });

  const openMs = R.opens.map((o) => o.ms);
  rows.push({ name: 'Open: import → rendered, ready for input', ...stat(openMs, fmtMs), target: '≤ 1000 ms (median)', verdict: verdict(median(openMs) <= TARGETS.open) });
  const imps = R.opens.map((o) => o.imp).filter((x) => x != null);
  if (imps.length) rows.push({ name: '  Import step (spanmark:import)', ...stat(imps, fmtMs), target: '(info)', verdict: '' });
  const names = { label: 'Label a new selection (key → painted)', delete: 'Delete annotation (key → painted)', relabel: 'Relabel annotation (key → painted)', undo: 'Undo (key → painted)' };
  for (const k of ['label', 'delete', 'relabel', 'undo']) {
    const xs = R.edits.times[k];
    const failed = R.edits.failures.filter((f) => f.kind === k).length;
    rows.push({
      name: names[k] + (failed ? ` [${failed} failed]` : ''),
      ...stat(xs, fmtMs),
      target: '≤ 16 ms (p95)',
      verdict: verdict(percentile(xs, 95) <= TARGETS.edit && !failed && xs.length >= N_EDITS),
    });
  }
  rows.push({
    name: `Find: a key in the find box → painted ("${FIND_QUERY}")` + (R.find.failures.length ? ` [${R.find.failures.length} failed]` : ''),
    ...stat(R.find.times, fmtMs),
    target: '(info)',
    verdict: '',
  });
  const saves = R.edits.saves;
  rows.push({ name: 'Autosave per edit (spanmark:save)', ...stat(saves, fmtMs), target: '≤ 5 ms (p95)', verdict: verdict(percentile(saves, 95) <= TARGETS.save) });
  rows.push({ name: 'Export (spanmark:export: JSON + download start)', ...stat(R.exports.inPage, fmtMs), target: '≤ 200 ms (median)', verdict: verdict(median(R.exports.inPage) <= TARGETS.export) });
  rows.push({ name: '  Export: click → download event (Node side)', ...stat(R.exports.toDownload, fmtMs), target: '(info)', verdict: '' });
  const mem = R.memory.map((m) => m.total);
  rows.push({ name: 'Memory after open: JS heap + Wasm memory', ...stat(mem, fmtMB), target: '≤ 200 MB (median)', verdict: verdict(median(mem) <= TARGETS.memory) });
  rows.push({ name: '  JS heap used (after GC)', ...stat(R.memory.map((m) => m.js), fmtMB), target: '(info)', verdict: '' });
  rows.push({ name: '  Wasm linear memory', ...stat(R.memory.map((m) => m.wasm), fmtMB), target: '(info)', verdict: '' });
  const appNav = R.seed.app.map((r) => r.painted);
  const staticNav = R.seed.static.map((r) => r.painted);
  rows.push({ name: 'Seed article: navigation → annotatable', ...stat(appNav, fmtMs), target: '(see ratio)', verdict: '' });
  rows.push({ name: 'Static page, same text: navigation → shown', ...stat(staticNav, fmtMs), target: '(see ratio)', verdict: '' });
  const ratio = median(appNav) / median(staticNav);
  rows.push({ name: 'Seed article ÷ static page (medians)', n: '', median: fmtX(ratio), p95: '', target: '≤ 3×', verdict: verdict(ratio <= TARGETS.seedRatio) });
  rows.push({
    name: 'Reload: 1M-code-point doc + 10,000 annotations back',
    n: 1,
    median: R.reload.ok ? fmtMs(R.reload.ms) : '—',
    p95: '',
    target: 'persists',
    verdict: verdict(R.reload.ok),
  });
  rows.push({
    name: `Reload after the edits: ${R.edits.finalCounts.total.toLocaleString('en-US')} annotations back`,
    n: 1,
    median: R.reload2.ok ? fmtMs(R.reload2.ms) : '—',
    p95: '',
    target: 'persists',
    verdict: verdict(R.reload2.ok),
  });
  const B = R.bundle;
  for (const k of ['wasm', 'js', 'css', 'html']) {
    rows.push({ name: `Bundle ${k}: gzip -9 (raw ${fmtKB(B[k].raw)})`, n: B[k].files.length, median: fmtKB(B[k].gzip), p95: '', target: '(info)', verdict: '' });
  }
  if (B.other.files.length) {
    rows.push({ name: `  Other files, not in the total (raw ${fmtKB(B.other.raw)})`, n: B.other.files.length, median: fmtKB(B.other.gzip), p95: '', target: '(info)', verdict: '' });
  }
  rows.push({ name: `Bundle total: gzip -9 (raw ${fmtKB(B.total.raw)})`, n: '', median: fmtKB(B.total.gzip), p95: '', target: '≤ 150 KB gzip', verdict: verdict(B.total.gzip <= TARGETS.bundleGzip) });

  const main = table(rows);
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const g = R.gen;
  const head = [
    `Date: ${date}; app: ${commitOf()}`,
    `Machine: ${mach.nproc} CPUs (${mach.model}), ${mach.memGB} GB RAM, Linux ${mach.kernel}; ${mach.chromiumVersion} (headless); Node ${mach.node}; load average ${mach.loadStart.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end`,
    `Document: ${g.codePoints.toLocaleString('en-US')} code points (${g.utf16Units.toLocaleString('en-US')} UTF-16 units), ${g.lines} lines (${g.paragraphs} paragraphs, ${g.crlf} CRLF), ${g.astral} astral code points, ${g.combining} combining marks, ${g.cjk} CJK; ` +
      `${g.annotations.toLocaleString('en-US')} annotations (${Object.entries(g.byLabel).map(([k, v]) => `${k} ${v}`).join(', ')}; ${g.nested} nested, ${g.overlapping} overlapping, ${g.crossLine} across lines); seed ${g.seed}`,
    `Runs: ${N_OPENS} opens, ${N_EDITS} edits of each kind, ${N_EXPORTS} exports, ${N_SEED} navigations per page (+1 warm-up each); MB/KB = 10^6/10^3 bytes`,
  ];

  // Where the time goes.
  const extra = [];
  const split = (k) => {
    const p = R.edits.parts[k];
    return `${k}: key → rAF ${fmtMs(median(p.map((x) => x[0])))} (p95 ${fmtMs(percentile(p.map((x) => x[0]), 95))}), rAF → painted ${fmtMs(median(p.map((x) => x[1])))} (p95 ${fmtMs(percentile(p.map((x) => x[1]), 95))}); edits whose change missed the first frame: ${p.filter((x) => x[2] > 0).length}; whose frame waited for the next tick of the frame clock: ${p.filter((x) => x[3]).length} of ${p.length}`;
  };
  extra.push('Edits, key → painted split at the requestAnimationFrame callback of the painting frame. Before it: the key handler (Wasm, Leptos effects, autosave) and what the browser runs ahead of animation callbacks (often style, layout and the hover hit test); after it: intersection observers, paint, commit. Medians (p95):');
  for (const k of ['label', 'delete', 'relabel', 'undo']) extra.push(`- ${split(k)}`);
  extra.push(`Open split the same way: change event → rAF ${fmtMs(median(R.opens.map((o) => o.script)))}, rAF → painted ${fmtMs(median(R.opens.map((o) => o.frame)))} (medians). DOM after open: ${R.memory[0].nodes ?? '?'} nodes; Blink heap ${fmtMB(median(R.memory.map((m) => m.embedder ?? NaN)))}.`);
  const phase = (runs, k) => fmtMs(median(runs.map((r) => r[k]).filter(Number.isFinite)));
  extra.push(
    `Seed navigation (medians): HTML received ${phase(R.seed.app, 'responseEnd')}, Wasm received ${phase(R.seed.app, 'wasmEnd')}, app started ${phase(R.seed.app, 'appStarted')}, annotatable ${phase(R.seed.app, 'painted')}; ` +
      `static page: HTML received ${phase(R.seed.static, 'responseEnd')}, DOMContentLoaded ${phase(R.seed.static, 'domContentLoaded')}, shown ${phase(R.seed.static, 'painted')}.`,
  );
  extra.push(`Autosaves recorded: ${saves.length} for ${Object.values(R.edits.times).reduce((a, x) => a + x.length, 0)} timed edits; max ${fmtMs(Math.max(...saves))}.`);
  if (R.edits.failures.length) {
    extra.push(`Failed edits (not timed): ${R.edits.failures.length}; first: ${R.edits.failures.slice(0, 3).map((f) => JSON.stringify(f)).join('; ')}`);
  }
  extra.push(`Bundle files: ${['wasm', 'js', 'css', 'html', 'other'].flatMap((k) => R.bundle[k].files).join(', ')}.`);
  if (pageErrors.size) {
    extra.push(`Page errors seen during the run (not fatal): ${[...pageErrors].map(([m, n]) => `${n}× ${m}`).join('; ')}`);
  }
  if (R.traceError) extra.push(`Chrome trace: failed (${R.traceError}).`);
  if (R.trace) {
    const t = R.trace;
    const fmtB = (b) => Object.entries(b).map(([k, v]) => `${k} ${fmtMs(v)}`).join(', ');
    extra.push(`Chrome trace, main thread self time from the change event to the painted document during one import (${fmtMs(t.open.measured)} measured, main thread busy ${fmtMs(t.open.busy)}): ${fmtB(t.open.buckets)}.`);
    extra.push(`  top events: ${t.open.top.map(([n, v]) => `${n} ${fmtMs(v)}`).join(', ')}`);
    const per = (v) => v / Math.max(1, t.edits.windows ?? t.edits.count);
    extra.push(`Chrome trace, main thread self time from key to painted, per edit (mean over ${t.edits.windows} edits, all four kinds): ${fmtB(Object.fromEntries(Object.entries(t.edits.buckets).map(([k, v]) => [k, per(v)])))}.`);
    extra.push(`  top events (per edit): ${t.edits.top.map(([n, v]) => `${n} ${fmtMs(per(v))}`).join(', ')}`);
  }

  const note =
    'Result: edits and autosave are judged on their p95, the other figures on their median. ' +
    `Each edit's target is scrolled into view and selected ${PAUSE_MS} ms before its key (--pause-ms), and the key is pressed after the page has been idle for 50 ms, so the frame that paints the edit starts as soon as the handler is done.`;
  const markdown = `# spanmark benchmark results\n\n${head.map((h) => `- ${h}`).join('\n')}\n\n${main}\n\n${note}\n\n## Where the time goes\n\n${extra.join('\n')}\n`;
  const terminal = `\n${head.join('\n')}\n\n${main}\n\n${note}\n\n${extra.join('\n')}\n`;
  return { markdown, terminal };
}

main().catch((err) => {
  console.error(`[bench] failed: ${err?.stack ?? err}`);
  process.exit(1);
});
