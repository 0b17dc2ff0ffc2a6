// Annotations from other tools: doccano JSONL (UTF-16 offsets after emoji converted to code
// points; the older "labels" key; the entities/relations variant), Label Studio JSON (code
// points, quotes checked), labels that are not ours mapped in a dialog (or dropped) before
// anything is stored, refusals that leave storage byte-identical, and a re-import of a text
// already in the library: merge, replace or keep both.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { e2eSuite } from './lib/harness.mjs';
import { readSeed } from './lib/env.mjs';
import { cpFind, cpLen, stripLineEnds } from './lib/text.mjs';
import { readState, assertSpanShown, findEntry } from './lib/dom.mjs';
import { annotate, exportCurrent, storageDump } from './lib/actions.mjs';
import { assertValidExport, assertAnnotations, assertPythonOffsets } from './lib/exportcheck.mjs';
import { eventually, sleep } from './lib/wait.mjs';
import { importFiles, dropFiles, mapLabels, labelQuestions, quietStorage, openFromLibrary, storedLibrary } from './lib/library.mjs';

const { appTest } = e2eSuite();
const seed = readSeed();

// Emoji (two UTF-16 units each) before every span, a ZWJ family, combining marks, CRLF.
const EMOJI_TEXT =
  'Rally \u{1F1FA}\u{1F1E6}\u{1F44D}\u{1F3FD} in Kyiv: \u{1F469}\u200D\u{1F469}\u200D\u{1F467} families met Zelenskyy.' +
  '\r\nSecond line e\u0301\u0301 \u6F22\u5B57 Fastiv.';
const SECOND_TEXT = 'Second record: \u{1F680} Donetsk region, said the mayor of Pokrovsk.';

/** [start, end] of a needle in UTF-16 code units: what doccano's front end counts. */
function u16(text, needle) {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `test setup: ${needle} not in text`);
  return [at, at + needle.length];
}
const span = (text, needle, label) => ({ label, ...cpFind(text, needle) });
const jsonl = (records) => `${records.map((r) => JSON.stringify(r)).join('\n')}\n`;

const DOCCANO = jsonl([
  {
    id: 1,
    text: EMOJI_TEXT,
    label: [
      [...u16(EMOJI_TEXT, 'Kyiv'), 'LOC'],
      [...u16(EMOJI_TEXT, 'Zelenskyy'), 'PER'],
      [...u16(EMOJI_TEXT, 'Fastiv'), 'LOC'],
      [...u16(EMOJI_TEXT, 'families'), 'MISC'],
    ],
    Comments: [],
  },
  {
    id: 2,
    text: SECOND_TEXT,
    label: [
      [...u16(SECOND_TEXT, 'Donetsk region'), 'GPE'],
      [...u16(SECOND_TEXT, 'Pokrovsk'), 'LOC'],
      [...u16(SECOND_TEXT, 'the mayor of Pokrovsk'), 'PER'],
    ],
  },
]);

/** Waits for storage to be quiet, runs `act`, expects an alert matching `re`, storage unchanged. */
async function assertRefused(t, page, act, re) {
  const before = await quietStorage(page);
  const { h1 } = await readState(page);
  await act();
  // (An earlier refusal's message may still be shown: wait for this one.)
  const alert = await eventually(`a message in [role=alert] matching ${re}`, async () => {
    const s = await readState(page);
    assert.match(s.alert, re);
    return s.alert;
  });
  t.diagnostic(`alert: ${alert}`);
  await sleep(400);
  assert.equal(await storageDump(page), before, 'local storage must be byte-identical after a refused import');
  assert.equal((await readState(page)).h1, h1, 'the open document does not change');
  return alert;
}

