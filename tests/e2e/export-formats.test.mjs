// The export menu: every format downloads from the release build, for the open document and
// for the whole library, and the downloads pass the consumer check
// (tests/consumers/check_exports.py: spaCy loads the spaCy export with nothing dropped or
// shifted, reads the CoNLL files, and Python re-slices every other format's offsets).
// The documents have emoji, combining marks, CJK, RTL, CRLF, line separators and overlapping
// spans; two spans are made with the mouse, so the app's own offsets are exported too.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { e2eSuite } from './lib/harness.mjs';
import { REPO_ROOT } from './lib/env.mjs';
import { cpFind } from './lib/text.mjs';
import { doc, nativeFile, span } from './lib/native.mjs';
import { readState } from './lib/dom.mjs';
import { annotate, exportAs, importFile } from './lib/actions.mjs';
import { eventually } from './lib/wait.mjs';

const { appTest } = e2eSuite();

const EMOJI_TEXT =
  'Rally \u{1F1FA}\u{1F1E6}\u{1F44D}\u{1F3FD} in Kyiv: \u{1F469}\u200D\u{1F469}\u200D\u{1F467} families met Zelenskyy.' +
  '\r\nSecond line e\u0301\u0301 \u6F22\u5B57 \u05E9\u05DC\u05D5\u05DD \u0645\u0631\u062D\u0628\u0627 Fastiv.';
const SEPS_TEXT = 'First part\u2028second part\u2029third\u000Bfourth. Kyiv\'s mayor said: "no"\u00A0today.\nTab\there.';

const EMOJI_DOC = doc('d-fmt-emoji', 'Emoji rally', EMOJI_TEXT, [
  span(EMOJI_TEXT, 'location', 'Kyiv'),
  span(EMOJI_TEXT, 'actor', 'Kyiv'), // the same span with two labels
  span(EMOJI_TEXT, 'figure', '\u{1F1FA}\u{1F1E6}\u{1F44D}\u{1F3FD}'),
  span(EMOJI_TEXT, 'figure', '\u{1F469}\u200D\u{1F469}\u200D\u{1F467}'),
  span(EMOJI_TEXT, 'actor', 'e\u0301\u0301', undefined, 'two combining marks\tand a tab\r\nand a line break'),
  span(EMOJI_TEXT, 'location', '\u6F22\u5B57'),
  span(EMOJI_TEXT, 'claim', 'Rally', 'Kyiv'), // holds the flag, thumbs and Kyiv
  span(EMOJI_TEXT, 'claim', 'Kyiv', 'Zelenskyy'), // overlaps both other claims
  span(EMOJI_TEXT, 'claim', 'families', 'Second line'), // across the CRLF
]);
const SEPS_DOC = doc('d-fmt-seps', 'Separators', SEPS_TEXT, [
  span(SEPS_TEXT, 'claim', 'First', 'fourth'), // across U+2028, U+2029 and a vertical tab
  span(SEPS_TEXT, 'location', 'Kyiv'),
  span(SEPS_TEXT, 'claim', 'mayor', 'today'),
  span(SEPS_TEXT, 'figure', 'Tab', 'here'),
]);
const FILE = nativeFile([EMOJI_DOC, SEPS_DOC]);

// [format option value, its label names, file name suffix]
const FORMATS = [
  ['spanmark', /spanmark JSON/, '.spanmark.json'],
  ['doccano', /doccano JSONL, code points for Python/, '.doccano.jsonl'],
  ['doccano-utf16', /doccano JSONL, UTF-16 for doccano import/, '.doccano-utf16.jsonl'],
  ['spacy', /spaCy/, '.spacy.jsonl'],
  ['label-studio', /Label Studio/, '.label-studio.json'],
  ['w3c', /W3C Web Annotation/, '.w3c.jsonld'],
  ['brat', /brat/, '.brat.tar'],
  ['conll', /CoNLL/, '.conll.tar'],
];

function python() {
  const venv = path.join(REPO_ROOT, '.venv/bin/python');
  return fs.existsSync(venv) ? { exe: venv, args: [] } : { exe: 'python3', args: ['--no-spacy'] };
}

