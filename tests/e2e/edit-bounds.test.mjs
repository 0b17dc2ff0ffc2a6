// Boundaries: mouse selections snap outward to whole words (Alt, or the "Snap to words"
// toggle, gives character precision without ever splitting a grapheme); the selected
// annotation's edges move by dragging its handles with a real mouse, or by the keyboard
// (Shift+←/→ its end, Ctrl+Shift+←/→ its start, Alt for one grapheme); every resize undoes.

import assert from 'node:assert/strict';
import { e2eSuite } from './lib/harness.mjs';
import { readSeed } from './lib/env.mjs';
import { cpFind } from './lib/text.mjs';
import { readState, assertSpanShown, labelSpans } from './lib/dom.mjs';
import { selectText } from './lib/select.mjs';
import { annotate, exportCurrent, importFile } from './lib/actions.mjs';
import { eventually } from './lib/wait.mjs';

const { appTest } = e2eSuite();
const seed = readSeed();
const on = (needle, label = 'actor', occurrence = 0) => ({ label, ...cpFind(seed.text, needle, occurrence) });

/** Exactly one annotation of `label` is shown, on `want`. */
async function shows(page, want, what) {
  await eventually(what, async () => {
    const s = await readState(page);
    assertSpanShown(s, want);
    assert.equal(labelSpans(s, want.label).length, 1, `one ${want.label} span expected: ${JSON.stringify(labelSpans(s, want.label))}`);
  });
}

/**
 * Viewport point inside the `index`-th code point of the `occurrence`-th `needle` in the
 * article, at `frac` of its width (0.5: its middle).
 */
async function charPoint(page, needle, index, { occurrence = 0, frac = 0.5 } = {}) {
  const p = await page.evaluate(
    ({ needle, index, occurrence, frac }) => {
      const doc = document.querySelector('article#doc');
      const walker = document.createTreeWalker(doc, NodeFilter.SHOW_TEXT);
      const nodes = [];
      let all = '';
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        nodes.push({ node: n, at: all.length });
        all += n.data;
      }
      let at = -1;
      for (let i = 0; i <= occurrence; i++) at = all.indexOf(needle, at + 1);
      if (at < 0) return { error: `${needle} not in the article` };
      const units = Array.from(needle).slice(0, index).join('').length;
      const pos = at + units;
      const len = Array.from(needle)[index].length;
      const hit = nodes.find(({ node, at }) => at <= pos && pos < at + node.data.length);
      hit.node.parentElement.scrollIntoView({ block: 'center' });
      const r = document.createRange();
      r.setStart(hit.node, pos - hit.at);
      r.setEnd(hit.node, pos - hit.at + len);
      const rect = r.getBoundingClientRect();
      return { x: rect.x + rect.width * frac, y: rect.y + rect.height / 2 };
    },
    { needle, index, occurrence, frac },
  );
  if (p.error) throw new Error(p.error);
  return p;
}

/** A point on a handle's grab bar: drawn just outside the text, left of the start edge and
 * right of the end edge (the handle element itself is zero-width, at the edge). */
async function grabPoint(page, which) {
  const box = await page.locator(`#doc .handle.handle-${which}`).boundingBox();
  assert.ok(box, `.handle-${which} has no box`);
  return { x: box.x + (which === 'start' ? -3 : 3), y: box.y + box.height / 2 };
}

/** Drags a handle (`.handle-start` / `.handle-end`) with the real mouse to a point. */
async function dragHandle(page, which, to, { alt = false, during } = {}) {
  const handle = page.locator(`#doc .handle.handle-${which}`);
  await eventually(`one .handle-${which} on the selected annotation`, async () =>
    assert.equal(await handle.count(), 1),
  );
  const from = await grabPoint(page, which);
  assert.equal(
    await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('.handle') !== null, from),
    true,
    `the pointer at the middle of .handle-${which} should hit the handle`,
  );
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 });
  await page.mouse.move(to.x, to.y, { steps: 5 });
  if (alt) await page.keyboard.down('Alt');
  if (during) await during();
  await page.mouse.up();
  if (alt) await page.keyboard.up('Alt');
}

appTest('a partial drag inside a word snaps to the whole word; with Alt it keeps character precision', async ({ open }) => {
  const { page } = await open('/');
  // "elensk" of "Zelenskyy": the selection shown grows to the whole name, and 3 labels it.
  await selectText(page, 'elensk', 0, { expect: 'Zelenskyy' });
  await page.keyboard.press('3');
  await shows(page, on('Zelenskyy'), 'the actor annotation on the whole "Zelenskyy"');
  // With Alt held at mouseup, exactly the characters dragged over.
  await selectText(page, 'iplomac', 0, { alt: true });
  await page.keyboard.press('2');
  await shows(page, on('iplomac', 'figure'), 'a figure annotation on exactly "iplomac"');
  // Across words and punctuation: both ends snap, whitespace is still trimmed.
  await selectText(page, 'rgets,\u201D Zelen', 0, { expect: 'targets,\u201D Zelenskyy' });
  await page.keyboard.press('1');
  await shows(page, on('targets,\u201D Zelenskyy', 'claim'), 'a claim on "targets,” Zelenskyy"');
});

