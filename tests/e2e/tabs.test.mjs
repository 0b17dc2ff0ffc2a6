// Two tabs of the app on one origin share one local storage: an edit in one tab appears in
// the other (the `storage` event), and edits made in both are merged by annotation id —
// nothing is lost and a deletion stays deleted.

import assert from 'node:assert/strict';
import { e2eSuite, waitForApp } from './lib/harness.mjs';
import { readState } from './lib/dom.mjs';
import { annotate } from './lib/actions.mjs';
import { eventually } from './lib/wait.mjs';

const { appTest } = e2eSuite();
const quotes = async (page) => (await readState(page)).entries.map((e) => `${e.label}:${e.text}`).sort();
const shows = (list, label, word) => list.some((q) => q.startsWith(`${label}:`) && q.includes(word));

appTest('an edit in one tab appears in the other, and concurrent edits in both are merged', async ({ open }) => {
  const a = await open('/');
  const b = await a.context.newPage();
  await b.goto(a.url);
  await waitForApp(b);

  await annotate(a.page, 'Zelenskyy', 'actor');
  await eventually('tab B to show tab A’s annotation', async () => assert.ok(shows(await quotes(b), 'actor', 'Zelenskyy')));

  // Both tabs edit the same document's same bucket without reloading.
  await annotate(a.page, 'Kyiv', 'location', { amid: true });
  await annotate(b, 'Fastiv', 'location', { amid: true });
  const all = ['actor:Zelenskyy', 'location:Kyiv', 'location:Fastiv'];
  for (const [name, page] of [['A', a.page], ['B', b]]) {
    await eventually(`tab ${name} to hold all three annotations`, async () => {
      const q = await quotes(page);
      for (const want of all) assert.ok(shows(q, ...want.split(':')), `tab ${name} lacks ${want}: ${q}`);
      assert.equal(q.length, 3, `tab ${name}: ${q}`);
    });
  }

  // A deletion in B stays deleted in A, while A adds another annotation.
  const zel = (await readState(b)).entries.find((e) => e.text.includes('Zelenskyy'));
  await b.locator(`.ann-entry[data-id="${zel.id}"]`).click();
  await b.keyboard.press('Delete');
  await annotate(a.page, 'Al Jazeera', 'actor', { amid: true });
  for (const [name, page] of [['A', a.page], ['B', b]]) {
    await eventually(`tab ${name} to drop the deleted annotation and keep the new one`, async () => {
      const q = await quotes(page);
      assert.ok(!shows(q, 'actor', 'Zelenskyy'), `tab ${name} still shows the deleted annotation: ${q}`);
      assert.ok(shows(q, 'actor', 'Al Jazeera'), `tab ${name} lacks Al Jazeera: ${q}`);
      assert.equal(q.length, 3, `tab ${name}: ${q}`);
    });
  }
  // What is stored agrees: a fresh tab sees the same three.
  const c = await a.context.newPage();
  await c.goto(a.url);
  await waitForApp(c);
  assert.deepEqual(await quotes(c), await quotes(a.page));
});
