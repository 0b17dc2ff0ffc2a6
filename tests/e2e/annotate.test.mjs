// Annotating the seed article with a real mouse selection: keys and buttons, persistence,
// nesting, click-to-select and cycling, delete, undo/redo, relabel.

import assert from 'node:assert/strict';
import { e2eSuite } from './lib/harness.mjs';
import { readSeed, LABELS } from './lib/env.mjs';
import { cpFind, lines, stripLineEnds } from './lib/text.mjs';
import { readState, assertSpanShown, findEntry, assertCounts, labelSpans, selSpans, selText } from './lib/dom.mjs';
import { selectText, clickText } from './lib/select.mjs';
import { annotate, labelButton } from './lib/actions.mjs';
import { eventually } from './lib/wait.mjs';

const { appTest } = e2eSuite();
const seed = readSeed();
const ZEL = { label: 'actor', ...cpFind(seed.text, 'Zelenskyy') };
const KYIV = { label: 'location', ...cpFind(seed.text, 'Kyiv') };
// The first sentence, which contains the first "Zelenskyy" (and Fastiv, Kyiv, Al Jazeera).
const SENTENCE_TEXT =
  '\u201CEnergy facilities were the main targets,\u201D Zelenskyy said, noting that a drone strike had ' +
  'obliterated a railway station in Fastiv, near Kyiv, the Al Jazeera reported.';
const SENTENCE = { label: 'claim', ...cpFind(seed.text, SENTENCE_TEXT) };

const zeroCounts = Object.fromEntries(LABELS.map((l) => [l, 0]));

/** Exactly these annotations are shown: runs, list entries (in text order) and counts. */
function assertShows(state, anns) {
  for (const a of anns) {
    assertSpanShown(state, a);
    findEntry(state, a);
  }
  assert.equal(state.entries.length, anns.length, `#ann-list should have ${anns.length} entries: ${JSON.stringify(state.entries)}`);
  const counts = { ...zeroCounts };
  for (const a of anns) counts[a.label] += 1;
  assertCounts(state, counts);
}

appTest('opens on the seed article: title, date, one chunk per line, no annotations', async ({ open }) => {
  const { page } = await open('/');
  const s = await readState(page);
  assert.equal(s.h1, seed.title, 'the <h1> should show the seed title');
  assert.equal(s.time, seed.date, '<time datetime> should hold the seed date');
  assert.equal(s.articleText, stripLineEnds(seed.text), "article#doc's text should be the seed text minus line ends");
  const want = lines(seed.text);
  assert.deepEqual(
    s.chunks,
    want,
    'article#doc should hold one div.chunk per line with code-point data-o/data-e (empty lines as empty chunks)',
  );
  for (const r of s.runs) {
    assert.ok(Number.isInteger(r.o) && Number.isInteger(r.e), `run without numeric data-o/data-e: ${JSON.stringify(r)}`);
    assert.equal(r.e - r.o, Array.from(r.text).length, `run data-o/data-e do not span its text in code points: ${JSON.stringify(r)}`);
  }
  assertShows(s, []);
  for (const l of LABELS) assert.equal(await labelButton(page, l).count(), 1, `one button named ${l} expected`);
});

appTest('select "Zelenskyy" + key 3 makes an actor annotation that survives a reload', async ({ open }) => {
  const app = await open('/');
  await annotate(app.page, 'Zelenskyy', 'actor');
  await eventually('the actor annotation on "Zelenskyy" to show', async () => assertShows(await readState(app.page), [ZEL]));
  await app.reload();
  await eventually('the actor annotation to be restored after a reload', async () =>
    assertShows(await readState(app.page), [ZEL]),
  );
});

appTest('select "Kyiv" + the Location button makes a location annotation', async ({ open }) => {
  const app = await open('/');
  await annotate(app.page, 'Kyiv', 'location', { via: 'button' });
  await eventually('the location annotation on "Kyiv" to show', async () => assertShows(await readState(app.page), [KYIV]));
  await app.reload();
  await eventually('the location annotation to be restored after a reload', async () =>
    assertShows(await readState(app.page), [KYIV]),
  );
});

appTest('a selection with spaces around it is trimmed', async ({ open }) => {
  const { page } = await open('/');
  // " Zelenskyy " selected with the spaces on both sides: the annotation is on the name only.
  await annotate(page, ' Zelenskyy ', 'actor');
  await eventually('the trimmed annotation to show', async () => assertShows(await readState(page), [ZEL]));
});

