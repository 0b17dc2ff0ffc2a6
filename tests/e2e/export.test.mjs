// Export of the seed article after annotating through the real UI: file name, schema,
// code-point offsets (checked in JavaScript and in Python), order, meta.

import assert from 'node:assert/strict';
import { e2eSuite } from './lib/harness.mjs';
import { readSeed, SEED_FILENAME } from './lib/env.mjs';
import { cpFind, cpSlice } from './lib/text.mjs';
import { readState } from './lib/dom.mjs';
import { annotate, exportCurrent } from './lib/actions.mjs';
import { assertValidExport, assertDefaultLabels, assertAnnotations } from './lib/exportcheck.mjs';
import { eventually } from './lib/wait.mjs';

const { appTest } = e2eSuite();
const seed = readSeed();

// [needle, occurrence, label]: nested and overlapping spans, spans on later lines (so the
// line ends before them count), text with curly quotes and dashes.
const PLAN = [
  ['Zelenskyy', 0, 'actor'],
  ['Fastiv', 0, 'location'],
  ['585 drones', 0, 'figure'],
  [
    '\u201CEnergy facilities were the main targets,\u201D Zelenskyy said, noting that a drone strike had ' +
      'obliterated a railway station in Fastiv, near Kyiv, the Al Jazeera reported.',
    0,
    'claim',
  ],
  ['Kyiv', 0, 'location'],
  ['505 sq km', 0, 'figure'],
  ['Macron denounced Russia\u2019s \u201Cescalatory path\u201D', 0, 'claim'],
  ['Russia\u2019s', 0, 'actor'],
  ['Zelenskyy', 1, 'actor'],
  ['Diplomacy', 0, 'actor'],
];
const EXPECTED = PLAN.map(([needle, occurrence, label]) => ({ label, ...cpFind(seed.text, needle, occurrence) }));

appTest('self-check: the expected offsets are code points of the seed text', () => {
  for (const a of EXPECTED) assert.equal(cpSlice(seed.text, a.start, a.end), a.text);
  // The seed's line ends are before the later spans, so they are not at UTF-16 = line offsets.
  assert.ok(EXPECTED.at(-1).start > 2000, 'the last span is far into the text');
});

appTest('Export downloads the current document as valid native JSON with code-point offsets', async ({ open }) => {
  const { page } = await open('/');
  for (const [needle, occurrence, label] of PLAN) await annotate(page, needle, label, { occurrence });
  await eventually('all annotations listed', async () =>
    assert.equal((await readState(page)).entries.length, EXPECTED.length),
  );

  const exp = await exportCurrent(page);
  assert.equal(exp.filename, SEED_FILENAME, 'the download should be named after the title');
  assertValidExport(exp); // schema, quotes in code points, order, no duplicates, python3

  const { json } = exp;
  assert.equal(json.format, 'spanmark');
  assert.equal(json.version, 1);
  assert.equal(json.offset_unit, 'codepoint');
  const when = Date.parse(json.exported_at);
  assert.ok(Math.abs(Date.now() - when) < 24 * 3600 * 1000, `exported_at ${json.exported_at} should be about now`);
  assertDefaultLabels(json);

  assert.equal(json.documents.length, 1, 'Export exports the current document only');
  const [doc] = json.documents;
  assert.equal(doc.title, seed.title);
  assert.equal(doc.text, seed.text, 'the document text should be the seed text exactly (line ends included)');
  assert.deepEqual(doc.meta, { date: '2025-12-07' }, 'the seed document meta');
  assertAnnotations(doc, EXPECTED);
  for (const a of doc.annotations) {
    assert.equal(Array.from(doc.text).slice(a.start, a.end).join(''), a.text, `code-point slice of ${JSON.stringify(a)}`);
  }
});

appTest('Export after a delete and a reload reflects the stored state', async ({ open }) => {
  const app = await open('/');
  const { page } = app;
  await annotate(page, 'Kyiv', 'location');
  await annotate(page, 'Zelenskyy', 'actor');
  await annotate(page, 'Fastiv', 'location');
  // Delete Zelenskyy through its list entry: what is left (and stored) is Kyiv and Fastiv.
  const zel = (await readState(page)).entries.find((e) => e.label === 'actor');
  await page.locator(`#ann-list .ann-entry[data-id="${zel.id}"]`).click();
  await page.getByRole('button', { name: 'Delete annotation', exact: true }).click();
  await eventually('the actor to be deleted', async () => assert.equal((await readState(page)).entries.length, 2));
  await app.reload();

  const exp = await exportCurrent(page);
  assertValidExport(exp);
  assertAnnotations(exp.json.documents[0], [
    { label: 'location', ...cpFind(seed.text, 'Kyiv') },
    { label: 'location', ...cpFind(seed.text, 'Fastiv') },
  ]);
});

appTest('Export with no annotations is still a valid file', async ({ open }) => {
  const { page } = await open('/');
  const exp = await exportCurrent(page);
  assert.equal(exp.filename, SEED_FILENAME);
  assertValidExport(exp);
  assert.equal(exp.json.documents.length, 1);
  assert.deepEqual(exp.json.documents[0].annotations, []);
  assert.equal(exp.json.documents[0].text, seed.text);
});
