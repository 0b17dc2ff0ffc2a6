// Notes and the annotation panel: a note typed in the side panel (key N, Ctrl+Enter, blur,
// Esc), shown on hover and in the list as text, kept on reload, exported, undone and redone;
// the label filter (toggle buttons with counts, shown/total) on the seed and on a document of
// 3,000 annotations (the list stays windowed); choosing an entry scrolls to its span and
// flashes it (reduced motion too); hovering names every covering label, three levels deep.

import assert from 'node:assert/strict';
import { e2eSuite } from './lib/harness.mjs';
import { readSeed, LABELS } from './lib/env.mjs';
import { cpFind } from './lib/text.mjs';
import { readState, assertCounts } from './lib/dom.mjs';
import { annotate, exportCurrent, importFile, storageDump } from './lib/actions.mjs';
import { eventually, sleep } from './lib/wait.mjs';

const { appTest } = e2eSuite();
const seed = readSeed();
const ZEL = cpFind(seed.text, 'Zelenskyy');
const NOTE = 'President of Ukraine <img src=x onerror="window.__pwned=1"> & <b>not bold</b>';

const noteField = (page) => page.locator('textarea#note-input');
const entry = (page, id) => page.locator(`#ann-list .ann-entry[data-id="${id}"]`);
const filter = (page, label) => page.locator(`.filters button.filter[data-label="${label}"]`);

/** The run starting at code point `o` (the first run of a span). */
const runAt = (page, o) => page.locator(`#doc .seg[data-o="${o}"]`);

/** Moves the real mouse over the run at `o`; returns the title of the element under it. */
async function hoverTitle(page, o) {
  const run = runAt(page, o);
  await run.scrollIntoViewIfNeeded();
  const box = await run.boundingBox();
  assert.ok(box, `the run at code point ${o} has no box`);
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 3];
  await page.mouse.move(x, y, { steps: 3 });
  return page.evaluate(([x, y]) => {
    const el = document.elementFromPoint(x, y);
    return { title: el?.getAttribute('title') ?? null, o: el?.getAttribute('data-o') ?? null };
  }, [x, y]);
}

async function exportedNote(page, id) {
  const { json } = await exportCurrent(page);
  const a = json.documents[0].annotations.find((x) => x.id === id);
  assert.ok(a, `annotation ${id} is not in the export: ${JSON.stringify(json.documents[0].annotations)}`);
  return a.note;
}

async function noInjection(page) {
  const injected = await page.evaluate(() => ({
    pwned: window.__pwned ?? null,
    elements: [...document.querySelectorAll('#doc img, #doc b, #ann-list img, #ann-list b, .note-box img, .note-box b')].map(
      (e) => e.outerHTML,
    ),
  }));
  assert.equal(injected.pwned, null, 'a note payload ran');
  assert.deepEqual(injected.elements, [], 'note markup became elements');
}