appTest('nested spans: a claim over a sentence holding an actor; clicks cycle through them', async ({ open }) => {
  const { page } = await open('/');
  await annotate(page, 'Zelenskyy', 'actor');
  await annotate(page, SENTENCE_TEXT, 'claim');
  await eventually('actor and claim to show', async () => assertShows(await readState(page), [SENTENCE, ZEL]));

  const s = await readState(page);
  const zelRuns = s.runs.filter((r) => r.o >= ZEL.start && r.e <= ZEL.end);
  for (const r of zelRuns) {
    assert.ok(
      r.labels.includes('actor') && r.labels.includes('claim'),
      `the run ${JSON.stringify(r)} inside "Zelenskyy" should carry data-labels with both actor and claim`,
    );
  }
  const saidRun = s.runs.find((r) => r.o <= ZEL.end && r.e > ZEL.end);
  assert.deepEqual(saidRun?.labels, ['claim'], `the run after "Zelenskyy" should be labelled claim only: ${JSON.stringify(saidRun)}`);
  // Entries in text order: the claim starts first.
  assert.deepEqual(s.entries.map((e) => e.label), ['claim', 'actor'], 'entries should be listed in text order');

  await page.keyboard.press('Escape');
  await clickText(page, 'Zelenskyy');
  const first = await eventually('a first click on "Zelenskyy" to select the innermost annotation (actor)', async () => {
    const st = await readState(page);
    assert.equal(selText(st), 'Zelenskyy', `.sel runs read ${JSON.stringify(selText(st))}`);
    return selSpans(st);
  });
  await clickText(page, 'Zelenskyy');
  const second = await eventually('a second click at the same place to select the next annotation (the claim)', async () => {
    const st = await readState(page);
    assert.equal(selText(st), SENTENCE_TEXT, `.sel runs read ${JSON.stringify(selText(st))}`);
    return selSpans(st);
  });
  assert.notDeepEqual(first, second, 'the two clicks should select different annotations');
  await clickText(page, 'Zelenskyy');
  await eventually('a third click to cycle back to the actor', async () => {
    const st = await readState(page);
    assert.equal(selText(st), 'Zelenskyy', `.sel runs read ${JSON.stringify(selText(st))}`);
  });
  await page.keyboard.press('Escape');
  await eventually('Esc to clear the selected annotation', async () => {
    const st = await readState(page);
    assert.equal(selText(st), '', `.sel runs remain after Esc: ${JSON.stringify(selText(st))}`);
  });
});

appTest('clicking a list entry selects its annotation and scrolls it into view', async ({ open }) => {
  const { page } = await open('/');
  // A smaller window, so the article's first and last lines cannot both be in view.
  await page.setViewportSize({ width: 900, height: 600 });
  const LAST = { label: 'actor', ...cpFind(seed.text, 'Diplomacy') };
  await annotate(page, 'Diplomacy', 'actor');
  await annotate(page, 'Kyiv', 'location');
  // Visible = the run's centre is in the viewport and not covered (e.g. by a sticky header).
  const inView = () =>
    page.evaluate((o) => {
      const run = document.querySelector(`article#doc .seg[data-o="${o}"]`);
      if (!run) return 'no run';
      const r = run.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return !!hit && (hit === run || run.contains(hit));
    }, LAST.start);
  assert.equal(await inView(), false, 'test setup: the "Diplomacy" run should be out of view after annotating "Kyiv" at the top');

  const entry = findEntry(await readState(page), LAST);
  await page.locator(`#ann-list .ann-entry[data-id="${entry.id}"]`).click();
  await eventually('clicking the "Diplomacy" entry to select its runs and scroll them into view', async () => {
    const st = await readState(page);
    assert.deepEqual(selSpans(st), [{ o: LAST.start, e: LAST.end, text: 'Diplomacy' }], 'selected (.sel) runs');
    assert.equal(await inView(), true, 'the selected run should be scrolled into the viewport');
  });
  const kyiv = findEntry(await readState(page), KYIV);
  await page.locator(`#ann-list .ann-entry[data-id="${kyiv.id}"]`).click();
  await eventually('clicking the "Kyiv" entry to select it instead', async () => {
    assert.deepEqual(selSpans(await readState(page)), [{ o: KYIV.start, e: KYIV.end, text: 'Kyiv' }], 'selected (.sel) runs');
  });
  const sideList = page.locator('aside[aria-label="Annotations"] ol#ann-list');
  assert.equal(await sideList.count(), 1, 'the list should be aside[aria-label="Annotations"] ol#ann-list');
});

