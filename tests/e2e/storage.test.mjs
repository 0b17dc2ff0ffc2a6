// Local storage as the person's only copy (PRODUCT.md, "Bad input"): a corrupted entry gets
// a clear message in the page, and nothing already stored is lost or changed.

import assert from 'node:assert/strict';
import { e2eSuite } from './lib/harness.mjs';
import { readState } from './lib/dom.mjs';
import { annotate, storageDump } from './lib/actions.mjs';
import { eventually, sleep } from './lib/wait.mjs';

const { appTest } = e2eSuite();

appTest('a corrupted storage entry is reported in [role=alert] and left as it is', async ({ t, open }) => {
  const { page } = await open('/');
  await annotate(page, 'Zelenskyy', 'actor');
  const { id } = (await readState(page)).entries[0];
  // Corrupt whichever spanmark: entries hold that annotation (no assumption on key names).
  const corrupted = await eventually('the annotation to be stored under a spanmark: key', async () => {
    const keys = await page.evaluate((annId) => {
      const out = [];
      for (let i = 0; i < localStorage.length; i++) {
        const k = localStorage.key(i);
        if (k.startsWith('spanmark:') && localStorage.getItem(k).includes(annId)) out.push(k);
      }
      for (const k of out) localStorage.setItem(k, `${localStorage.getItem(k).slice(0, 20)}\u0000 not json`);
      return out;
    }, id);
    assert.ok(keys.length > 0, `no spanmark: key holds the annotation id ${id}`);
    return keys;
  });
  t.diagnostic(`corrupted: ${corrupted.join(', ')}`);
  const before = await storageDump(page);

  await page.reload();
  const alert = await eventually('a message in [role=alert] about the unreadable storage', async () => {
    const s = await readState(page);
    assert.notEqual(s.alert, '', '[role=alert] is empty after loading corrupted storage');
    return s.alert;
  }, { timeout: 10_000 });
  t.diagnostic(`alert: ${alert}`);
  await sleep(500);
  assert.equal(await storageDump(page), before, 'local storage must be left byte-identical after loading a corrupted entry');
});