appTest('a note: N focuses it, Ctrl+Enter saves, hover and list show it as text, export, undo/redo, reload', async ({ open }) => {
  const app = await open('/');
  const { page } = app;
  const dialogs = [];
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });

  // N with nothing selected says what to do.
  await page.keyboard.press('n');
  await eventually('a hint to select an annotation', async () => {
    assert.match((await readState(page)).status, /Select an annotation first/);
  });
  assert.equal(await noteField(page).isVisible(), false, 'a note field is shown without a selected annotation');
  assert.equal(await page.getByRole('textbox').count(), 0, 'a text field is exposed without a selected annotation');

  await annotate(page, 'Zelenskyy', 'actor');
  const id = (await readState(page)).entries[0].id;
  // The new annotation is selected: its labelled note field is there.
  const field = page.getByRole('textbox', { name: 'Note for actor “Zelenskyy”' });
  await eventually('the note field named after the selected annotation', async () => {
    assert.equal(await field.count(), 1);
  });
  assert.equal(await field.inputValue(), '');

  await page.keyboard.press('n');
  await eventually('N focuses the note field', async () => {
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'note-input');
  });
  await page.keyboard.type(NOTE);
  // Nothing stored before the commit.
  assert.ok(!(await storageDump(page)).includes('President of Ukraine'), 'the note is stored before Ctrl+Enter');
  await page.keyboard.press('Control+Enter');
  await eventually('the note saved and focus back on the list entry', async () => {
    const s = await readState(page);
    assert.match(s.status, /Note saved/);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-id')), id);
  });

  // The list entry shows it (as text).
  await eventually('the list entry shows the note', async () => {
    const text = await entry(page, id).locator('.row-note').textContent();
    assert.ok(text.includes('President of Ukraine <img'), `row note reads ${JSON.stringify(text)}`);
  });
  // Hovering the span names the label and the note.
  const hover = await hoverTitle(page, ZEL.start);
  assert.equal(hover.o, String(ZEL.start), 'the mouse is over the annotated run');
  assert.equal(hover.title, `Actor: ${NOTE}`);
  await noInjection(page);

  // The native export download carries it.
  assert.equal(await exportedNote(page, id), NOTE);

  // Undo takes it away (from the field, the list, the hover, the export); redo brings it back.
  await page.keyboard.press('Control+z');
  await eventually('undo removes the note', async () => {
    assert.equal(await field.inputValue(), '');
    assert.equal(await entry(page, id).locator('.row-note').textContent(), '');
    assert.equal(await runAt(page, ZEL.start).getAttribute('title'), 'Actor');
  });
  assert.equal(await exportedNote(page, id), '');
  await page.keyboard.press('Control+Shift+z');
  await eventually('redo restores the note', async () => {
    assert.equal(await field.inputValue(), NOTE);
  });

  // Esc cancels an edit: nothing stored changes.
  const before = await storageDump(page);
  await page.keyboard.press('n');
  await page.keyboard.press('End');
  await page.keyboard.type(' (draft)');
  await page.keyboard.press('Escape');
  await eventually('Esc restores the stored note', async () => {
    assert.equal(await field.inputValue(), NOTE);
    assert.notEqual(await page.evaluate(() => document.activeElement?.id), 'note-input');
  });
  assert.equal(await storageDump(page), before, 'Esc changed storage');
  assert.equal((await readState(page)).entries.length, 1, 'Esc in the note field must not clear or delete anything');

  // Reload: the note is still there, in the list, on hover and in the field.
  await app.reload();
  await eventually('the note after reload', async () => {
    const text = await entry(page, id).locator('.row-note').textContent();
    assert.ok(text.includes('President of Ukraine'), text);
  });
  assert.equal((await hoverTitle(page, ZEL.start)).title, `Actor: ${NOTE}`);
  await entry(page, id).click();
  await eventually('the field shows the stored note', async () => {
    assert.equal(await field.inputValue(), NOTE);
  });
  assert.equal(await exportedNote(page, id), NOTE);

  // Leaving the field saves; a note of only spaces is no note.
  await field.fill('   \n  ');
  await page.locator('h1').click();
  await eventually('blur saves the emptied note', async () => {
    assert.match((await readState(page)).status, /Note removed/);
  });
  assert.equal(await exportedNote(page, id), '');
  await page.keyboard.press('Control+z');
  await eventually('undo brings the note back', async () => assert.equal(await field.inputValue(), NOTE));
  await noInjection(page);
  assert.deepEqual(dialogs, [], 'a dialog opened');
});

appTest('filter by label: toggle buttons with counts, shown of total, text order kept', async ({ open }) => {
  const { page } = await open('/');
  await annotate(page, 'Zelenskyy', 'actor');
  await annotate(page, 'Fastiv', 'location');
  await annotate(page, 'Kyiv', 'location');
  await annotate(page, '585 drones', 'figure');
  const all = (await readState(page)).entries;
  assert.deepEqual(all.map((e) => e.label), ['actor', 'location', 'location', 'figure'], 'entries in text order');
  assertCounts(await readState(page), { actor: 1, location: 2, figure: 1, claim: 0 });

  for (const [label, n] of [['claim', 0], ['figure', 1], ['actor', 1], ['location', 2]]) {
    const name = label[0].toUpperCase() + label.slice(1);
    const b = page.getByRole('button', { name: `Show ${name} (${n})`, exact: true });
    assert.equal(await b.count(), 1, `a button named "Show ${name} (${n})"`);
    assert.equal(await b.getAttribute('aria-pressed'), 'true');
  }
  const shown = async () => (await page.locator('.shown-count').textContent()).replace(/\s+/g, ' ').trim();
  assert.equal(await shown(), '4 of 4 shown');

  await filter(page, 'location').click();
  await eventually('locations hidden', async () => {
    const s = await readState(page);
    assert.deepEqual(s.entries.map((e) => e.label), ['actor', 'figure']);
    assert.equal(await shown(), '2 of 4 shown');
    assert.equal(await filter(page, 'location').getAttribute('aria-pressed'), 'false');
  });
  // The counts stay the label totals; the article still shows every span.
  assertCounts(await readState(page), { actor: 1, location: 2, figure: 1, claim: 0 });
  assert.equal((await readState(page)).runs.filter((r) => r.labels.includes('location')).length >= 2, true);

  // By keyboard: Space on the focused actor filter.
  await filter(page, 'actor').focus();
  await page.keyboard.press('Space');
  await eventually('actors hidden too', async () => {
    assert.deepEqual((await readState(page)).entries.map((e) => e.label), ['figure']);
    assert.equal(await shown(), '1 of 4 shown');
  });
  await filter(page, 'figure').click();
  await eventually('nothing shown', async () => {
    assert.equal((await readState(page)).entries.length, 0);
    assert.equal(await shown(), '0 of 4 shown: switch a label on above.');
  });
  for (const l of ['location', 'actor', 'figure']) await filter(page, l).click();
  await eventually('all shown again, in text order', async () => {
    const s = await readState(page);
    assert.deepEqual(s.entries.map((e) => e.id), all.map((e) => e.id));
    assert.equal(await shown(), '4 of 4 shown');
  });
  // A new annotation updates the count in the button's name.
  await annotate(page, 'Moscow', 'location');
  assert.equal(await page.getByRole('button', { name: 'Show Location (3)', exact: true }).count(), 1);
});

