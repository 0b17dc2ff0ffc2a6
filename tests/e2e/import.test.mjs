// Import of native files through input#import-file: a document with emoji, combining marks,
// CJK, right-to-left scripts and CRLF line ends (offsets must stay code points end to end),
// the export -> import -> export round trip, and refusal of bad files without touching storage.

import assert from 'node:assert/strict';
import { e2eSuite } from './lib/harness.mjs';
import { readSeed, SEED_FILENAME } from './lib/env.mjs';
import { cpFind, cpSlice, cpLen, lines, stripLineEnds } from './lib/text.mjs';
import { readState, assertSpanShown, findEntry } from './lib/dom.mjs';
import { annotate, exportCurrent, importFile, storageDump } from './lib/actions.mjs';
import { assertValidExport, assertAnnotations, assertPythonOffsets } from './lib/exportcheck.mjs';
import { eventually, sleep } from './lib/wait.mjs';

const { appTest } = e2eSuite();
const seed = readSeed();

// "Rally 🇺🇦👍🏽 in Kyiv: 👩‍👩‍👧 families met Zelenskyy.\r\nSecond line é́ 漢字 שלום مرحبا Fastiv."
const EMOJI_TEXT =
  'Rally \u{1F1FA}\u{1F1E6}\u{1F44D}\u{1F3FD} in Kyiv: \u{1F469}\u200D\u{1F469}\u200D\u{1F467} families met Zelenskyy.' +
  '\r\nSecond line e\u0301\u0301 \u6F22\u5B57 \u05E9\u05DC\u05D5\u05DD \u0645\u0631\u062D\u0628\u0627 Fastiv.';
// Counted by hand, in code points: "Rally " 0-5, flag 6-7, thumbs + skin tone 8-9, " in " 10-13,
// Kyiv 14-17, ": " 18-19, family (3 people + 2 ZWJ) 20-24, " families met " 25-38,
// Zelenskyy 39-47, "." 48, CR LF 49-50, "Second line " 51-62, e + 2 combining marks 63-65,
// " " 66, 漢字 67-68, " " 69, שלום 70-73, " " 74, مرحبا 75-79, " " 80, Fastiv 81-86, "." 87.
const EMOJI_LEN = 88;
const KYIV = { label: 'location', start: 14, end: 18, text: 'Kyiv' };
const ZEL = { label: 'actor', start: 39, end: 48, text: 'Zelenskyy' };
const FASTIV = { label: 'location', start: 81, end: 87, text: 'Fastiv' };
// The same words in UTF-16 code units (what a JavaScript indexOf gives): a wrong unit.
const ZEL_UTF16 = { start: 46, end: 55 };

const LABEL_DEFS = [
  { id: 'claim', name: 'Claim', color: '#e69f00', shortcut: '1' },
  { id: 'figure', name: 'Figure', color: '#0072b2', shortcut: '2' },
  { id: 'actor', name: 'Actor', color: '#009e73', shortcut: '3' },
  { id: 'location', name: 'Location', color: '#cc79a7', shortcut: '4' },
];

const EMOJI_DOC = {
  id: 'd-e2e-emoji',
  title: 'Emoji rally',
  text: EMOJI_TEXT,
  meta: { date: '2026-01-02', source: 'e2e' },
  annotations: [{ id: 'a-e2e-kyiv', ...KYIV, note: 'pre-existing', created_at: '2026-01-02T10:00:00Z' }],
};

function nativeFile(documents, over = {}) {
  return {
    format: 'spanmark',
    version: 1,
    exported_at: '2026-01-02T12:00:00Z',
    offset_unit: 'codepoint',
    labels: LABEL_DEFS,
    documents,
    ...over,
  };
}
const asFile = (obj) => JSON.stringify(obj, null, 2);

/** Waits until the app shows `doc` (title in h1, text in the article, chunks per line). */
async function assertOpened(page, doc) {
  await eventually(`the document ${JSON.stringify(doc.title)} to be open`, async () => {
    const s = await readState(page);
    assert.equal(s.h1, doc.title, 'h1 should show the open document title');
    assert.equal(s.articleText, stripLineEnds(doc.text), "article#doc's text should be the document's minus line ends");
    assert.deepEqual(s.chunks, lines(doc.text), 'one div.chunk per line with code-point data-o/data-e');
    assert.ok(s.docSelect, 'there is no select#doc-select');
    assert.match(s.docSelect.selectedText ?? '', new RegExp(escapeRe(doc.title)), 'select#doc-select should show the open document');
  });
}
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

