// Find in the document (Ctrl+F): the find box, every match painted with the CSS Custom
// Highlight API, stepping with Enter / Shift+Enter, "Label all matches" as one undoable edit
// (checked through the list, the export and a reload), and the `?` shortcut overlay.

import assert from 'node:assert/strict';
import { e2eSuite } from './lib/harness.mjs';
import { readSeed } from './lib/env.mjs';
import { cpLen } from './lib/text.mjs';
import { readState } from './lib/dom.mjs';
import { exportCurrent, importFile } from './lib/actions.mjs';
import { assertValidExport, assertAnnotations } from './lib/exportcheck.mjs';
import { eventually } from './lib/wait.mjs';

const { appTest } = e2eSuite();
const seed = readSeed();

/** Non-overlapping occurrences of `needle` in the seed, as code point spans with the seed's text. */
function occurrences(needle, { matchCase = false } = {}) {
  const hay = matchCase ? seed.text : seed.text.toLowerCase();
  const n = matchCase ? needle : needle.toLowerCase();
  assert.equal(hay.length, seed.text.length, 'test setup: lower-casing the seed changed its length');
  const out = [];
  for (let at = hay.indexOf(n); at >= 0; at = hay.indexOf(n, at + n.length)) {
    const start = cpLen(seed.text.slice(0, at));
    out.push({ start, end: start + cpLen(n), text: seed.text.slice(at, at + n.length) });
  }
  return out;
}

const findBox = (page) => page.getByRole('searchbox', { name: 'Find in the document' });
const countLine = (page) => page.locator('#find-count');

/**
 * The ranges of a named highlight as code point spans of the article (via the runs' data-o and
 * their text nodes), with their text; null when the page has no such highlight.
 */
function highlightSpans(page, name) {
  return page.evaluate((name) => {
    const h = globalThis.CSS?.highlights?.get(name);
    if (!h) return null;
    const cp = (node, off) => {
      const run = node.nodeType === Node.TEXT_NODE ? node.parentElement : null;
      if (!run || !run.hasAttribute('data-o')) return `not in a run: ${node.nodeName}`;
      return Number(run.getAttribute('data-o')) + Array.from(node.data.slice(0, off)).length;
    };
    return [...h]
      .map((r) => ({ start: cp(r.startContainer, r.startOffset), end: cp(r.endContainer, r.endOffset), text: r.toString() }))
      .sort((a, b) => a.start - b.start);
  }, name);
}

/** Is the current match's range inside the viewport, below the sticky header? */
function currentInView(page) {
  return page.evaluate(() => {
    const h = CSS.highlights.get('find-current');
    const r = h && [...h][0];
    if (!r) return 'no current match range';
    const box = r.getBoundingClientRect();
    const header = document.querySelector('header.top')?.getBoundingClientRect().bottom ?? 0;
    return box.top >= header && box.bottom <= window.innerHeight ? true : `match at ${box.top}..${box.bottom}, header ends ${header}, viewport ${window.innerHeight}`;
  });
}