/** A spanmark export with `n` annotations, one per line, labels in turn. */
function bigExport(n) {
  const lines = [];
  const annotations = [];
  let at = 0;
  for (let i = 0; i < n; i++) {
    const line = `Line ${String(i).padStart(5, '0')} names someone.`;
    annotations.push({ id: `b${i}`, label: LABELS[i % 4], start: at, end: at + 10, text: line.slice(0, 10), note: i % 7 === 0 ? `note ${i}` : '' });
    lines.push(line);
    at += line.length + 1;
  }
  return {
    format: 'spanmark',
    version: 1,
    exported_at: '2026-11-26T15:04:05Z',
    offset_unit: 'codepoint',
    labels: [
      { id: 'claim', name: 'Claim', color: '#e69f00', shortcut: '1' },
      { id: 'figure', name: 'Figure', color: '#0072b2', shortcut: '2' },
      { id: 'actor', name: 'Actor', color: '#009e73', shortcut: '3' },
      { id: 'location', name: 'Location', color: '#cc79a7', shortcut: '4' },
    ],
    documents: [{ id: 'd-big', title: 'Big list', text: lines.join('\n'), meta: {}, annotations }],
  };
}

appTest('filtering 3,000 annotations keeps the list windowed and right', async ({ open }) => {
  const { page } = await open('/');
  const N = 3000;
  await importFile(page, 'big.spanmark.json', JSON.stringify(bigExport(N)));
  await eventually('the big document open', async () => {
    assert.equal((await readState(page)).h1, 'Big list');
  }, { timeout: 15_000 });
  const rows = () => page.locator('#ann-list li').count();
  assert.ok((await rows()) < 120, `the list renders ${await rows()} rows for ${N} annotations`);

  // Count the list's DOM nodes that are replaced by a filter change.
  await page.evaluate(() => {
    window.__added = 0;
    new MutationObserver((ms) => {
      for (const m of ms) window.__added += m.addedNodes.length;
    }).observe(document.getElementById('ann-list'), { childList: true, subtree: true });
  });
  await filter(page, 'claim').click();
  await filter(page, 'figure').click();
  await eventually('only actors and locations', async () => {
    const s = await readState(page);
    assert.ok(s.entries.length > 10 && s.entries.length < 120, `${s.entries.length} entries rendered`);
    assert.ok(s.entries.every((e) => e.label === 'actor' || e.label === 'location'), JSON.stringify(s.entries.slice(0, 5)));
    assert.equal(await page.locator('.shown-count').textContent(), `${N / 2} of ${N} shown`);
  });
  const added = await page.evaluate(() => window.__added);
  assert.ok(added < 1000, `${added} nodes were added to the list for two filter changes`);

  // The last shown entry is reachable: the list is as tall as the shown rows.
  await page.locator('#ann-scroll').evaluate((el) => {
    el.scrollTop = el.scrollHeight;
  });
  await eventually('the last location at the bottom', async () => {
    const s = await readState(page);
    assert.equal(s.entries.at(-1)?.id, `b${N - 1}`);
  });
  const h = await page.locator('#ann-list').evaluate((el) => el.getBoundingClientRect().height);
  assert.equal(h, (N / 2) * 34, 'the list height is the shown rows × 34 px');
  // Choosing it selects it and reveals its span, far down the article.
  await entry(page, `b${N - 1}`).click();
  await eventually('the span of the last annotation in view and flashing', async () => {
    const r = await page.locator('#doc .seg.sel').first().evaluate((el) => {
      const b = el.getBoundingClientRect();
      return { top: b.top, bottom: b.bottom, vh: innerHeight, flash: el.classList.contains('flash'), text: el.textContent };
    });
    assert.equal(r.text, `Line ${String(N - 1).padStart(5, '0')}`.slice(0, 10));
    assert.ok(r.flash, 'no .flash on the run');
    assert.ok(r.top >= 0 && r.bottom <= r.vh, `run at ${r.top}..${r.bottom}, viewport ${r.vh}`);
  });
});

