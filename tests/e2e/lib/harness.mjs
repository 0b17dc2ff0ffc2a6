// Test harness: one static server and one headless Chromium per test file, a fresh browser
// context (so fresh local storage) for every app the test opens, and browser diagnostics
// (console errors, page errors, failed requests, a screenshot) printed when a test fails.
//
//   const { appTest } = e2eSuite();
//   appTest('does something', async ({ open }) => {
//     const app = await open('/');          // page ready: article#doc rendered
//     ...
//   });

import { test, before, after } from 'node:test';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';
import { distDir, CHROMIUM, ARTIFACTS_DIR } from './env.mjs';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const READY_TIMEOUT = 20_000;

/** Waits until the app has rendered the document (a run of text in article#doc). */
export async function waitForApp(page, diag) {
  try {
    await page.waitForFunction(() => document.querySelector('article#doc .chunk .seg') !== null, null, {
      timeout: READY_TIMEOUT,
    });
  } catch (err) {
    throw new Error(
      `The app did not render: no "article#doc .chunk .seg" within ${READY_TIMEOUT} ms at ${page.url()}.` +
        (diag ? `\n${summarise(diag)}` : ''),
      { cause: err },
    );
  }
}

function summarise(diag) {
  const lines = [];
  const add = (title, list) => {
    if (list.length) lines.push(`${title}:`, ...list.slice(0, 20).map((l) => `  ${l}`));
  };
  add('page errors', diag.pageErrors);
  add('console errors', diag.console);
  add('failed or non-2xx requests', diag.badRequests);
  return lines.length ? lines.join('\n') : 'no console errors, page errors or failed requests were seen';
}

/**
 * Registers the before/after hooks of a test file and returns `appTest`.
 * @param {{mounts?: (dist: string) => Record<string, string>}} [options]
 *   URL prefix -> directory; default serves dist at / and at /tools/spanmark/.
 */
export function e2eSuite({ mounts } = {}) {
  const shared = { server: null, browser: null };

  before(async () => {
    const dist = distDir();
    shared.server = await serve(mounts ? mounts(dist) : { '/': dist, '/tools/spanmark/': dist });
    if (!fs.existsSync(CHROMIUM)) {
      throw new Error(`Chromium is not at ${CHROMIUM} (apt-get install chromium, or set SPANMARK_CHROMIUM)`);
    }
    shared.browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  });

  after(async () => {
    await shared.browser?.close();
    await shared.server?.close();
  });

  /**
   * A test that may open the app. `fn` gets { t, open, server }.
   * open(urlPath = '/', { ready = true, serviceWorkers = 'block' }) -> { context, page, diag, reload() }.
   * Service workers are blocked unless a test asks for them ('allow'), so the other tests
   * always talk to the server.
   */
  function appTest(name, fn, options = {}) {
    test(name, { timeout: 180_000, ...options }, async (t) => {
      const opened = [];
      const open = async (urlPath = '/', { ready = true, serviceWorkers = 'block' } = {}) => {
        const context = await shared.browser.newContext({
          viewport: { width: 1280, height: 900 },
          acceptDownloads: true,
          serviceWorkers,
        });
        context.setDefaultTimeout(10_000);
        const page = await context.newPage();
        const diag = { console: [], pageErrors: [], badRequests: [], requests: [] };
        page.on('console', (m) => {
          if (m.type() === 'error' || m.type() === 'warning') diag.console.push(`[${m.type()}] ${m.text()}`);
        });
        page.on('pageerror', (e) => diag.pageErrors.push(String(e?.stack ?? e)));
        page.on('request', (r) => diag.requests.push(r.url()));
        page.on('requestfailed', (r) => diag.badRequests.push(`${r.url()} ${r.failure()?.errorText ?? ''}`));
        page.on('response', (r) => {
          if (r.status() >= 400) diag.badRequests.push(`${r.url()} HTTP ${r.status()}`);
        });
        const app = {
          context,
          page,
          diag,
          url: shared.server.url(urlPath),
          reload: async () => {
            await page.reload();
            await waitForApp(page, diag);
          },
        };
        opened.push(app);
        await page.goto(app.url);
        if (ready) await waitForApp(page, diag);
        return app;
      };

      try {
        await fn({ t, open, server: shared.server });
      } catch (err) {
        fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
        const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80);
        for (const [i, app] of opened.entries()) {
          const shot = path.join(ARTIFACTS_DIR, `${slug}-${i}.png`);
          try {
            await app.page.screenshot({ path: shot, fullPage: true, timeout: 5000 });
            t.diagnostic(`screenshot of app #${i}: ${shot}`);
          } catch {
            /* page may be gone */
          }
          for (const line of summarise(app.diag).split('\n')) t.diagnostic(`app #${i} ${line}`);
        }
        throw err;
      } finally {
        for (const app of opened) await app.context.close().catch(() => {});
      }
    });
  }

  return { appTest, shared };
}