appTest('self-check: the hand-counted offsets are code points and differ from UTF-16 ones', () => {
  assert.equal(cpLen(EMOJI_TEXT), EMOJI_LEN);
  for (const a of [KYIV, ZEL, FASTIV]) {
    assert.equal(cpSlice(EMOJI_TEXT, a.start, a.end), a.text);
    assert.deepEqual(cpFind(EMOJI_TEXT, a.text), { start: a.start, end: a.end, text: a.text });
  }
  assert.equal(EMOJI_TEXT.indexOf('Zelenskyy'), ZEL_UTF16.start);
  assert.notEqual(cpSlice(EMOJI_TEXT, ZEL_UTF16.start, ZEL_UTF16.end), 'Zelenskyy');
  assert.equal(EMOJI_TEXT.indexOf('Fastiv'), 88, 'UTF-16 index of Fastiv');
});

appTest('imports a document with emoji, CRLF and RTL text; new spans get code-point offsets', async ({ open }) => {
  const app = await open('/');
  const { page } = app;
  const input = page.locator('input#import-file');
  assert.equal(await input.getAttribute('type'), 'file');
  assert.match((await input.getAttribute('accept')) ?? '', /\.json/, 'input#import-file should accept .json');

  await importFile(page, 'emoji-rally.spanmark.json', asFile(nativeFile([EMOJI_DOC])));
  await assertOpened(page, EMOJI_DOC);
  await eventually('the imported annotation and a confirmation', async () => {
    const s = await readState(page);
    assertSpanShown(s, KYIV);
    findEntry(s, KYIV);
    assert.equal(s.entries.length, 1, `one annotation expected: ${JSON.stringify(s.entries)}`);
    assert.notEqual(s.status, '', 'a confirmation should appear in [role=status]');
    assert.equal(s.alert, '', `no alert expected after a good import, got ${JSON.stringify(s.alert)}`);
    const titles = s.docSelect.options.map((o) => o.text).join(' | ');
    assert.match(titles, new RegExp(escapeRe(seed.title)), 'the seed stays in the library');
    assert.match(titles, /Emoji rally/, 'the imported document is in the library');
  });

  await annotate(page, 'Zelenskyy', 'actor');
  await annotate(page, 'Fastiv', 'location');
  await eventually('the new spans with code-point data-o/data-e', async () => {
    const s = await readState(page);
    for (const a of [KYIV, ZEL, FASTIV]) {
      assertSpanShown(s, a);
      findEntry(s, a);
    }
  });

  const exp = await exportCurrent(page);
  assert.equal(exp.filename, 'emoji-rally.spanmark.json');
  assertValidExport(exp);
  assert.equal(exp.json.documents.length, 1);
  const [doc] = exp.json.documents;
  assert.equal(doc.text, EMOJI_TEXT, 'the text must come back byte for byte (CRLF, combining marks, emoji)');
  assert.equal(doc.title, EMOJI_DOC.title);
  assert.deepEqual(doc.meta, EMOJI_DOC.meta);
  assertAnnotations(doc, [KYIV, ZEL, FASTIV]);
  for (const a of doc.annotations) {
    assert.equal(Array.from(doc.text).slice(a.start, a.end).join(''), a.text, `code-point slice of ${JSON.stringify(a)}`);
  }
  const kyiv = doc.annotations.find((a) => a.start === KYIV.start);
  assert.equal(kyiv.id, 'a-e2e-kyiv', 'the imported annotation keeps its id');
  assert.equal(kyiv.note, 'pre-existing', 'the imported annotation keeps its note');
  assert.equal(assertPythonOffsets(exp.file), 3);

  // The open document and its annotations survive a reload.
  await app.reload();
  await assertOpened(page, EMOJI_DOC);
  await eventually('three annotations after a reload', async () => {
    const s = await readState(page);
    for (const a of [KYIV, ZEL, FASTIV]) assertSpanShown(s, a);
    assert.equal(s.entries.length, 3);
  });

  // Switching documents with select#doc-select.
  const seedOption = (await readState(page)).docSelect.options.find((o) => o.text.includes(seed.title));
  await page.locator('select#doc-select').selectOption(seedOption.value);
  await assertOpened(page, seed);
  await eventually('the seed to have no annotations', async () => assert.equal((await readState(page)).entries.length, 0));
  const emojiOption = (await readState(page)).docSelect.options.find((o) => o.text.includes(EMOJI_DOC.title));
  await page.locator('select#doc-select').selectOption(emojiOption.value);
  await assertOpened(page, EMOJI_DOC);
  await eventually('the emoji document to keep its three annotations', async () =>
    assert.equal((await readState(page)).entries.length, 3),
  );
});