appTest('Ctrl+F focuses the find box; every match is highlighted; Enter and Shift+Enter step and scroll', async ({ open }) => {
  const { page } = await open('/');
  await page.setViewportSize({ width: 900, height: 600 });
  const want = occurrences('russia');
  assert.ok(want.length >= 5, `test setup: "russia" should occur several times in the seed, found ${want.length}`);

  // The app handles Ctrl+F (the browser's own find is prevented) and focuses the box.
  await page.evaluate(() => {
    window.addEventListener('keydown', (e) => {
      if (e.key === 'f') window.__lastFPrevented = e.defaultPrevented;
    });
  });
  await page.locator('article#doc').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+f');
  await eventually('Ctrl+F to focus the find box', async () =>
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Find in the document'),
  );
  assert.equal(await page.evaluate(() => window.__lastFPrevented), true, "Ctrl+F's default (the browser's find) should be prevented");
  assert.equal(await countLine(page).getAttribute('aria-live'), 'polite', 'the count line should be a polite live region');

  await page.keyboard.type('russia');
  await eventually(`"1 of ${want.length} matches"`, async () =>
    assert.equal((await countLine(page).textContent()).trim(), `1 of ${want.length} matches`),
  );
  const all = await highlightSpans(page, 'find');
  assert.ok(all, 'CSS.highlights has no "find" highlight (Chromium supports the Custom Highlight API)');
  assert.deepEqual(all, want, 'the "find" highlight should hold one range per match, at the matches\' code points');
  assert.deepEqual(await highlightSpans(page, 'find-current'), [want[0]], 'the current match is the first one');
  // The article's DOM is untouched: no marks inside it.
  assert.equal(await page.locator('article#doc mark').count(), 0);

  // Enter: next match, scrolled into view; on to the last, then wrapping to the first.
  for (let i = 1; i < want.length; i++) {
    await findBox(page).press('Enter');
    await eventually(`Enter to move to match ${i + 1}`, async () => {
      assert.equal((await countLine(page).textContent()).trim(), `${i + 1} of ${want.length} matches`);
      assert.deepEqual(await highlightSpans(page, 'find-current'), [want[i]]);
      assert.equal(await currentInView(page), true);
    });
  }
  assert.ok((await page.evaluate(() => window.scrollY)) > 0, 'stepping to the last match should have scrolled the page');
  await findBox(page).press('Enter');
  await eventually('Enter on the last match to wrap to the first', async () => {
    assert.equal((await countLine(page).textContent()).trim(), `1 of ${want.length} matches`);
    assert.equal(await currentInView(page), true);
  });
  await findBox(page).press('Shift+Enter');
  await eventually('Shift+Enter on the first match to wrap to the last', async () => {
    assert.equal((await countLine(page).textContent()).trim(), `${want.length} of ${want.length} matches`);
    assert.deepEqual(await highlightSpans(page, 'find-current'), [want.at(-1)]);
  });

  // Match case: the lower-case query no longer matches.
  await page.getByRole('checkbox', { name: 'Match case' }).check();
  await eventually('"No matches" with Match case on', async () => {
    assert.equal((await countLine(page).textContent()).trim(), 'No matches');
    assert.deepEqual(await highlightSpans(page, 'find'), []);
  });
  await page.getByRole('checkbox', { name: 'Match case' }).uncheck();
  await eventually('the matches back with Match case off', async () =>
    assert.equal((await highlightSpans(page, 'find')).length, want.length),
  );

  // Esc clears the search and leaves the box.
  await findBox(page).press('Escape');
  await eventually('Esc to clear the query and the highlights', async () => {
    assert.equal(await findBox(page).inputValue(), '');
    assert.deepEqual(await highlightSpans(page, 'find'), []);
    assert.notEqual(await page.evaluate(() => document.activeElement?.id), 'find-input');
  });
});