appTest('doccano JSONL: UTF-16 offsets after emoji land on the intended text; foreign labels mapped', async ({ open }) => {
  const app = await open('/');
  const { page } = app;
  await importFiles(page, [{ name: 'admin.jsonl', content: DOCCANO }]);
  // The labels that are not ours, in order of appearance, with their span counts and suggestions.
  assert.deepEqual(await labelQuestions(page), [
    { label: 'LOC', spans: 3, selected: 'location' },
    { label: 'PER', spans: 2, selected: 'actor' },
    { label: 'MISC', spans: 1, selected: '' },
    { label: 'GPE', spans: 1, selected: 'location' },
  ]);
  // Nothing is stored while the dialog is open.
  assert.equal((await storedLibrary(page)).documents.length, 1);
  await mapLabels(page, { MISC: 'claim', PER: 'actor' });

  const want = [
    span(EMOJI_TEXT, 'Kyiv', 'location'),
    span(EMOJI_TEXT, 'Zelenskyy', 'actor'),
    span(EMOJI_TEXT, 'Fastiv', 'location'),
    span(EMOJI_TEXT, 'families', 'claim'),
  ];
  assert.notEqual(want[0].start, u16(EMOJI_TEXT, 'Kyiv')[0], 'test setup: the units differ');
  await eventually('the first record open with its spans at code-point offsets', async () => {
    const s = await readState(page);
    assert.equal(s.articleText, stripLineEnds(EMOJI_TEXT));
    for (const a of want) {
      assertSpanShown(s, a);
      findEntry(s, a);
    }
    assert.match(s.status, /Imported 2 documents with 7 annotations from admin\.jsonl/);
    assert.equal(s.alert, '');
  });
  const exp = await exportCurrent(page);
  assertValidExport(exp);
  assertAnnotations(exp.json.documents[0], want);
  assert.equal(assertPythonOffsets(exp.file), 4, 'Python slices every quote');

  await openFromLibrary(page, SECOND_TEXT);
  await eventually('the second record', async () => {
    const s = await readState(page);
    assertSpanShown(s, span(SECOND_TEXT, 'Donetsk region', 'location'));
    assertSpanShown(s, span(SECOND_TEXT, 'the mayor of Pokrovsk', 'actor'));
    assertSpanShown(s, span(SECOND_TEXT, 'Pokrovsk', 'location'), { exact: false });
    assert.equal(s.entries.length, 3);
  });
  await app.reload();
  assert.equal((await readState(page)).entries.length, 3, 'stored');
});

appTest('doccano: the older "labels" key and the entities/relations variant', async ({ open }) => {
  const { page } = await open('/');
  const older = jsonl([{ data: SECOND_TEXT, labels: [[...u16(SECOND_TEXT, 'Pokrovsk'), 'location']] }]);
  const relations = jsonl([
    {
      id: 9,
      text: EMOJI_TEXT,
      entities: [
        { id: 1, label: 'Actor', start_offset: u16(EMOJI_TEXT, 'Zelenskyy')[0], end_offset: u16(EMOJI_TEXT, 'Zelenskyy')[1] },
        { id: 2, label: 'LOCATION', start_offset: u16(EMOJI_TEXT, 'Kyiv')[0], end_offset: u16(EMOJI_TEXT, 'Kyiv')[1] },
      ],
      relations: [{ id: 1, from_id: 1, to_id: 2, type: 'visited' }],
    },
  ]);
  // Our own labels in any case: no mapping dialog.
  await importFiles(page, [
    { name: 'relations.jsonl', content: relations },
    { name: 'older.jsonl', content: older },
  ]);
  await eventually('both in, the relation named as left out', async () => {
    const s = await readState(page);
    assert.match(s.status, /Imported 2 documents with 3 annotations/);
    assert.match(s.status, /1 relation left out/);
    assertSpanShown(s, span(EMOJI_TEXT, 'Zelenskyy', 'actor'));
    assertSpanShown(s, span(EMOJI_TEXT, 'Kyiv', 'location'));
  });
  assert.equal(await page.locator('dialog#label-map[open]').count(), 0);
  await openFromLibrary(page, SECOND_TEXT);
  assertSpanShown(await readState(page), span(SECOND_TEXT, 'Pokrovsk', 'location'));
});