appTest('delete with the Delete key, Backspace and the button; undo and redo with keys and buttons', async ({ open }) => {
  const app = await open('/');
  const { page } = app;
  await annotate(page, 'Zelenskyy', 'actor');
  await annotate(page, 'Kyiv', 'location');
  const both = [ZEL, KYIV];
  const onlyKyiv = [KYIV];
  const shows = (what, anns) => eventually(what, async () => assertShows(await readState(page), anns));
  await shows('two annotations', both);

  const selectByClick = async (needle, want) => {
    await page.keyboard.press('Escape');
    await clickText(page, needle);
    await eventually(`a click on ${JSON.stringify(needle)} to select its annotation`, async () =>
      assert.equal(selText(await readState(page)), want),
    );
  };

  // Delete key
  await selectByClick('Zelenskyy', 'Zelenskyy');
  await page.keyboard.press('Delete');
  await shows('Delete to remove the selected actor', onlyKyiv);
  // Ctrl+Z / Ctrl+Shift+Z
  await page.keyboard.press('Control+z');
  await shows('Ctrl+Z to restore the actor', both);
  await page.keyboard.press('Control+Shift+Z');
  await shows('Ctrl+Shift+Z to remove it again', onlyKyiv);
  // Undo / Redo buttons
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await shows('the Undo button to restore the actor', both);
  await page.getByRole('button', { name: 'Redo', exact: true }).click();
  await shows('the Redo button to remove it again', onlyKyiv);
  await page.keyboard.press('Control+z');
  await shows('Ctrl+Z to restore the actor', both);
  // Ctrl+Y redoes too
  await page.keyboard.press('Control+y');
  await shows('Ctrl+Y to redo the delete', onlyKyiv);
  await page.keyboard.press('Control+z');
  await shows('Ctrl+Z to restore the actor', both);

  // Backspace
  await selectByClick('Kyiv', 'Kyiv');
  await page.keyboard.press('Backspace');
  await shows('Backspace to remove the selected location', [ZEL]);
  await page.keyboard.press('Control+z');
  await shows('Ctrl+Z to restore the location', both);

  // The "Delete annotation" button
  await selectByClick('Kyiv', 'Kyiv');
  await page.getByRole('button', { name: 'Delete annotation', exact: true }).click();
  await shows('the "Delete annotation" button to remove the selected location', [ZEL]);
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await shows('Undo to restore the location', both);

  // The restored state is what is stored.
  await app.reload();
  await shows('both annotations after a reload', both);
});

appTest('pressing 2 with an annotation selected and no text selection relabels it', async ({ open }) => {
  const app = await open('/');
  const { page } = app;
  await annotate(page, 'Zelenskyy', 'actor');
  await page.keyboard.press('Escape');
  await clickText(page, 'Zelenskyy');
  await eventually('a click to select the actor annotation', async () => {
    const st = await readState(page);
    assert.equal(selText(st), 'Zelenskyy');
    assert.equal(st.selection, '', `a click should leave no text selection, found ${JSON.stringify(st.selection)}`);
  });
  await page.keyboard.press('2');
  const figure = { ...ZEL, label: 'figure' };
  await eventually('key 2 to relabel the selected annotation as figure', async () => {
    const st = await readState(page);
    assertShows(st, [figure]);
    assert.deepEqual(labelSpans(st, 'actor'), [], 'no run should still carry the actor label');
  });
  await page.keyboard.press('Control+z');
  await eventually('Ctrl+Z to undo the relabel', async () => assertShows(await readState(page), [ZEL]));
  await page.keyboard.press('Control+Shift+Z');
  await eventually('Ctrl+Shift+Z to redo the relabel', async () => assertShows(await readState(page), [figure]));
  await app.reload();
  await eventually('the relabelled annotation after a reload', async () => assertShows(await readState(page), [figure]));
});

appTest('the same span with the same label is not added twice', async ({ open }) => {
  const { page } = await open('/');
  await annotate(page, 'Zelenskyy', 'actor');
  await selectText(page, 'Zelenskyy');
  await page.keyboard.press('3');
  // Give the app time to (wrongly) add a duplicate before checking.
  await page.waitForTimeout(300);
  await eventually('still exactly one actor annotation', async () => assertShows(await readState(page), [ZEL]));
});