appTest('a file with two documents adds both and opens the first', async ({ open }) => {
  const { page } = await open('/');
  const one = { id: 'd-one', title: 'Doc one', text: 'Alpha Kyiv beta.', meta: {}, annotations: [] };
  const two = {
    id: 'd-two',
    title: 'Doc two',
    text: 'Gamma \u{1F600} Fastiv.\nDelta.',
    annotations: [{ id: 'a-two', label: 'location', start: 8, end: 14, text: 'Fastiv' }],
  };
  await importFile(page, 'two.spanmark.json', asFile(nativeFile([one, two])));
  await assertOpened(page, one);
  const s = await readState(page);
  const titles = s.docSelect.options.map((o) => o.text);
  for (const t of [seed.title, 'Doc one', 'Doc two']) {
    assert.ok(titles.some((x) => x.includes(t)), `select#doc-select should list ${t}: ${JSON.stringify(titles)}`);
  }
  await page.locator('select#doc-select').selectOption(s.docSelect.options.find((o) => o.text.includes('Doc two')).value);
  await assertOpened(page, two);
  await eventually('Doc two to show its annotation', async () =>
    assertSpanShown(await readState(page), { label: 'location', start: 8, end: 14, text: 'Fastiv' }),
  );
});

appTest('text is text: markup in an imported document and title is shown as characters', async ({ open }) => {
  const { page } = await open('/');
  const doc = {
    id: 'd-markup',
    title: '<i>Markup</i> & title',
    text: '<script>window.__pwned = 1</script> <b>bold</b> &amp; <img src=x onerror="window.__pwned = 2">\nKyiv',
    annotations: [{ id: 'a-b', label: 'claim', start: 36, end: 47, text: '<b>bold</b>' }],
  };
  await importFile(page, 'markup.spanmark.json', asFile(nativeFile([doc])));
  await assertOpened(page, doc);
  const found = await page.evaluate(() => ({
    elements: [...document.querySelectorAll('article#doc script, article#doc b, article#doc img, h1 i')].map((e) => e.tagName),
    pwned: window.__pwned ?? null,
  }));
  assert.deepEqual(found, { elements: [], pwned: null }, 'markup in the text must not become elements or run');
  await eventually('the annotation over "<b>bold</b>"', async () =>
    assertSpanShown(await readState(page), { label: 'claim', start: 36, end: 47, text: '<b>bold</b>' }),
  );
});

appTest('round trip: export, import into a fresh browser, export again gives the same JSON', async ({ open }) => {
  // A: the seed with nested and overlapping spans, exported from one browser.
  const first = await open('/');
  await annotate(first.page, 'Zelenskyy', 'actor');
  await annotate(first.page, 'Kyiv', 'location');
  await annotate(first.page, 'Zelenskyy said, noting that a drone strike', 'claim');
  await annotate(first.page, 'drone strike had obliterated', 'claim');
  await annotate(first.page, '585 drones', 'figure');
  const a = await exportCurrent(first.page);
  assert.equal(a.filename, SEED_FILENAME);
  assertValidExport(a);
  assert.equal(a.json.documents[0].annotations.length, 5);

  // B: A imported into a fresh browser (fresh local storage), exported again.
  const second = await open('/');
  await importFile(second.page, a.filename, a.raw);
  // The fresh browser holds the seed article already (same text): the file's copy replaces it.
  await second.page.locator('dialog#reimport[open]').waitFor();
  await second.page.locator('#reimport-replace').click();
  await eventually('the imported annotations to show', async () =>
    assert.equal((await readState(second.page)).entries.length, 5),
  );
  await assertOpened(second.page, seed);
  const b = await exportCurrent(second.page);
  assert.equal(b.filename, a.filename);
  assertValidExport(b);
  const strip = ({ exported_at, ...rest }) => rest;
  assert.deepEqual(strip(b.json), strip(a.json), 'export -> import -> export must give the same JSON apart from exported_at');
});

appTest('round trip of a document with emoji and CRLF', async ({ open }) => {
  const first = await open('/');
  await importFile(first.page, 'emoji.spanmark.json', asFile(nativeFile([EMOJI_DOC])));
  await assertOpened(first.page, EMOJI_DOC);
  await annotate(first.page, 'Zelenskyy', 'actor');
  await annotate(first.page, 'Fastiv', 'location');
  await annotate(first.page, 'families met Zelenskyy', 'claim');
  const a = await exportCurrent(first.page);
  assertValidExport(a);

  const second = await open('/');
  await importFile(second.page, a.filename, a.raw);
  await assertOpened(second.page, EMOJI_DOC);
  const b = await exportCurrent(second.page);
  assertValidExport(b);
  const strip = ({ exported_at, ...rest }) => rest;
  assert.deepEqual(strip(b.json), strip(a.json), 'export -> import -> export must give the same JSON apart from exported_at');
});

