// The command-line tool against the app: every format the app downloads (for a document and
// for the whole library) equals, byte for byte and by name, what `spanmark convert` writes from
// the app's own spanmark JSON download of the same documents, given the download's time.
// The documents hold emoji, combining marks, right-to-left text, CRLF, line separators and
// overlapping spans, one made with the mouse; no CJK or Thai, where the browser's dictionary
// word segmentation (Intl.Segmenter) and the CLI's UAX #29 words differ in CoNLL (docs/CLI.md).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { e2eSuite } from './lib/harness.mjs';
import { REPO_ROOT } from './lib/env.mjs';
import { doc, nativeFile, span } from './lib/native.mjs';
import { readState } from './lib/dom.mjs';
import { annotate, exportAs, importFile } from './lib/actions.mjs';
import { eventually } from './lib/wait.mjs';

const { appTest } = e2eSuite();

/** The CLI binary, built (debug) if the tests before did not leave one. */
function cli() {
  const exe = path.join(REPO_ROOT, 'target/debug/spanmark');
  if (!fs.existsSync(exe)) {
    const r = spawnSync('cargo', ['build', '--quiet', '-p', 'spanmark-cli'], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, `cargo build -p spanmark-cli failed:\n${r.stderr}`);
  }
  return exe;
}

const TEXT_A =
  'Rally \u{1F1FA}\u{1F1E6}\u{1F44D}\u{1F3FD} in Kyiv: \u{1F469}\u200D\u{1F469}\u200D\u{1F467} families met Zelenskyy.' +
  '\r\nSecond line e\u0301\u0301 \u05E9\u05DC\u05D5\u05DD \u0645\u0631\u062D\u0628\u0627 Fastiv.';
const TEXT_B = 'First part\u2028second part\u2029third\u000Bfourth. Kyiv\'s mayor said: "no"\u00A0today.\nTab\there.';

const META = { source: 'cli e2e' };
const DOC_A = doc('d-cli-a', 'Rally in Kyiv', TEXT_A, [
  span(TEXT_A, 'location', 'Kyiv'),
  span(TEXT_A, 'actor', 'Kyiv'),
  span(TEXT_A, 'figure', '\u{1F469}\u200D\u{1F469}\u200D\u{1F467}'),
  span(TEXT_A, 'actor', 'e\u0301\u0301', undefined, 'a note\twith a tab\r\nand "quotes"'),
  span(TEXT_A, 'claim', 'Rally', 'Kyiv'),
  span(TEXT_A, 'claim', 'Kyiv', 'Zelenskyy'),
  span(TEXT_A, 'claim', 'families', 'Second line'),
], META);
const DOC_B = doc('d-cli-b', 'Separators', TEXT_B, [
  span(TEXT_B, 'claim', 'First', 'fourth'),
  span(TEXT_B, 'location', 'Kyiv'),
  span(TEXT_B, 'figure', 'Tab', 'here'),
], META);
const FILE = nativeFile([DOC_A, DOC_B]);

const FORMATS = ['spanmark', 'doccano', 'doccano-utf16', 'spacy', 'label-studio', 'w3c', 'brat', 'conll'];

/** The modification time of a tar's first entry (the app's `Date.now()` at the export), ISO 8601. */
function tarTime(file) {
  const header = fs.readFileSync(file).subarray(0, 512);
  const mtime = parseInt(header.subarray(136, 148).toString('latin1').replace(/\0.*$/, '').trim(), 8);
  assert.ok(Number.isFinite(mtime) && mtime > 0, `${file}: no modification time in the tar header`);
  return new Date(mtime * 1000).toISOString();
}

appTest('spanmark convert writes exactly what the app downloads, in every format, for a document and the library', async ({ t, open }) => {
  const exe = cli();
  const app = await open('/');
  const { page } = app;
  await importFile(page, 'cli.spanmark.json', JSON.stringify(FILE, null, 2));
  await eventually('the first imported document to open with its annotations', async () => {
    const s = await readState(page);
    assert.equal(s.h1, DOC_A.title);
    assert.equal(s.entries.length, DOC_A.annotations.length);
  });
  // One with the mouse: the app's own code-point offsets and its fresh ids and timestamp.
  await annotate(page, 'Zelenskyy', 'actor');

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spanmark-cli-e2e-'));
  const downloads = path.join(dir, 'app');
  fs.mkdirSync(downloads);
  let compared = 0;
  for (const scope of ['document', 'library']) {
    // Headless Chromium starts no 11th download in a tab without a navigation in between.
    if (scope === 'library') {
      await app.reload();
      await eventually('the document to reopen after a reload', async () => {
        assert.equal((await readState(page)).entries.length, DOC_A.annotations.length + 1);
      });
    }
    const names = {};
    for (const format of FORMATS) names[format] = await exportAs(page, downloads, { format, scope });
    const stem = scope === 'document' ? 'rally-in-kyiv' : 'spanmark-library';
    assert.equal(names.spanmark, `${stem}.spanmark.json`);
    const input = path.join(downloads, names.spanmark);
    const native = JSON.parse(fs.readFileSync(input, 'utf8'));
    assert.equal(native.documents.length, scope === 'document' ? 1 : 3, 'the library holds the seed article too');

    for (const format of FORMATS) {
      const out = path.join(dir, `cli-${scope}-${format}`);
      const file = path.join(downloads, names[format]);
      const at = names[format].endsWith('.tar') ? tarTime(file) : native.exported_at;
      const r = spawnSync(exe, ['convert', input, '--to', format, '--exported-at', at, '--out', out], { encoding: 'utf8' });
      assert.equal(r.status, 0, `spanmark convert ${names.spanmark} --to ${format} exited ${r.status}:\n${r.stderr}`);
      const written = fs.readdirSync(out);
      assert.deepEqual(written, [names[format]], `the CLI names its ${format} output as the app names the download`);
      const ours = fs.readFileSync(path.join(out, written[0]));
      const theirs = fs.readFileSync(file);
      if (!ours.equals(theirs)) {
        let at = 0;
        while (at < ours.length && ours[at] === theirs[at]) at++;
        assert.fail(
          `${names[format]} (${scope}): the CLI's ${ours.length} bytes differ from the app's ${theirs.length} at byte ${at}: ` +
            `CLI ${JSON.stringify(ours.subarray(Math.max(0, at - 40), at + 40).toString('utf8'))}, ` +
            `app ${JSON.stringify(theirs.subarray(Math.max(0, at - 40), at + 40).toString('utf8'))}`,
        );
      }
      compared++;
    }
  }
  t.diagnostic(`${compared} downloads equal to the CLI's output, byte for byte`);
  assert.equal(compared, 16);
  fs.rmSync(dir, { recursive: true, force: true });
});