appTest('"Snap to words" is a pressed toggle, remembered across reloads; off, drags keep characters', async ({ open }) => {
  const app = await open('/');
  const { page } = app;
  const toggle = page.getByRole('button', { name: 'Snap to words', exact: true });
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true', 'snapping is on by default');
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
  assert.equal(await page.evaluate(() => localStorage.getItem('spanmark:pref:snap')), 'chars');
  await selectText(page, 'elensk');
  await page.keyboard.press('3');
  await shows(page, on('elensk'), 'an actor annotation on exactly "elensk"');
  await app.reload();
  const again = page.getByRole('button', { name: 'Snap to words', exact: true });
  assert.equal(await again.getAttribute('aria-pressed'), 'false', 'the choice survives a reload');
  await again.click();
  assert.equal(await again.getAttribute('aria-pressed'), 'true');
  await selectText(page, 'acron', 0, { expect: 'Macron' });
});

// A document with a combining accent, an emoji with a skin tone and a precomposed letter.
const TEXT = 'The cafe\u0301 opened today.\nthanks\u{1F44D}\u{1F3FD} team, said Zo\u00EB Kowalski.';
const tfind = (needle, label = 'claim') => ({ label, ...cpFind(TEXT, needle) });

async function openTextDoc(page) {
  const file = {
    format: 'spanmark',
    version: 1,
    exported_at: '2026-01-02T12:00:00Z',
    offset_unit: 'codepoint',
    labels: [
      { id: 'claim', name: 'Claim', color: '#e69f00', shortcut: '1' },
      { id: 'figure', name: 'Figure', color: '#0072b2', shortcut: '2' },
      { id: 'actor', name: 'Actor', color: '#009e73', shortcut: '3' },
      { id: 'location', name: 'Location', color: '#cc79a7', shortcut: '4' },
    ],
    documents: [{ id: 'd-e2e-bounds', title: 'Bounds', text: TEXT, meta: {}, annotations: [] }],
  };
  await importFile(page, 'bounds.spanmark.json', JSON.stringify(file));
  await eventually('the imported document to open', async () => {
    const s = await readState(page);
    assert.equal(s.h1, 'Bounds', `status: ${s.status} alert: ${s.alert}`);
  });
}

appTest('accents and emoji: snapping takes whole words and never splits a grapheme', async ({ open }) => {
  const { page } = await open('/');
  await openTextDoc(page);
  // Inside "café" (e + combining acute): the whole word, accent included.
  await selectText(page, 'af', 0, { expect: 'cafe\u0301' });
  await page.keyboard.press('1');
  await shows(page, tfind('cafe\u0301'), 'a claim on the whole "café"');
  // Inside the word next to the emoji: the word, not the emoji.
  await selectText(page, 'hank', 0, { expect: 'thanks' });
  await page.keyboard.press('3');
  await shows(page, tfind('thanks', 'actor'), 'an actor annotation on "thanks"');
  // Alt + Shift + → grows its end by one grapheme: the emoji with its skin tone, whole.
  await page.keyboard.press('Alt+Shift+ArrowRight');
  await shows(page, tfind('thanks\u{1F44D}\u{1F3FD}', 'actor'), 'the end moved past the whole emoji (2 code points)');
  await page.keyboard.press('Alt+Shift+ArrowLeft');
  await shows(page, tfind('thanks', 'actor'), 'the end moved back before the whole emoji');
  // With Alt held, a drag keeps character precision, and the emoji stays whole.
  await selectText(page, 'ks\u{1F44D}\u{1F3FD} te', 0, { alt: true });
  await page.keyboard.press('2');
  await shows(page, tfind('ks\u{1F44D}\u{1F3FD} te', 'figure'), 'a figure on exactly "ks👍🏽 te"');
  // A precomposed ë inside a word: the word.
  await selectText(page, 'o\u00EB', 0, { expect: 'Zo\u00EB' });
  await page.keyboard.press('4');
  await shows(page, tfind('Zo\u00EB', 'location'), 'a location on "Zoë"');
});

