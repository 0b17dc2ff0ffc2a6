// Annotating with the keyboard only: arrow keys move a word-sized selection, Shift extends it,
// Alt makes it grapheme-sized, 1–4 label it, ] and [ move between annotations, which can then be
// relabelled, deleted and restored. No mouse event is sent in the keyboard-only test.

import assert from 'node:assert/strict';
import { e2eSuite } from './lib/harness.mjs';
import { readSeed } from './lib/env.mjs';
import { cpFind } from './lib/text.mjs';
import { readState, assertSpanShown, assertCounts } from './lib/dom.mjs';
import { pasteDocument } from './lib/library.mjs';
import { eventually } from './lib/wait.mjs';

const { appTest } = e2eSuite();
const seed = readSeed();

const selection = (page) => page.evaluate(() => window.getSelection().toString());

/** Presses ArrowRight until the selection is `word` (each step must select exactly one word). */
async function arrowTo(page, word, max = 40) {
  const seen = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('ArrowRight');
    const s = await selection(page);
    seen.push(s);
    assert.match(s, /^[^\s]+$/u, `ArrowRight should select one word, got ${JSON.stringify(s)} after ${JSON.stringify(seen)}`);
    if (s === word) return seen;
  }
  throw new Error(`ArrowRight never reached ${JSON.stringify(word)}: ${JSON.stringify(seen)}`);
}

const counts = (claim, figure, actor, location) => ({ claim, figure, actor, location });

appTest('a sentence annotated, navigated, relabelled, deleted and restored with the keyboard only', async ({ open }) => {
  const { page } = await open('/');
  // The first word of the text (its first line, the date, is shown above it).
  assert.deepEqual(await arrowTo(page, 'Energy'), ['Energy']);
  // Back and forth by word.
  await page.keyboard.press('ArrowRight');
  assert.equal(await selection(page), 'facilities');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await selection(page), 'Energy');
  // Shift+→ extends word by word, Shift+← shrinks.
  for (let i = 0; i < 5; i++) await page.keyboard.press('Shift+ArrowRight');
  assert.equal(await selection(page), 'Energy facilities were the main targets');
  await page.keyboard.press('Shift+ArrowLeft');
  assert.equal(await selection(page), 'Energy facilities were the main');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('1');
  const claim = { label: 'claim', ...cpFind(seed.text, 'Energy facilities were the main targets') };
  await eventually('the claim to show', async () => {
    const s = await readState(page);
    assertSpanShown(s, claim);
    assertCounts(s, counts(1, 0, 0, 0));
    assert.equal(s.entries.length, 1);
  });
  // On from the new annotation: punctuation is skipped, "Zelenskyy" is next.
  await page.keyboard.press('ArrowRight');
  assert.equal(await selection(page), 'Zelenskyy');
  await page.keyboard.press('3');
  const zel = { label: 'actor', ...cpFind(seed.text, 'Zelenskyy') };
  await eventually('the actor to show', async () => assertCounts(await readState(page), counts(1, 0, 1, 0)));

  // ] and [ walk the annotations in text order and wrap around.
  await page.keyboard.press('Escape');
  await page.keyboard.press(']');
  await eventually('] to select the first annotation', async () => {
    const s = await readState(page);
    assert.deepEqual(s.runs.filter((r) => r.sel).map((r) => r.text).join(''), 'Energy facilities were the main targets');
    assert.match(s.status, /annotation 1 of 2/);
  });
  await page.keyboard.press(']');
  await eventually('] to select the second annotation', async () => assert.match((await readState(page)).status, /Zelenskyy.*annotation 2 of 2/));
  await page.keyboard.press(']');
  await eventually('] to wrap to the first', async () => assert.match((await readState(page)).status, /annotation 1 of 2/));
  await page.keyboard.press('[');
  await eventually('[ to wrap back to the last', async () => assert.match((await readState(page)).status, /annotation 2 of 2/));

  // Edit the selected one: relabel, delete, undo.
  await page.keyboard.press('2');
  await eventually('the relabel to figure', async () => {
    const s = await readState(page);
    assertSpanShown(s, { ...zel, label: 'figure' });
    assertCounts(s, counts(1, 1, 0, 0));
  });
  await page.keyboard.press('Delete');
  await eventually('the deletion', async () => assertCounts(await readState(page), counts(1, 0, 0, 0)));
  await page.keyboard.press('Control+z');
  await eventually('the undo', async () => {
    const s = await readState(page);
    assertSpanShown(s, { ...zel, label: 'figure' });
    assertCounts(s, counts(1, 1, 0, 0));
  });
  // Still there after a reload.
  await page.reload();
  await eventually('both annotations after a reload', async () => {
    const s = await readState(page);
    assertSpanShown(s, claim);
    assertSpanShown(s, { ...zel, label: 'figure' });
  });
});