appTest('doccano refusals: a split surrogate pair, an offset past the text; storage byte-identical', async ({ t, open }) => {
  const { page } = await open('/');
  await annotate(page, 'Zelenskyy', 'actor');
  const split = jsonl([{ text: SECOND_TEXT }, { text: '\u{1F44D} Kyiv', label: [[1, 7, 'LOC']] }]);
  const alert = await assertRefused(t, page, () => importFiles(page, [{ name: 'split.jsonl', content: split }]), /split\.jsonl/);
  assert.match(alert, /line 2/);
  assert.match(alert, /offset 1/);
  assert.match(alert, /two UTF-16 code units/);
  const past = jsonl([{ text: 'Kyiv \u{1F44D}', label: [[5, 8, 'location']] }]);
  await assertRefused(t, page, () => importFiles(page, [{ name: 'past.jsonl', content: past }]), /past the end of the text \(7 UTF-16 code units\)/);
  const classes = jsonl([{ text: 'Kyiv', label: ['positive'] }]);
  await assertRefused(t, page, () => importFiles(page, [{ name: 'classes.jsonl', content: classes }]), /classification/);
  // Dropped files are refused the same way.
  await assertRefused(t, page, () => dropFiles(page, [{ name: 'split-dropped.jsonl', content: split }]), /split-dropped\.jsonl.*offset 1/);
});

const LS_REGION = (text, needle, labels, extra = {}) => {
  const { start, end } = cpFind(text, needle);
  return { id: `r-${needle}`, from_name: 'label', to_name: 'text', type: 'labels', value: { start, end, text: needle, labels }, ...extra };
};

appTest('Label Studio JSON: code points, quotes checked, a label dropped in the dialog', async ({ open }) => {
  const { page } = await open('/');
  const tasks = [
    {
      id: 101,
      data: { text: EMOJI_TEXT },
      annotations: [
        { id: 1, was_cancelled: true, result: [LS_REGION(EMOJI_TEXT, 'Rally', ['ORG'])] },
        {
          id: 2,
          result: [
            LS_REGION(EMOJI_TEXT, 'Kyiv', ['GPE']),
            LS_REGION(EMOJI_TEXT, 'Zelenskyy', ['PERSON', 'Speaker']),
            LS_REGION(EMOJI_TEXT, 'Fastiv', ['GPE'], { meta: { text: ['a note from Label Studio'] } }),
            { from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['neutral'] } },
          ],
        },
      ],
      predictions: [{ result: [LS_REGION(EMOJI_TEXT, 'families', ['MISC'])] }],
    },
    { id: 102, data: { text: SECOND_TEXT, title: 'Pokrovsk report' } },
  ];
  await importFiles(page, [{ name: 'project-7-at-2026.json', content: JSON.stringify(tasks) }]);
  assert.deepEqual(await labelQuestions(page), [
    { label: 'GPE', spans: 2, selected: 'location' },
    { label: 'PERSON', spans: 1, selected: 'actor' },
    { label: 'Speaker', spans: 1, selected: 'actor' },
  ]);
  await mapLabels(page, { Speaker: '' });
  await eventually('the task open with its spans', async () => {
    const s = await readState(page);
    for (const a of [span(EMOJI_TEXT, 'Kyiv', 'location'), span(EMOJI_TEXT, 'Zelenskyy', 'actor'), span(EMOJI_TEXT, 'Fastiv', 'location')]) {
      assertSpanShown(s, a);
    }
    assert.equal(s.entries.length, 3, 'the cancelled annotation, the prediction and the dropped label are left out');
    assert.match(s.status, /Imported 2 documents with 3 annotations from project-7-at-2026\.json/);
    assert.match(s.status, /1 span with the dropped label “Speaker” left out/);
  });
  const exp = await exportCurrent(page);
  const fastiv = exp.json.documents[0].annotations.find((a) => a.text === 'Fastiv');
  assert.equal(fastiv.note, 'a note from Label Studio');
  assertPythonOffsets(exp.file);
  await openFromLibrary(page, 'Pokrovsk report');
  assert.equal((await readState(page)).entries.length, 0, 'a task without annotations is a document to label');
});