// Bad files: each is refused with a message naming the problem, and local storage is left
// byte for byte as it was.
const emojiWith = (annotations) => ({ ...EMOJI_DOC, annotations });
const BAD = [
  { name: 'not JSON', content: 'this is not JSON {"format": "spanmark"', mention: /json/i },
  { name: 'a file of another format', content: asFile(nativeFile([EMOJI_DOC], { format: 'other' })), mention: /format|spanmark/i },
  { name: 'version 2 (newer than the app)', content: asFile(nativeFile([EMOJI_DOC], { version: 2 })), mention: /newer|more recent|later/i },
  {
    name: 'offsets in UTF-16 units (quote mismatch)',
    content: asFile(nativeFile([emojiWith([{ id: 'a-utf16', label: 'actor', ...ZEL_UTF16, text: 'Zelenskyy' }])])),
    mention: /(?=[\s\S]*(a-utf16|Zelenskyy|annotation))(?=[\s\S]*(match|quote|offset|text))/i,
  },
  {
    name: 'an annotation ending past the text',
    content: asFile(nativeFile([emojiWith([{ id: 'a-long', label: 'location', start: 81, end: 95, text: 'Fastiv.' }])])),
    mention: /(?=[\s\S]*(a-long|Fastiv|annotation))(?=[\s\S]*(end|length|beyond|past|outside|range|offset|long))/i,
  },
  {
    name: 'a duplicate (start, end, label)',
    content: asFile(
      nativeFile([
        emojiWith([
          { id: 'a-dup-1', ...KYIV },
          { id: 'a-dup-2', ...KYIV },
        ]),
      ]),
    ),
    mention: /duplicate|twice|same|repeat|second/i,
  },
  {
    name: 'a good first document and a bad second one (refused as a whole)',
    content: asFile(
      nativeFile([
        { ...EMOJI_DOC, id: 'd-good' },
        { id: 'd-bad', title: 'Bad', text: 'Kyiv', annotations: [{ id: 'a-bad', label: 'location', start: 0, end: 4, text: 'Kiev' }] },
      ]),
    ),
    mention: /(?=[\s\S]*(d-bad|Bad|document 2|second|a-bad|Kiev))(?=[\s\S]*(match|quote|text))/i,
  },
  { name: 'offset_unit utf16', content: asFile(nativeFile([EMOJI_DOC], { offset_unit: 'utf16' })), mention: /offset|unit|code ?point/i },
];

for (const bad of BAD) {
  appTest(`refuses ${bad.name}: a message in [role=alert], storage byte-identical`, async ({ t, open }) => {
    const { page } = await open('/');
    const initial = await storageDump(page);
    await annotate(page, 'Zelenskyy', 'actor');
    // Wait until the annotation is stored and storage is quiet.
    let before = await eventually('the annotation to be written to local storage', async () => {
      const d = await storageDump(page);
      assert.notEqual(d, initial, 'local storage has not changed since annotating');
      assert.match(d, /"spanmark:/, 'no spanmark: key in local storage');
      return d;
    });
    await sleep(300);
    assert.equal(await storageDump(page), before, 'test setup: local storage kept changing after annotating');
    before = await storageDump(page);
    const stateBefore = await readState(page);
    assert.equal(stateBefore.alert, '', 'test setup: an alert is shown before the import');

    await importFile(page, 'bad.spanmark.json', bad.content);
    const alert = await eventually('a message in [role=alert] after importing a bad file', async () => {
      const s = await readState(page);
      assert.notEqual(s.alert, '', '[role=alert] is empty');
      return s.alert;
    });
    t.diagnostic(`alert: ${alert}`);
    assert.match(alert, bad.mention, `the alert should name the problem (${bad.name}); it says ${JSON.stringify(alert)}`);

    await sleep(500); // let any (wrong) storage write happen
    const after = await storageDump(page);
    assert.equal(after, before, 'local storage must be byte-identical after a refused import');
    const s = await readState(page);
    assert.equal(s.articleText, stateBefore.articleText, 'the open document should not change');
    assert.deepEqual(s.entries, stateBefore.entries, 'the annotations should not change');
    assert.deepEqual(s.docSelect?.options, stateBefore.docSelect?.options, 'the library should not change');
  });
}