appTest('Label all matches: one edit, skips spans already labelled, one Ctrl+Z, Ctrl+Y, kept on reload', async ({ open }) => {
  const app = await open('/');
  const { page } = app;
  const want = occurrences('russia').map((o) => ({ label: 'actor', ...o }));

  await page.keyboard.press('Control+f');
  await page.keyboard.type('russia');
  await eventually('the matches to be counted', async () =>
    assert.equal((await countLine(page).textContent()).trim(), `1 of ${want.length} matches`),
  );
  await page.locator('select#find-label').selectOption('actor');
  const button = page.getByRole('button', { name: `Label all ${want.length} matches as Actor` });
  await button.click();
  await eventually(`${want.length} actor annotations listed`, async () => {
    const s = await readState(page);
    assert.equal(s.entries.length, want.length, JSON.stringify(s.entries));
    assert.ok(s.entries.every((e) => e.label === 'actor'), JSON.stringify(s.entries));
    assert.match(s.status, new RegExp(`Labelled ${want.length} matches as Actor`));
  });
  // The matches are still highlighted after the article's lines were redrawn.
  await eventually('the highlights repainted over the redrawn lines', async () =>
    assert.deepEqual(await highlightSpans(page, 'find'), want.map(({ start, end, text }) => ({ start, end, text }))),
  );

  const exp = await exportCurrent(page);
  assertValidExport(exp);
  assertAnnotations(exp.json.documents[0], want);

  // One undo removes them all; one redo brings them all back.
  await page.keyboard.press('Control+z');
  await eventually('one Ctrl+Z to remove every labelled match', async () =>
    assert.equal((await readState(page)).entries.length, 0),
  );
  await page.keyboard.press('Control+y');
  await eventually('one Ctrl+Y to bring them back', async () =>
    assert.equal((await readState(page)).entries.length, want.length),
  );
  await app.reload();
  await eventually('the labelled matches to survive a reload', async () =>
    assert.equal((await readState(page)).entries.length, want.length),
  );
  assertAnnotations((await exportCurrent(page)).json.documents[0], want);

  // Spans that already carry the label are skipped: "Energy" (case-sensitive, 1 match) first,
  // then "energy" in any case (2 matches, one of them already labelled).
  const exact = occurrences('Energy', { matchCase: true });
  const any = occurrences('energy');
  assert.ok(exact.length >= 1 && any.length > exact.length, 'test setup: "energy" should occur in two cases');
  await findBox(page).fill('Energy');
  await page.getByRole('checkbox', { name: 'Match case' }).check();
  await page.locator('select#find-label').selectOption('figure');
  await page.getByRole('button', { name: `Label all ${exact.length} match${exact.length > 1 ? 'es' : ''} as Figure` }).click();
  await eventually('the case-sensitive match labelled', async () =>
    assert.equal((await readState(page)).entries.length, want.length + exact.length),
  );
  await page.getByRole('checkbox', { name: 'Match case' }).uncheck();
  await page.getByRole('button', { name: `Label all ${any.length} matches as Figure` }).click();
  const added = any.length - exact.length;
  await eventually('only the unlabelled matches labelled, the skipped ones counted', async () => {
    const s = await readState(page);
    assert.equal(s.entries.length, want.length + any.length, JSON.stringify(s.entries));
    assert.match(s.status, new RegExp(`Labelled ${added} match(es)? as Figure; ${exact.length} already labelled Figure skipped`));
  });
  await page.keyboard.press('Control+z');
  await eventually('Ctrl+Z to undo only the second label-all', async () =>
    assert.equal((await readState(page)).entries.length, want.length + exact.length),
  );
  await page.getByRole('button', { name: `Label all ${any.length} matches as Figure` }).click();
  await page.getByRole('button', { name: `Label all ${any.length} matches as Figure` }).click();
  await eventually('a label-all with nothing left to label changes nothing', async () => {
    const s = await readState(page);
    assert.equal(s.entries.length, want.length + any.length);
    assert.match(s.status, new RegExp(`All ${any.length} matches are already labelled Figure`));
  });
});

appTest('? opens the keyboard shortcut overlay listing every shortcut; Esc closes it and focus returns', async ({ open }) => {
  const { page } = await open('/');
  const exportButton = page.getByRole('button', { name: 'Export', exact: true });
  await exportButton.focus();
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await eventually('? to open the dialog', async () => assert.equal(await dialog.isVisible(), true));
  assert.equal(
    await page.evaluate(() => document.getElementById('shortcuts-dialog')?.matches(':modal')),
    true,
    'the overlay should be a modal <dialog> (showModal)',
  );
  assert.equal(
    await page.evaluate(() => !!document.activeElement?.closest('dialog[open]')),
    true,
    'focus should move into the dialog',
  );
  const keys = await dialog.locator('table kbd').allTextContents();
  const every = ['1', '2', '3', '4', 'Delete', 'Backspace', 'Esc', 'Ctrl+Z', 'Ctrl+Shift+Z', 'Ctrl+Y', '←', '→', 'Alt+←',
    'Alt+→', 'Shift+←', 'Shift+→', ']', '[', 'Ctrl+Shift+←', 'Ctrl+Shift+→', 'Alt', 'n', 'Ctrl+F',
    'Enter', 'Shift+Enter', '?'];
  for (const k of every) assert.ok(keys.includes(k), `the overlay should list <kbd>${k}</kbd>; it lists ${JSON.stringify(keys)}`);
  const text = await dialog.textContent();
  for (const note of ['snaps to whole words', 'Alt while dragging', 'click again', 'handles']) {
    assert.ok(text.includes(note), `the overlay's mouse notes should mention ${JSON.stringify(note)}`);
  }

  await page.keyboard.press('Escape');
  await eventually('Esc to close the overlay and return focus', async () => {
    assert.equal(await dialog.isVisible(), false);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'export');
  });

  // The toolbar button opens it too; Close closes it and focus goes back to the button.
  const button = page.getByRole('button', { name: 'Keyboard shortcuts (?)' });
  await button.click();
  await eventually('the toolbar button to open the overlay', async () => assert.equal(await dialog.isVisible(), true));
  await dialog.getByRole('button', { name: 'Close' }).click();
  await eventually('Close to close the overlay and return focus', async () => {
    assert.equal(await dialog.isVisible(), false);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'shortcuts-button');
  });

  // A "?" typed into a text field is text, not the shortcut.
  await findBox(page).click();
  await page.keyboard.type('?');
  assert.equal(await findBox(page).inputValue(), '?');
  assert.equal(await dialog.isVisible(), false, '? typed in the find box must not open the overlay');
});