appTest('Label Studio refusal: a quote that does not match (UTF-16 offsets); storage byte-identical', async ({ t, open }) => {
  const { page } = await open('/');
  await annotate(page, 'Kyiv', 'location');
  const [s, e] = u16(EMOJI_TEXT, 'Zelenskyy');
  const bad = [{ data: { text: EMOJI_TEXT }, annotations: [{ result: [{ type: 'labels', value: { start: s, end: e, text: 'Zelenskyy', labels: ['PER'] } }] }] }];
  const alert = await assertRefused(t, page, () => importFiles(page, [{ name: 'ls-utf16.json', content: JSON.stringify(bad) }]), /ls-utf16\.json/);
  assert.match(alert, /task 1, annotation 1, result 1/);
  assert.match(alert, /does not match/);
  assert.match(alert, /UTF-16/);
  await assertRefused(t, page, () => importFiles(page, [{ name: 'other.json', content: '{"something": "else"}' }]), /not a file spanmark reads/);
});

appTest('the label-mapping dialog: Cancel and Escape store nothing', async ({ t, open }) => {
  const { page } = await open('/');
  await annotate(page, 'Zelenskyy', 'actor');
  const before = await quietStorage(page);
  await importFiles(page, [{ name: 'cancel-me.jsonl', content: DOCCANO }]);
  await labelQuestions(page);
  // Keyboard: the first select has the focus; change it with the keyboard, then cancel.
  await eventually('focus on the first select', async () =>
    assert.equal(await page.evaluate(() => document.activeElement?.dataset?.label ?? null), 'LOC'),
  );
  await page.keyboard.press('ArrowDown');
  await page.locator('#label-map-cancel').click();
  await page.locator('dialog#label-map[open]').waitFor({ state: 'detached' });
  const msg = await eventually('a message', async () => {
    const s = await readState(page);
    assert.match(s.alert, /cancelled; nothing was changed/);
    return s.alert;
  });
  t.diagnostic(msg);
  await sleep(300);
  assert.equal(await storageDump(page), before);

  await importFiles(page, [{ name: 'escape-me.jsonl', content: DOCCANO }]);
  await labelQuestions(page);
  await page.keyboard.press('Escape');
  await page.locator('dialog#label-map[open]').waitFor({ state: 'detached' });
  await sleep(300);
  assert.equal(await storageDump(page), before);
  assert.equal((await readState(page)).h1, seed.title);
});

const LABEL_DEFS = [
  { id: 'claim', name: 'Claim', color: '#e69f00', shortcut: '1' },
  { id: 'figure', name: 'Figure', color: '#0072b2', shortcut: '2' },
  { id: 'actor', name: 'Actor', color: '#009e73', shortcut: '3' },
  { id: 'location', name: 'Location', color: '#cc79a7', shortcut: '4' },
];
const native = (documents) =>
  JSON.stringify({ format: 'spanmark', version: 1, exported_at: '2026-01-02T12:00:00Z', offset_unit: 'codepoint', labels: LABEL_DEFS, documents });

