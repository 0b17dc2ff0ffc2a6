// Storage faults (PRODUCT.md "Bad input"; the never-lose-work issue): every fault gets a clear
// message in the page, and no annotation is ever lost — unreadable values are set aside under
// a backup key (never deleted), newer data is never overwritten, a full or disabled storage
// keeps the work in the tab and says so.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { e2eSuite } from './lib/harness.mjs';
import { readState } from './lib/dom.mjs';
import { annotate, storageDump } from './lib/actions.mjs';
import { eventually, sleep } from './lib/wait.mjs';

const { appTest } = e2eSuite();

const keysMatching = (page, re) =>
  page.evaluate((src) => {
    const r = new RegExp(src);
    const out = [];
    for (let i = 0; i < localStorage.length; i++) if (r.test(localStorage.key(i))) out.push(localStorage.key(i));
    return out.sort();
  }, re.source);
const getItem = (page, k) => page.evaluate((key) => localStorage.getItem(key), k);
const setItem = (page, k, v) => page.evaluate(([key, val]) => localStorage.setItem(key, val), [k, v]);
const saveState = (page) => page.locator('#save-state').evaluate((e) => e.childNodes[0]?.textContent ?? e.textContent);
const quotes = (s) => s.entries.map((e) => e.text);

async function twoAnnotations(page) {
  await annotate(page, 'Zelenskyy', 'actor');
  await annotate(page, 'Fastiv', 'location');
  const [bucket] = await keysMatching(page, /^spanmark:doc:.*:anns:0$/);
  assert.ok(bucket, 'the annotations are stored in an anns:0 bucket');
  return bucket;
}

appTest('an unreadable annotation bucket is set aside under a backup key, offered for download, and the app opens', async ({ t, open }) => {
  const app = await open('/');
  const { page } = app;
  const bucket = await twoAnnotations(page);
  const garbage = `${(await getItem(page, bucket)).slice(0, 25)}\u0000 truncated`;
  await setItem(page, bucket, garbage);
  await app.reload();
  const s = await readState(page);
  assert.match(s.alert, /set aside/i, 'the alert says the data was set aside');
  assert.ok(s.alert.includes(bucket), 'the alert names the unreadable key');
  t.diagnostic(`alert: ${s.alert}`);
  assert.equal(await getItem(page, bucket), null, 'the unreadable value no longer sits under its key');
  const backups = await keysMatching(page, /^spanmark:backup:/);
  assert.equal(backups.length, 1, `one backup key, found ${backups}`);
  assert.equal(await getItem(page, backups[0]), garbage, 'the backup holds the unreadable payload byte for byte');
  // The rest of the app works: the article is there and a new annotation is saved.
  assert.ok(s.articleText.includes('Zelenskyy'));
  await annotate(page, 'Kyiv', 'location');
  await eventually('the new annotation to be stored', async () => assert.ok((await getItem(page, bucket))?.includes('"location"')));
  // The set-aside payload downloads exactly.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: /Download set-aside data/ }).click(),
  ]);
  assert.equal(fs.readFileSync(await download.path(), 'utf8'), garbage);
});

appTest('a bucket with one bad annotation keeps the readable ones and sets the payload aside', async ({ open }) => {
  const app = await open('/');
  const { page } = app;
  const bucket = await twoAnnotations(page);
  const value = JSON.parse(await getItem(page, bucket));
  const fastiv = value.annotations.find((a) => a.l === 'location');
  fastiv.e = fastiv.s; // an empty span: invalid
  const tampered = JSON.stringify(value);
  await setItem(page, bucket, tampered);
  await app.reload();
  const s = await readState(page);
  assert.match(s.alert, /set aside/i);
  assert.deepEqual(quotes(s).map((q) => q.includes('Zelenskyy')), [true], `only the readable annotation is shown: ${quotes(s)}`);
  const [backup] = await keysMatching(page, /^spanmark:backup:/);
  assert.equal(await getItem(page, backup), tampered);
});

appTest('an unreadable library entry is set aside and the library rebuilt from the stored documents', async ({ open }) => {
  const app = await open('/');
  const { page } = app;
  await twoAnnotations(page);
  await setItem(page, 'spanmark:library', '{"version":1,"documents":[{"id":');
  await app.reload();
  const s = await readState(page);
  assert.match(s.alert, /set aside/i);
  assert.equal(s.entries.length, 2, `both annotations are back: ${quotes(s)}`);
  const [backup] = await keysMatching(page, /^spanmark:backup:/);
  assert.equal(await getItem(page, backup), '{"version":1,"documents":[{"id":');
  assert.ok(JSON.parse(await getItem(page, 'spanmark:library')).documents.length >= 1, 'a readable library is stored again');
});

appTest('data written by a newer version is opened read-only and never overwritten', async ({ open }) => {
  const app = await open('/');
  const { page } = app;
  const bucket = await twoAnnotations(page);
  const value = JSON.parse(await getItem(page, bucket));
  value.version = 99;
  await setItem(page, bucket, JSON.stringify(value));
  await app.reload();
  const s = await readState(page);
  assert.match(s.alert, /newer version/i, `the alert says newer: ${s.alert}`);
  const before = await storageDump(page);
  await annotate(page, 'Kyiv', 'location');
  await sleep(300);
  assert.equal(await storageDump(page), before, 'nothing stored changed after an edit in read-only mode');
  assert.match(await saveState(page), /not saved/i);
});

appTest('with storage disabled the app works in memory and says so', async ({ open }) => {
  const app = await open('/');
  const { page, context } = app;
  await context.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      get() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
  });
  await app.reload();
  const s = await readState(page);
  assert.match(s.alert, /local storage/i, `the alert explains: ${s.alert}`);
  assert.match(await saveState(page), /not saved/i);
  await annotate(page, 'Zelenskyy', 'actor');
  assert.equal((await readState(page)).entries.length, 1);
});

appTest('a full storage keeps the edit in the tab, offers an export of everything, and saves once space is back', async ({ open }) => {
  const app = await open('/');
  const { page } = app;
  await annotate(page, 'Zelenskyy', 'actor');
  // Fill the quota with other data.
  const filled = await page.evaluate(() => {
    let n = 0;
    for (let size = 1 << 20; size >= 16; size >>= 1) {
      const chunk = 'x'.repeat(size);
      for (;;) {
        try {
          localStorage.setItem(`filler:${n}`, chunk);
          n++;
        } catch {
          break;
        }
      }
    }
    return n;
  });
  assert.ok(filled > 0);
  await annotate(page, 'Fastiv', 'location');
  await eventually('the page to say the work is not saved', async () => assert.match(await saveState(page), /not saved/i));
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export everything', exact: true }).click(),
  ]);
  const rescued = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  const texts = rescued.documents.flatMap((d) => d.annotations.map((a) => a.text));
  assert.ok(texts.includes('Fastiv') && texts.includes('Zelenskyy'), `the rescue export holds both: ${texts}`);
  // Free the space: the retry stores the edit and the warning clears.
  await page.evaluate(() => {
    for (const k of Object.keys(localStorage)) if (k.startsWith('filler:')) localStorage.removeItem(k);
  });
  await eventually('the save to be retried', async () => assert.match(await saveState(page), /all changes saved/i), { timeout: 10_000 });
  await app.reload();
  assert.deepEqual((await readState(page)).entries.map((e) => e.label).sort(), ['actor', 'location']);
});