appTest('choosing an entry scrolls to its span and flashes it; Enter too; reduced motion', async ({ open }) => {
  const { page } = await open('/');
  await annotate(page, 'artillery', 'claim');
  await annotate(page, 'Zelenskyy', 'actor');
  const s = await readState(page);
  const far = s.entries.find((e) => e.label === 'claim').id;
  await page.evaluate(() => window.scrollTo(0, 0));
  const runInfo = () =>
    page.locator('#doc .seg.sel').evaluateAll((els) =>
      els.map((el) => {
        const b = el.getBoundingClientRect();
        return {
          text: el.textContent,
          flash: el.classList.contains('flash'),
          top: b.top,
          bottom: b.bottom,
          vh: innerHeight,
          anim: getComputedStyle(el).animationName,
          outline: getComputedStyle(el).outlineWidth,
        };
      }),
    );
  assert.ok((await page.locator('#doc .seg[data-labels~="claim"]').first().boundingBox()).y > 900, 'test setup: "artillery" starts below the fold');

  await entry(page, far).click();
  await eventually('the span scrolled into view and flashing', async () => {
    const r = await runInfo();
    assert.equal(r.map((x) => x.text).join(''), 'artillery');
    assert.ok(r.every((x) => x.flash), `runs: ${JSON.stringify(r)}`);
    assert.ok(r.every((x) => x.top >= 0 && x.bottom <= x.vh), `not in the viewport: ${JSON.stringify(r)}`);
    assert.equal(r[0].anim, 'flash');
  });
  await eventually('the flash ends', async () => {
    assert.ok((await runInfo()).every((x) => !x.flash));
  }, { timeout: 4000 });

  // Enter on an entry does the same.
  const zel = s.entries.find((e) => e.label === 'actor').id;
  await entry(page, zel).focus();
  await page.keyboard.press('Enter');
  await eventually('Enter selects and flashes', async () => {
    const r = await runInfo();
    assert.equal(r.map((x) => x.text).join(''), 'Zelenskyy');
    assert.ok(r.every((x) => x.flash && x.top >= 0 && x.bottom <= x.vh), JSON.stringify(r));
  });

  // Under reduced motion: no animation, a plain outline instead.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await sleep(1300);
  await entry(page, far).click();
  await eventually('a still outline, no animation', async () => {
    const r = await runInfo();
    assert.ok(r.length && r.every((x) => x.flash && x.anim === 'none' && x.outline === '3px'), JSON.stringify(r));
  });
});

appTest('hovering names every covering label, three levels deep, with notes', async ({ open }) => {
  const { page } = await open('/');
  const SENT = '\u201CEnergy facilities were the main targets,\u201D Zelenskyy said, noting';
  await annotate(page, SENT, 'claim');
  await annotate(page, 'Zelenskyy said', 'location');
  await annotate(page, 'Zelenskyy', 'actor');
  const title = (await hoverTitle(page, ZEL.start)).title;
  assert.equal(title, 'Claim\nLocation\nActor');
  // "said": two levels.
  const said = cpFind(seed.text, ' said');
  assert.equal((await hoverTitle(page, said.start)).title, 'Claim\nLocation');

  // A note on the middle one shows on its line.
  const mid = (await readState(page)).entries.find((e) => e.label === 'location').id;
  await entry(page, mid).click();
  await noteField(page).fill('not a place\nsecond line');
  await page.keyboard.press('Control+Enter');
  await eventually('the hover with the middle note', async () => {
    assert.equal((await hoverTitle(page, ZEL.start)).title, 'Claim\nLocation: not a place\nsecond line\nActor');
  });
});