appTest('dragging the end handle onto a later word grows the span to that word; undo and redo; stored', async ({ open }) => {
  const app = await open('/');
  const { page } = app;
  await annotate(page, 'Zelenskyy', 'actor');
  const start = page.locator('#doc .handle.handle-start');
  const end = page.locator('#doc .handle.handle-end');
  await eventually('both handles on the new (selected) annotation', async () => {
    assert.equal(await start.count(), 1);
    assert.equal(await end.count(), 1);
  });
  assert.equal(await start.getAttribute('aria-label'), 'Drag to move the start of this actor annotation');
  assert.equal(await end.getAttribute('aria-label'), 'Drag to move the end of this actor annotation');
  assert.equal(await page.getByRole('button', { name: 'Drag to move the end of this actor annotation' }).count(), 1);

  // Onto the middle of "noting" ("Zelenskyy said, noting that…").
  // While dragging, the span a drop would give is shown as the selection.
  const during = async () =>
    eventually('the drag preview as the text selection', async () =>
      assert.equal(await page.evaluate(() => window.getSelection().toString()), 'Zelenskyy said, noting'),
    );
  await dragHandle(page, 'end', await charPoint(page, 'noting', 3), { during });
  assert.equal(await page.evaluate(() => window.getSelection().toString()), '', 'no selection left after the drop');
  const grown = on('Zelenskyy said, noting');
  await shows(page, grown, 'the span grown to the end of "noting"');
  const exported = await exportCurrent(page);
  const anns = exported.json.documents[0].annotations;
  assert.equal(anns.length, 1);
  assert.deepEqual([anns[0].start, anns[0].end, anns[0].label], [grown.start, grown.end, 'actor'], 'the export has the new span');

  await page.keyboard.press('Control+z');
  await shows(page, on('Zelenskyy'), 'undo restores "Zelenskyy"');
  await page.keyboard.press('Control+y');
  await shows(page, grown, 'redo grows it again');
  await app.reload();
  await shows(page, grown, 'the resized span after a reload');
});

appTest('dragging the start handle, Alt for character precision, and drops that change nothing', async ({ open }) => {
  const { page } = await open('/');
  await annotate(page, 'Zelenskyy', 'actor');
  // The start onto the middle of "targets": the span starts with that word.
  await dragHandle(page, 'start', await charPoint(page, 'targets', 3));
  await shows(page, on('targets,\u201D Zelenskyy'), 'the start moved back to "targets"');
  // With Alt, the end lands between characters: just after the "i" of "noting".
  await dragHandle(page, 'end', await charPoint(page, 'noting', 3, { frac: 0.85 }), { alt: true });
  await shows(page, on('targets,\u201D Zelenskyy said, noti'), 'the end at character precision');
  // Dropped back where it is: nothing changes, nothing to undo beyond the two resizes.
  const before = await readState(page);
  await dragHandle(page, 'end', await grabPoint(page, 'end'), { alt: true });
  await shows(page, on('targets,\u201D Zelenskyy said, noti'), 'dropping on the same place changes nothing');
  // The end dropped before the start is refused.
  await dragHandle(page, 'end', await charPoint(page, 'main', 1));
  await shows(page, on('targets,\u201D Zelenskyy said, noti'), 'the end cannot cross the start');
  assert.match((await readState(page)).status, /must stay after its start/);
  assert.equal((await readState(page)).entries.length, before.entries.length);
  await page.keyboard.press('Control+z');
  await shows(page, on('targets,\u201D Zelenskyy'), 'one undo takes back the Alt resize');
  await page.keyboard.press('Control+z');
  await shows(page, on('Zelenskyy'), 'the next undo takes back the start move');
});

appTest('keyboard: Shift+←/→ move the end and Ctrl+Shift+←/→ the start by word, Alt by character; undo', async ({ open }) => {
  const { page } = await open('/');
  await annotate(page, 'Zelenskyy', 'actor');
  const steps = [
    ['Shift+ArrowRight', 'Zelenskyy said'],
    ['Shift+ArrowRight', 'Zelenskyy said,'],
    ['Shift+ArrowLeft', 'Zelenskyy said'],
    ['Control+Shift+ArrowLeft', '\u201D Zelenskyy said'],
    ['Control+Shift+ArrowRight', 'Zelenskyy said'],
    ['Alt+Shift+ArrowLeft', 'Zelenskyy sai'],
    ['Control+Alt+Shift+ArrowRight', 'elenskyy sai'],
  ];
  for (const [key, text] of steps) {
    await page.keyboard.press(key);
    await shows(page, on(text), `${key} → ${JSON.stringify(text)}`);
  }
  // Never empty: shrinking "elenskyy sai" by more words than it has stops at one word.
  await page.keyboard.press('Shift+ArrowLeft');
  await shows(page, on('elenskyy'), 'Shift+← shrinks to the previous word end');
  await page.keyboard.press('Shift+ArrowLeft');
  await shows(page, on('elenskyy'), 'no word end left inside: refused');
  assert.match((await readState(page)).status, /cannot move further/);
  // Each resize is one undo step.
  await page.keyboard.press('Control+z');
  await shows(page, on('elenskyy sai'), 'undo one');
  for (let i = 0; i < 7; i++) await page.keyboard.press('Control+z');
  await shows(page, on('Zelenskyy'), 'undo all resizes');
  await page.keyboard.press('Control+Shift+z');
  await shows(page, on('Zelenskyy said'), 'redo one');
});