appTest('Alt steps by grapheme cluster: accents and emoji with skin tone stay whole', async ({ open }) => {
  const { page } = await open('/');
  const text = 'Cafe\u0301 👍🏽 déjà vu';
  await pasteDocument(page, text, { title: 'Graphemes' });
  await eventually('the pasted document to open', async () => assert.equal((await readState(page)).h1, 'Graphemes'));
  await page.keyboard.press('Escape');
  await page.keyboard.press('ArrowRight');
  assert.equal(await selection(page), 'Cafe\u0301');
  // One grapheme less: the e with its combining accent goes as one.
  await page.keyboard.press('Alt+Shift+ArrowLeft');
  assert.equal(await selection(page), 'Caf');
  await page.keyboard.press('4');
  await eventually('the location on "Caf"', async () =>
    assertSpanShown(await readState(page), { label: 'location', start: 0, end: 3, text: 'Caf' }),
  );
  // The emoji with its skin tone is one word stop and one grapheme.
  await page.keyboard.press('ArrowRight');
  assert.equal(await selection(page), '👍🏽');
  await page.keyboard.press('Alt+ArrowLeft');
  assert.equal(await selection(page), ' ', 'Alt+← selects the grapheme before: the space');
  await page.keyboard.press('Alt+ArrowRight');
  assert.equal(await selection(page), '👍🏽', 'Alt+→ selects the whole emoji with its skin tone');
  await page.keyboard.press('3');
  await eventually('the actor on the emoji', async () =>
    assertSpanShown(await readState(page), { label: 'actor', start: 6, end: 8, text: '👍🏽' }),
  );
});

appTest('with nothing selected, → starts at the first line shown under the sticky header, not at the top', async ({ open }) => {
  const { page } = await open('/');
  await page.setViewportSize({ width: 1000, height: 600 });
  // The fourth paragraph 20 px below the sticky header: the lines above it are out of view or
  // under the header (an empty line between paragraphs just above it).
  const want = await page.evaluate(() => {
    const paras = [...document.querySelectorAll('#doc .chunk')].filter((c) => /\p{L}/u.test(c.textContent));
    const target = paras[3];
    const headerBottom = document.querySelector('header.top').getBoundingClientRect().bottom;
    window.scrollBy(0, target.getBoundingClientRect().top - (headerBottom + 20));
    return /[\p{L}\p{N}]+/u.exec(target.textContent)[0];
  });
  const y0 = await page.evaluate(() => window.scrollY);
  assert.ok(y0 > 100, `test setup: the page should be scrolled well down, scrollY is ${y0}`);
  await page.keyboard.press('ArrowRight');
  assert.equal(await selection(page), want, 'the first word of the first line in view');
  // The page stays where it was (give or take the header's status line, which scroll anchoring
  // makes up for), and the word is in view below the header.
  const after = await page.evaluate(() => ({
    y: window.scrollY,
    word: getSelection().getRangeAt(0).getBoundingClientRect().toJSON(),
    headerBottom: document.querySelector('header.top').getBoundingClientRect().bottom,
    height: window.innerHeight,
  }));
  assert.ok(Math.abs(after.y - y0) < 40, `the page should not jump: scrollY ${y0} → ${after.y}`);
  assert.ok(after.word.top >= after.headerBottom && after.word.bottom <= after.height, `the word should be in view: ${JSON.stringify(after)}`);
});

appTest('a word → selects half under the sticky header is scrolled out from under it', async ({ open }) => {
  const { page } = await open('/');
  await page.setViewportSize({ width: 1000, height: 600 });
  // A paragraph of several lines, its first line half under the sticky header.
  const { want, hidden } = await page.evaluate(() => {
    const target = [...document.querySelectorAll('#doc .chunk')].filter((c) => c.textContent.length > 300)[1];
    const headerBottom = document.querySelector('header.top').getBoundingClientRect().bottom;
    window.scrollBy(0, target.getBoundingClientRect().top - (headerBottom - 15));
    const m = /[\p{L}\p{N}]+/u.exec(target.textContent);
    const walker = document.createTreeWalker(target, NodeFilter.SHOW_TEXT);
    const node = walker.nextNode();
    const r = document.createRange();
    r.setStart(node, node.data.indexOf(m[0]));
    r.setEnd(node, node.data.indexOf(m[0]) + m[0].length);
    return { want: m[0], hidden: r.getBoundingClientRect().top < headerBottom };
  });
  assert.ok(hidden, 'test setup: the first word should start under the header');
  await page.keyboard.press('ArrowRight');
  assert.equal(await selection(page), want, 'the first word of the paragraph at the top of the view');
  await eventually('the selected word below the header, inside the window', async () => {
    const r = await page.evaluate(() => ({
      word: getSelection().getRangeAt(0).getBoundingClientRect().toJSON(),
      headerBottom: document.querySelector('header.top').getBoundingClientRect().bottom,
      height: window.innerHeight,
    }));
    assert.ok(r.word.top >= r.headerBottom && r.word.bottom <= r.height, JSON.stringify(r));
  });
});