appTest('a long document: the matches around the view are painted, and follow scrolling and stepping', async ({ open }) => {
  const { page } = await open('/');
  await page.setViewportSize({ width: 1000, height: 700 });
  const n = 1500;
  const paras = Array.from({ length: n }, (_, i) => `Paragraph ${i + 1} says the harbour was quiet that day.`);
  await importFile(page, 'harbour-log.txt', paras.join('\n\n'));
  await eventually('the imported document to open', async () =>
    assert.equal(await page.locator('#doc .chunk').count(), 2 * n - 1),
  );

  await page.keyboard.press('Control+f');
  await page.keyboard.type('harbour');
  await eventually(`"1 of ${n} matches"`, async () =>
    assert.equal((await countLine(page).textContent()).trim(), `1 of ${n} matches`),
  );
  const first = await highlightSpans(page, 'find');
  assert.ok(first.length > 0 && first.length < n / 4, `only the matches around the view should be painted, got ${first.length} of ${n}`);
  assert.ok(first.every((r) => r.text === 'harbour'), JSON.stringify(first.slice(0, 3)));
  assert.equal((await highlightSpans(page, 'find-current'))[0].text, 'harbour');

  // The match of the first whole paragraph in view, below the sticky header, as a code point span.
  const inView = () =>
    page.evaluate(() => {
      const top = document.querySelector('header.top').getBoundingClientRect().bottom;
      for (const c of document.querySelectorAll('#doc .chunk')) {
        const r = c.getBoundingClientRect();
        const at = c.textContent.indexOf('harbour');
        if (r.top >= top && r.bottom <= window.innerHeight && at >= 0) {
          return { start: Number(c.dataset.o) + at, end: Number(c.dataset.o) + at + 7, text: 'harbour' };
        }
      }
      return null;
    });

  // Scrolling far down paints the matches that come into view.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight * 0.6));
  await eventually('the matches in view painted after scrolling', async () => {
    const want = await inView();
    assert.ok(want, 'test setup: a paragraph should be in view');
    const painted = await highlightSpans(page, 'find');
    assert.ok(painted.some((r) => r.start === want.start && r.end === want.end), `${JSON.stringify(want)} not among ${painted.length} painted`);
    assert.ok(painted.length < n / 4, `still only the matches around the view: ${painted.length}`);
  });

  // A new query starts from the view, as a browser's find does: the page stays about where it was.
  const y0 = await page.evaluate(() => window.scrollY);
  await findBox(page).fill('quiet');
  await eventually('the first match from the view on to be current', async () => {
    const line = (await countLine(page).textContent()).trim();
    const k = Number(/^(\d+) of 1500 matches$/.exec(line)?.[1]);
    assert.ok(k > n / 2 && k < n, `the current match should be past the middle, not the first: ${line}`);
    assert.equal(await currentInView(page), true);
    assert.ok(Math.abs((await page.evaluate(() => window.scrollY)) - y0) < 700, 'the page should stay about where it was');
  });
  // From the top again, the first match; Shift+Enter from it wraps to the last one, at the end.
  await page.evaluate(() => window.scrollTo(0, 0));
  await findBox(page).fill('harbour');
  await eventually('"1 of 1500" from the top', async () =>
    assert.equal((await countLine(page).textContent()).trim(), `1 of ${n} matches`),
  );
  await findBox(page).press('Shift+Enter');
  await eventually('the last match current, in view and painted', async () => {
    assert.equal((await countLine(page).textContent()).trim(), `${n} of ${n} matches`);
    const [cur] = await highlightSpans(page, 'find-current');
    assert.equal(cur.text, 'harbour');
    assert.equal(await currentInView(page), true);
    const painted = await highlightSpans(page, 'find');
    assert.ok(painted.some((r) => r.start === cur.start), `the last match should be among the ${painted.length} painted`);
  });
});