appTest('re-import of a text already in the library: merge, replace, keep both, cancel', async ({ t, open }) => {
  const { page } = await open('/');
  const KYIV = span(EMOJI_TEXT, 'Kyiv', 'location');
  const ZEL = span(EMOJI_TEXT, 'Zelenskyy', 'actor');
  const FASTIV = span(EMOJI_TEXT, 'Fastiv', 'location');
  const CLAIM = span(EMOJI_TEXT, 'families met Zelenskyy', 'claim');
  const file = native([
    { id: 'd-rally', title: 'Emoji rally', text: EMOJI_TEXT, annotations: [{ id: 'a-kyiv', ...KYIV }, { id: 'a-zel', ...ZEL }] },
  ]);
  await importFiles(page, [{ name: 'rally.spanmark.json', content: file }]);
  await eventually('the document in', async () => assert.equal((await readState(page)).entries.length, 2));
  await annotate(page, 'Fastiv', 'location');
  await annotate(page, 'families met Zelenskyy', 'claim');

  // Cancel: nothing changes.
  const before = await quietStorage(page);
  await importFiles(page, [{ name: 'rally.spanmark.json', content: file }]);
  await page.locator('dialog#reimport[open]').waitFor();
  assert.match(await page.locator('dialog#reimport').innerText(), /“Emoji rally”: 4 annotations here, 2 annotations in the file/);
  assert.equal(
    await page.evaluate(() => document.activeElement?.id),
    'reimport-merge',
    'the choice that loses nothing has the focus',
  );
  await page.locator('#reimport-cancel').click();
  await sleep(300);
  assert.equal(await storageDump(page), before, 'cancel stores nothing');

  // Merge: the file's spans are here already; a doccano file of the same text adds one.
  const doccano = jsonl([
    { text: EMOJI_TEXT, label: [[...u16(EMOJI_TEXT, 'Kyiv'), 'location'], [...u16(EMOJI_TEXT, 'Rally'), 'claim']] },
  ]);
  await importFiles(page, [{ name: 'rally.jsonl', content: doccano }]);
  await page.locator('#reimport-merge').click();
  await eventually('one new annotation merged, no duplicates', async () => {
    const s = await readState(page);
    assert.equal(s.entries.length, 5);
    assert.match(s.status, /Merged 1 new annotation into “Emoji rally”/);
    assertSpanShown(s, span(EMOJI_TEXT, 'Rally', 'claim'));
  });
  assert.equal((await storedLibrary(page)).documents.length, 2, 'no new document');

  // Replace: the file's copy, with its two annotations, takes the place of the library's.
  await importFiles(page, [{ name: 'rally.spanmark.json', content: file }]);
  await page.locator('#reimport-replace').click();
  await eventually('the file\'s annotations only', async () => {
    const s = await readState(page);
    assert.equal(s.entries.length, 2);
    assertSpanShown(s, KYIV);
    assertSpanShown(s, ZEL);
    assert.match(s.status, /Replaced “Emoji rally”/);
  });
  const exp = await exportCurrent(page);
  assert.equal(exp.json.documents[0].id, 'd-rally');
  assertAnnotations(exp.json.documents[0], [KYIV, ZEL]);
  assert.equal((await storedLibrary(page)).documents.length, 2);

  // Keep both: a second document with the same text.
  await importFiles(page, [{ name: 'rally.spanmark.json', content: file }]);
  await page.locator('#reimport-keep').click();
  await eventually('two documents with that text', async () => {
    const lib = await storedLibrary(page);
    assert.deepEqual(lib.documents.map((d) => d.title), [seed.title, 'Emoji rally', 'Emoji rally']);
    assert.notEqual(lib.documents[1].id, lib.documents[2].id);
    assert.equal((await readState(page)).entries.length, 2);
  });
  t.diagnostic((await readState(page)).status);
  // Everything survives a reload.
  await page.reload();
  await eventually('the kept copy reopened', async () => assert.equal((await readState(page)).entries.length, 2));
  assert.equal(cpLen((await readState(page)).articleText), cpLen(stripLineEnds(EMOJI_TEXT)));
});

appTest('spanmark\'s own doccano exports (code points and UTF-16) come back the same', async ({ open }) => {
  const first = await open('/');
  const doc = {
    id: 'd-round',
    title: 'Round trip',
    text: EMOJI_TEXT,
    annotations: [
      { id: 'a1', ...span(EMOJI_TEXT, 'Kyiv', 'location') },
      { id: 'a2', ...span(EMOJI_TEXT, 'Fastiv', 'location') },
    ],
  };
  await importFiles(first.page, [{ name: 'round.spanmark.json', content: native([doc]) }]);
  await eventually('imported', async () => assert.equal((await readState(first.page)).entries.length, 2));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spanmark-doccano-'));
  const files = [];
  // The export menu's two doccano options: code points (Python) and UTF-16 (doccano's unit).
  for (const format of ['doccano', 'doccano-utf16']) {
    await first.page.locator('select#export-format').selectOption(format);
    const [d] = await Promise.all([first.page.waitForEvent('download'), first.page.getByRole('button', { name: 'Export', exact: true }).click()]);
    const file = path.join(dir, d.suggestedFilename());
    await d.saveAs(file);
    files.push({ name: d.suggestedFilename(), content: fs.readFileSync(file) });
  }
  assert.deepEqual(files.map((f) => f.name), ['round-trip.doccano.jsonl', 'round-trip.doccano-utf16.jsonl']);
  for (const f of files) {
    const { page } = await open('/');
    await importFiles(page, [f]);
    await eventually(`${f.name}: the spans where they were`, async () => {
      const s = await readState(page);
      assertSpanShown(s, span(EMOJI_TEXT, 'Kyiv', 'location'));
      assertSpanShown(s, span(EMOJI_TEXT, 'Fastiv', 'location'));
      assert.equal(s.entries.length, 2);
    });
  }
});