appTest('every format downloads for the document and the library, and passes the consumer check', async ({ t, open }) => {
  const app = await open('/');
  const { page } = app;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spanmark-formats-'));

  // The menu's defaults: spanmark JSON of this document. Every format is an option, doccano
  // once per offset unit, named so the choice is visible.
  assert.equal(await page.getByRole('combobox', { name: 'Export format' }).inputValue(), 'spanmark');
  assert.equal(await page.getByRole('combobox', { name: 'Export scope' }).inputValue(), 'document');
  const options = await page
    .locator('select#export-format option')
    .evaluateAll((os) => os.map((o) => ({ value: o.value, text: o.textContent })));
  assert.deepEqual(
    options.map((o) => o.value),
    FORMATS.map(([f]) => f),
  );
  for (const [[, name], o] of FORMATS.map((f, i) => [f, options[i]])) assert.match(o.text, name);

  await importFile(page, 'formats.spanmark.json', JSON.stringify(FILE, null, 2));
  await eventually('the emoji document to open with its annotations', async () => {
    const s = await readState(page);
    assert.equal(s.h1, EMOJI_DOC.title);
    assert.equal(s.entries.length, EMOJI_DOC.annotations.length);
  });
  // Two more with the mouse: the app's own code-point offsets go into every format.
  await annotate(page, 'Zelenskyy', 'actor');
  await annotate(page, 'Fastiv', 'location');
  const nAnns = EMOJI_DOC.annotations.length + 2;

  const names = [];
  for (const scope of ['document', 'library']) {
    if (scope === 'library') {
      // In our runs headless Chromium started no 11th download in a tab without a navigation
      // in between (its limit on many downloads); a reload resets that, and shows the
      // library was stored.
      await app.reload();
      await eventually('the emoji document to reopen after a reload', async () => {
        const s = await readState(page);
        assert.equal(s.h1, EMOJI_DOC.title);
        assert.equal(s.entries.length, nAnns);
      });
    }
    for (const [format, , suffix] of FORMATS) {
      const name = await exportAs(page, dir, { format, scope });
      const stem = scope === 'document' ? 'emoji-rally' : 'spanmark-library';
      assert.equal(name, stem + suffix, `the ${format} download's name`);
      names.push(name);
      await eventually(`a confirmation naming ${name}`, async () => {
        const s = await readState(page);
        assert.match(s.status, new RegExp(name.replace(/[.]/g, '\\.')), `[role=status] should name ${name}`);
        assert.equal(s.alert, '', `no alert after exporting ${name}`);
      });
      if (format === 'spacy' && scope === 'document') {
        // 11 spans, 5 of them overlap a longer one (the claims hold the rest).
        const s = await readState(page);
        assert.match(s.status, /spans of 11 overlap a longer one/, 'the status says how many spans are not entities');
      }
    }
  }
  assert.equal(fs.readdirSync(dir).length, 16, `one file per export in ${dir}`);

  // The texts and offsets the app exported (the ground truth of the check).
  const native = JSON.parse(fs.readFileSync(path.join(dir, 'emoji-rally.spanmark.json'), 'utf8'));
  assert.equal(native.documents[0].text, EMOJI_TEXT);
  assert.equal(native.documents[0].annotations.length, nAnns);
  const library = JSON.parse(fs.readFileSync(path.join(dir, 'spanmark-library.spanmark.json'), 'utf8'));
  assert.equal(library.documents.length, 3, 'the seed and the two imported documents');
  const doccano = fs.readFileSync(path.join(dir, 'emoji-rally.doccano-utf16.jsonl'), 'utf8');
  const zel = cpFind(EMOJI_TEXT, 'Zelenskyy');
  const zelUtf16 = EMOJI_TEXT.indexOf('Zelenskyy');
  assert.notEqual(zel.start, zelUtf16);
  assert.ok(doccano.includes(`[${zelUtf16},${zelUtf16 + 9},"actor"]`), 'doccano UTF-16 offsets are JavaScript string indices');

  const py = python();
  if (py.args.length) t.diagnostic('no .venv with spaCy (scripts/consumer-check.sh makes it): checking without spaCy');
  const r = spawnSync(py.exe, [path.join(REPO_ROOT, 'tests/consumers/check_exports.py'), dir, '--expect-all', ...py.args], {
    encoding: 'utf8',
  });
  assert.equal(r.error, undefined, `could not run ${py.exe}: ${r.error}`);
  for (const line of r.stdout.trim().split('\n')) t.diagnostic(line);
  assert.equal(r.status, 0, `the consumer check of the downloads in ${dir} failed:\n${r.stdout}${r.stderr}`);
  assert.match(r.stdout, /^ok: 14 exports of 2 stems/m);
  fs.rmSync(dir, { recursive: true, force: true });
});