// Fixture files as the tools write them (tests/e2e/fixtures), with offsets written out by hand:
// the doccano file counts UTF-16 code units, so every span after the flag and the thumbs-up
// sits 2 or 4 units later than its code-point offset, and 7 after the ZWJ family too.
const FIXTURES = path.join(path.dirname(new URL(import.meta.url).pathname), 'fixtures');
const FIX_TEXT = 'Rally \u{1F1FA}\u{1F1E6} in Kyiv \u{1F44D}\u{1F3FD}: Zelenskyy met the mayor of Fastiv.\r\nThe \u{1F469}\u200D\u{1F469}\u200D\u{1F467} families counted 585 drones.';

appTest('fixture files: a doccano export with emoji, then a Label Studio export of the same text merged', async ({ open }) => {
  const { page } = await open('/');
  const read = (name) => ({ name, content: fs.readFileSync(path.join(FIXTURES, name)) });
  await importFiles(page, [read('doccano-emoji.jsonl')]);
  assert.deepEqual(await labelQuestions(page), [
    { label: 'GPE', spans: 3, selected: 'location' },
    { label: 'PER', spans: 2, selected: 'actor' },
    { label: 'CARDINAL', spans: 1, selected: 'figure' },
    { label: 'LOC', spans: 1, selected: 'location' },
  ]);
  await mapLabels(page, {});
  // doccano [14, 18] [25, 34] [52, 58] [91, 101] [39, 58] in UTF-16 units:
  const want = [
    { label: 'location', start: 12, end: 16, text: 'Kyiv' },
    { label: 'actor', start: 21, end: 30, text: 'Zelenskyy' },
    { label: 'location', start: 48, end: 54, text: 'Fastiv' },
    { label: 'figure', start: 84, end: 94, text: '585 drones' },
    { label: 'actor', start: 35, end: 54, text: 'the mayor of Fastiv' },
  ];
  await eventually('the spans at their code-point offsets', async () => {
    const s = await readState(page);
    assert.equal(s.articleText, stripLineEnds(FIX_TEXT));
    for (const a of want) assertSpanShown(s, a, { exact: false });
    assert.equal(s.entries.length, 5);
  });
  const exp = await exportCurrent(page);
  assertAnnotations(exp.json.documents[0], want);
  assertPythonOffsets(exp.file);
  await openFromLibrary(page, 'No emoji here: Pokrovsk, Donetsk region.');
  assertSpanShown(await readState(page), { label: 'location', start: 15, end: 23, text: 'Pokrovsk' });
  assertSpanShown(await readState(page), { label: 'location', start: 25, end: 39, text: 'Donetsk region' });

  // Label Studio (code points) on the same text: its "Claim" is ours; the rest is there already.
  await importFiles(page, [read('label-studio-ner.json')]);
  assert.deepEqual(await labelQuestions(page), [
    { label: 'LOC', spans: 1, selected: 'location' },
    { label: 'PER', spans: 1, selected: 'actor' },
    { label: 'QUANTITY', spans: 1, selected: 'figure' },
  ]);
  await mapLabels(page, {});
  await page.locator('dialog#reimport[open]').waitFor();
  await page.locator('#reimport-merge').click();
  await eventually('the claim merged in', async () => {
    const s = await readState(page);
    assert.match(s.status, /Merged 1 new annotation into/);
    assert.equal(s.entries.length, 6);
    assertSpanShown(s, { label: 'claim', start: 21, end: 54, text: 'Zelenskyy met the mayor of Fastiv' });
  });
});
