// Your own documents: pasting text (title guessed from the first line, text kept exactly),
// opening several files at once (.txt, .md, .html: its visible text only, nothing run or
// loaded), dropping files on the page, refusing files that are not text; the library panel
// (length, counts per label, last change), switching documents and reloading, renaming,
// deleting with a confirmation and an undo, the sample article, exports, storage used.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { e2eSuite } from './lib/harness.mjs';
import { readSeed } from './lib/env.mjs';
import { cpLen, cpFind, stripLineEnds } from './lib/text.mjs';
import { readState, assertSpanShown } from './lib/dom.mjs';
import { annotate, exportCurrent, storageDump } from './lib/actions.mjs';
import { assertValidExport } from './lib/exportcheck.mjs';
import { eventually, sleep } from './lib/wait.mjs';
import {
  importFiles,
  dropFiles,
  openLibrary,
  closeLibrary,
  libraryRows,
  rowOf,
  openFromLibrary,
  pasteDocument,
  quietStorage,
  storedLibrary,
  docKeys,
  mapLabels,
} from './lib/library.mjs';

const { appTest } = e2eSuite();
const seed = readSeed();

// Leading spaces, an emoji with a skin tone, CRLF line ends, a combining mark, no final line end.
const TXT = '  Kyiv report \u{1F44D}\u{1F3FD}\r\nZelenskyy met the mayor of Fastiv.\r\n\r\nLast line e\u0301 without a line end';
const MD = '# Markdown notes\n\nThe *mayor* of Kyiv counted 585 drones.\n';
const HTML = `<!doctype html>
<html>
  <head>
    <title>Page title</title>
    <style>p { color: red }</style>
    <script>window.__pwned = 1</script>
  </head>
  <body>
    <h1>Headline</h1>
    <p>First   paragraph with
      <b>bold</b> Kyiv.</p>
    <script>window.__pwned = 2</script>
    <img src="tracker.png" onerror="window.__pwned = 3">
    <noscript>no script text</noscript>
    <template><p>template text</p></template>
    <p hidden>hidden text</p>
    <ul>
      <li>One</li>
      <li>Two</li>
    </ul>
  </body>
</html>`;
const HTML_TEXT = 'Headline\n\nFirst paragraph with bold Kyiv.\n\nOne\nTwo';

async function status(page) {
  return (await readState(page)).status;
}

/** Exports the open document (native) and returns its one document. */
async function exportedDoc(page) {
  const exp = await exportCurrent(page);
  assertValidExport(exp);
  assert.equal(exp.json.documents.length, 1);
  return exp.json.documents[0];
}

appTest('paste: the title is guessed from the first line, the text is kept, the document opens', async ({ open }) => {
  const { page } = await open('/');
  const text = '\n  Drones over Kyiv \u{1F1FA}\u{1F1E6}  \nZelenskyy said 585 drones were launched.\nFastiv was hit.';
  const guessed = await pasteDocument(page, text);
  assert.equal(guessed, 'Drones over Kyiv \u{1F1FA}\u{1F1E6}', 'the title is the first non-blank line, trimmed');
  await eventually('the pasted document to open', async () => {
    const s = await readState(page);
    assert.equal(s.h1, guessed);
    assert.equal(s.articleText, stripLineEnds(text));
    assert.match(s.status, /Imported 1 document/);
    assert.equal(s.alert, '');
    assert.ok(s.docSelect.options.some((o) => o.text === guessed), 'the document menu lists it');
  });
  await annotate(page, 'Zelenskyy', 'actor');
  const doc = await exportedDoc(page);
  assert.equal(doc.text, text, 'no trimming');
  assert.deepEqual(
    doc.annotations.map((a) => [a.start, a.end, a.text]),
    [[cpFind(text, 'Zelenskyy').start, cpFind(text, 'Zelenskyy').end, 'Zelenskyy']],
  );

  // A title of one's own; an empty text is refused inside the dialog.
  await pasteDocument(page, 'Second paste, first line\nbody', { title: 'My own title' });
  await eventually('the second document to open', async () => assert.equal((await readState(page)).h1, 'My own title'));
  await page.locator('#paste-button').click();
  await page.locator('#paste-add').click();
  await eventually('a message in the dialog', async () =>
    assert.match(await page.locator('dialog#paste-dialog .dialog-error').innerText(), /no text/),
  );
  await page.locator('#paste-cancel').click();
  await page.locator('dialog#paste-dialog[open]').waitFor({ state: 'detached' });
});

appTest('paste outside a field opens the dialog with the text, CRLF kept byte for byte', async ({ open }) => {
  const { page } = await open('/');
  const text = 'Clipboard headline\r\nWith CRLF line ends \u{1F600}\r\nand e\u0301.';
  await page.evaluate((t) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', t);
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, text);
  await page.locator('dialog#paste-dialog[open]').waitFor();
  assert.equal(await page.locator('textarea#paste-text').inputValue(), text.replace(/\r\n/g, '\n'), 'the field shows the text');
  assert.equal(await page.locator('input#paste-title').inputValue(), 'Clipboard headline');
  await page.locator('#paste-add').click();
  await eventually('the pasted document to open', async () => assert.equal((await readState(page)).h1, 'Clipboard headline'));
  const doc = await exportedDoc(page);
  assert.equal(doc.text, text, 'the clipboard text, CRLF and all, not the field\'s LF-only copy');
});

appTest('opens several files at once: .txt and .md as they are, .html as its visible text', async ({ open }) => {
  const app = await open('/');
  const { page } = app;
  const input = page.locator('input#import-file');
  assert.equal(await input.getAttribute('multiple'), '', 'input#import-file takes several files');
  const accept = (await input.getAttribute('accept')) ?? '';
  for (const ext of ['.txt', '.md', '.html', '.json', '.jsonl']) assert.ok(accept.includes(ext), `accept lists ${ext}: ${accept}`);
  const before = app.diag.requests.length;

  await importFiles(page, [
    { name: 'report.txt', content: TXT, mimeType: 'text/plain' },
    { name: 'notes.md', content: MD, mimeType: 'text/markdown' },
    { name: 'page.html', content: HTML, mimeType: 'text/html' },
  ]);
  await eventually('the first file to open and a confirmation', async () => {
    const s = await readState(page);
    assert.equal(s.h1, 'Kyiv report \u{1F44D}\u{1F3FD}');
    assert.equal(s.articleText, stripLineEnds(TXT));
    assert.match(s.status, /Imported 3 documents with 0 annotations from report\.txt, notes\.md, page\.html/);
    assert.equal(s.alert, '');
  });
  assert.equal((await exportedDoc(page)).text, TXT, '.txt byte for byte');

  await openFromLibrary(page, 'Markdown notes');
  assert.equal((await exportedDoc(page)).text, MD, '.md byte for byte (its first heading is the title)');

  await openFromLibrary(page, 'Page title');
  const html = await exportedDoc(page);
  assert.equal(html.text, HTML_TEXT, 'the visible text of the page only');
  const found = await page.evaluate(() => ({
    pwned: window.__pwned ?? null,
    elements: [...document.querySelectorAll('article#doc b, article#doc img, article#doc script, body > img')].length,
  }));
  assert.deepEqual(found, { pwned: null, elements: 0 }, 'nothing of the page is inserted or run');
  const fetched = app.diag.requests.slice(before).filter((u) => u.includes('tracker'));
  assert.deepEqual(fetched, [], 'the page\'s image is never loaded');
  await annotate(page, 'Kyiv', 'location');

  await openLibrary(page);
  const rows = await libraryRows(page);
  assert.deepEqual(
    rows.map((r) => r.title),
    [seed.title, 'Kyiv report \u{1F44D}\u{1F3FD}', 'Markdown notes', 'Page title'],
    'the library lists every document in order',
  );
  assert.equal((await rowOf(page, 'Kyiv report \u{1F44D}\u{1F3FD}')).len, cpLen(TXT), 'length in code points');
  assert.equal((await rowOf(page, 'Page title')).counts.location, 1);
  await closeLibrary(page);
});

appTest('files that are not text are refused with a message; storage stays byte-identical', async ({ t, open }) => {
  const { page } = await open('/');
  const before = await quietStorage(page);
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
  const latin1 = Buffer.from('caf\xe9 au lait, Kyiv', 'latin1');
  await importFiles(page, [
    { name: 'photo.png', content: png, mimeType: 'image/png' },
    { name: 'latin1.txt', content: latin1, mimeType: 'text/plain' },
  ]);
  const alert = await eventually('a message naming both files', async () => {
    const s = await readState(page);
    assert.match(s.alert, /photo\.png/);
    assert.match(s.alert, /latin1\.txt/);
    return s.alert;
  });
  t.diagnostic(alert);
  assert.match(alert, /not a text file/);
  assert.match(alert, /UTF-8/);
  await sleep(400);
  assert.equal(await storageDump(page), before, 'a refused file changes nothing stored');
  assert.equal((await readState(page)).h1, seed.title);

  // A good file beside a bad one: the good one comes in, the bad one is named.
  await importFiles(page, [
    { name: 'good.txt', content: 'Good headline\nKyiv.' },
    { name: 'photo.png', content: png },
  ]);
  await eventually('the good file in, the bad one named', async () => {
    const s = await readState(page);
    assert.equal(s.h1, 'Good headline');
    assert.match(s.alert, /photo\.png was not imported: it is not a text file/);
  });
});

appTest('drop files anywhere on the page', async ({ open }) => {
  const { page } = await open('/');
  const res = await dropFiles(page, [
    { name: 'dropped.txt', content: 'Dropped headline\r\nFastiv and Kyiv.', mimeType: 'text/plain' },
    { name: 'dropped.md', content: '## Second drop\nBody.', mimeType: 'text/markdown' },
  ]);
  assert.deepEqual(res, { overPrevented: true, overlayShown: true, dropPrevented: true }, 'the page takes the drop');
  await eventually('the dropped files to come in', async () => {
    const s = await readState(page);
    assert.equal(s.h1, 'Dropped headline');
    assert.match(s.status, /Imported 2 documents .* from dropped\.txt, dropped\.md/);
    assert.ok(s.docSelect.options.some((o) => o.text === 'Second drop'));
  });
  assert.equal(await page.locator('.drop-overlay').isVisible(), false, 'the drop overlay is gone');
  assert.equal((await exportedDoc(page)).text, 'Dropped headline\r\nFastiv and Kyiv.');
});

appTest('switching documents and reloading: each keeps its annotations; the last opened reopens', async ({ open }) => {
  const app = await open('/');
  const { page } = app;
  const A = 'Alpha: Kyiv and Zelenskyy.';
  const B = 'Beta: Fastiv said 585 drones.';
  await pasteDocument(page, A, { title: 'Doc A' });
  await annotate(page, 'Kyiv', 'location');
  await pasteDocument(page, B, { title: 'Doc B' });
  await annotate(page, 'Fastiv', 'location');
  await annotate(page, '585 drones', 'figure');

  await openFromLibrary(page, 'Doc A');
  await eventually('Doc A with its one annotation', async () => {
    const s = await readState(page);
    assert.equal(s.entries.length, 1);
    assertSpanShown(s, { label: 'location', ...cpFind(A, 'Kyiv') });
  });
  await app.reload();
  await eventually('Doc A reopened after a reload', async () => {
    const s = await readState(page);
    assert.equal(s.h1, 'Doc A');
    assert.equal(s.entries.length, 1);
  });
  await openFromLibrary(page, 'Doc B');
  await eventually('Doc B with its two annotations', async () => {
    const s = await readState(page);
    assert.equal(s.entries.length, 2);
    assertSpanShown(s, { label: 'figure', ...cpFind(B, '585 drones') });
  });
  await annotate(page, 'Beta', 'actor');
  await app.reload();
  await eventually('Doc B reopened with three annotations', async () => {
    const s = await readState(page);
    assert.equal(s.h1, 'Doc B');
    assert.equal(s.entries.length, 3);
  });

  // The panel's figures, from storage after the reload.
  await openLibrary(page);
  const a = await rowOf(page, 'Doc A');
  const b = await rowOf(page, 'Doc B');
  const s = await rowOf(page, seed.title);
  assert.equal(a.len, cpLen(A));
  assert.match(a.lenText, /characters/);
  assert.deepEqual(a.counts, { claim: 0, figure: 0, actor: 0, location: 1 });
  assert.deepEqual(b.counts, { claim: 0, figure: 1, actor: 1, location: 1 });
  assert.equal(b.total, 3);
  assert.ok(b.current && !a.current, 'the open document is marked');
  assert.match(a.changed, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/, `last change: ${a.changed}`);
  assert.equal(s.len, cpLen(seed.text));
  assert.equal(s.total, 0);
  const lib = await storedLibrary(page);
  assert.equal(lib.info[lib.current].counts.reduce((x, y) => x + y, 0), 3, 'the figures are stored with the library');
  await closeLibrary(page);
});

appTest('rename a document in the library panel', async ({ open }) => {
  const app = await open('/');
  const { page } = app;
  await openLibrary(page);
  const { id } = await rowOf(page, seed.title);
  await page.locator(`dialog#library tr[data-id="${id}"] button.rename`).click();
  const input = page.locator('input#rename-input');
  await input.waitFor();
  assert.equal(await input.inputValue(), seed.title);
  // Escape leaves the name (and the panel) as they were.
  await input.press('Escape');
  await page.locator('input#rename-input').waitFor({ state: 'detached' });
  assert.ok(await page.locator('dialog#library[open]').isVisible(), 'Escape in the field does not close the panel');
  await page.locator(`dialog#library tr[data-id="${id}"] button.rename`).click();
  await page.locator('input#rename-input').fill('  Energy, renamed \u{1F50B}  ');
  await page.locator('input#rename-input').press('Enter');
  await eventually('the new title everywhere', async () => {
    assert.equal((await rowOf(page, 'Energy, renamed \u{1F50B}')).id, id);
    const s = await readState(page);
    assert.equal(s.h1, 'Energy, renamed \u{1F50B}');
    assert.ok(s.docSelect.options.some((o) => o.text === 'Energy, renamed \u{1F50B}'));
  });
  await closeLibrary(page);
  await app.reload();
  assert.equal((await readState(page)).h1, 'Energy, renamed \u{1F50B}', 'the name is stored');
  assert.equal((await exportedDoc(page)).title, 'Energy, renamed \u{1F50B}');
});

appTest('delete with a confirmation, undo it; the sample article can be restored', async ({ t, open }) => {
  const app = await open('/');
  const { page } = app;
  await pasteDocument(page, 'Doomed headline\nKyiv and Fastiv.', { title: 'Doomed' });
  await annotate(page, 'Fastiv', 'location');
  await quietStorage(page);
  await openLibrary(page);
  const { id } = await rowOf(page, 'Doomed');
  const keys = await docKeys(page, id);
  assert.ok(keys.length >= 3, `text, title and a bucket are stored: ${keys}`);

  // Cancelling the confirmation keeps it.
  await page.locator(`dialog#library tr[data-id="${id}"] button.delete`).click();
  assert.match(await page.locator(`dialog#library tr[data-id="${id}"] .confirm`).innerText(), /Delete it and its annotation\?/);
  await page.locator(`dialog#library tr[data-id="${id}"] .confirm-cancel`).click();
  assert.equal((await libraryRows(page)).length, 2);

  await page.locator(`dialog#library tr[data-id="${id}"] button.delete`).click();
  await page.locator(`dialog#library tr[data-id="${id}"] button.confirm-delete`).click();
  await eventually('the document gone from the panel, storage and the open view', async () => {
    assert.deepEqual((await libraryRows(page)).map((r) => r.title), [seed.title]);
    assert.deepEqual(await docKeys(page, id), [], 'its keys are removed');
    const lib = await storedLibrary(page);
    assert.ok(!lib.documents.some((d) => d.id === id));
    assert.ok(!(id in (lib.info ?? {})));
    const s = await readState(page);
    assert.equal(s.h1, seed.title, 'the open document was deleted: the next one opens');
    assert.match(s.status, /Deleted “Doomed”/);
  });

  // Undo.
  await page.locator('dialog#library .trash button.undelete').click();
  await eventually('the document back with its annotation', async () => {
    assert.deepEqual((await libraryRows(page)).map((r) => r.title), [seed.title, 'Doomed']);
    assert.deepEqual(await docKeys(page, id), keys, 'the same keys are back');
    assert.equal((await readState(page)).h1, 'Doomed', 'it was open, so it opens again');
    assert.equal((await readState(page)).entries.length, 1);
  });
  await closeLibrary(page);
  await app.reload();
  assert.equal((await readState(page)).entries.length, 1, 'the undone deletion is stored');

  // Delete the sample article, then restore it from the panel.
  await openLibrary(page);
  const seedRow = await rowOf(page, seed.title);
  await page.locator(`dialog#library tr[data-id="${seedRow.id}"] button.delete`).click();
  await page.locator(`dialog#library tr[data-id="${seedRow.id}"] button.confirm-delete`).click();
  await eventually('only Doomed left', async () => assert.deepEqual((await libraryRows(page)).map((r) => r.title), ['Doomed']));
  // The last document cannot be deleted.
  const onlyId = (await rowOf(page, 'Doomed')).id;
  await page.locator(`dialog#library tr[data-id="${onlyId}"] button.delete`).click();
  await page.locator(`dialog#library tr[data-id="${onlyId}"] button.confirm-delete`).click();
  const refusal = await eventually('a refusal', async () => {
    const s = await readState(page);
    assert.match(s.alert, /only document/);
    return s.alert;
  });
  t.diagnostic(refusal);
  assert.deepEqual((await libraryRows(page)).map((r) => r.title), ['Doomed']);

  await page.locator('#restore-seed').click();
  await eventually('the sample article back and open', async () => {
    const s = await readState(page);
    assert.equal(s.h1, seed.title);
    assert.equal(s.articleText, stripLineEnds(seed.text));
    assert.equal(s.entries.length, 0);
  });
  assert.deepEqual((await storedLibrary(page)).documents.map((d) => d.title), ['Doomed', seed.title]);
  // Restoring again opens the unannotated copy rather than adding another.
  await openFromLibrary(page, 'Doomed');
  await openLibrary(page);
  await page.locator('#restore-seed').click();
  await eventually('the same sample article reopened', async () => assert.equal((await readState(page)).h1, seed.title));
  assert.equal((await storedLibrary(page)).documents.length, 2);
});

appTest('the panel exports this document or the whole library, and shows the storage used', async ({ open }) => {
  const { page } = await open('/');
  await pasteDocument(page, 'Export me\nKyiv.', { title: 'Export me' });
  await annotate(page, 'Kyiv', 'location');
  await openLibrary(page);
  const used = async () => {
    const text = await page.locator('#storage-use').innerText();
    const m = /stores ([\d.]+) (kB|MB) .* about ([\d.]+) (kB|MB) is left.*estimate/s.exec(text);
    assert.ok(m, `storage line: ${text}`);
    return Number(m[1]) * (m[2] === 'MB' ? 1000 : 1);
  };
  const small = await used();
  assert.ok(small > 0);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spanmark-library-'));
  const download = async (button) => {
    const [d] = await Promise.all([page.waitForEvent('download'), page.locator(button).click()]);
    const file = path.join(dir, d.suggestedFilename());
    await d.saveAs(file);
    return { name: d.suggestedFilename(), json: JSON.parse(fs.readFileSync(file, 'utf8')) };
  };
  const all = await download('#library-export-all');
  assert.equal(all.name, 'spanmark-library.spanmark.json');
  assert.deepEqual(all.json.documents.map((d) => d.title), [seed.title, 'Export me']);
  const one = await download('#library-export-current');
  assert.equal(one.name, 'export-me.spanmark.json');
  assert.deepEqual(one.json.documents.map((d) => d.annotations.length), [1]);
  await closeLibrary(page);

  // A bigger document takes more room.
  await pasteDocument(page, `Big one\n${'Kyiv and Fastiv, again and again. '.repeat(3000)}`);
  await openLibrary(page);
  await eventually('the storage line to grow', async () => assert.ok((await used()) > small + 150, 'about 200 kB more'));
});

appTest('the article\'s shortcuts do not act while a dialog is open', async ({ open }) => {
  const { page } = await open('/');
  await openLibrary(page);
  await page.locator('#library-close').focus();
  await page.keyboard.press('3');
  await page.keyboard.press('Delete');
  await sleep(200);
  const s = await readState(page);
  assert.equal(s.entries.length, 0);
  assert.doesNotMatch(s.status, /Select some text|No annotation/, 'the keys went to the dialog, not the article');
  assert.ok(await page.locator('dialog#library[open]').isVisible());
  await page.keyboard.press('Escape');
  await page.locator('dialog#library[open]').waitFor({ state: 'detached' });
});

appTest('a full storage refuses an import as a whole: nothing half-stored, storage byte-identical', async ({ t, open }) => {
  const { page } = await open('/');
  await quietStorage(page);
  // Fill the quota, then free about 40 kB: room for a small document, not for a big one.
  await page.evaluate(() => {
    let n = 0;
    for (let size = 1 << 20; size >= 16; size >>= 1) {
      const chunk = 'x'.repeat(size);
      for (;;) {
        try {
          localStorage.setItem(`filler:${n}`, chunk);
          n++;
        } catch {
          break;
        }
      }
    }
    const fillers = Object.keys(localStorage)
      .filter((k) => k.startsWith('filler:'))
      .map((k) => [k, localStorage.getItem(k).length])
      .sort((a, b) => a[1] - b[1]);
    let freed = 0;
    for (const [k, len] of fillers) {
      if (freed > 20_000) break;
      freed += len;
      localStorage.removeItem(k);
    }
  });
  const before = await storageDump(page);
  const big = `Big headline\n${'Kyiv and Fastiv, again and again. '.repeat(4000)}`;
  await importFiles(page, [
    { name: 'small.txt', content: 'Small headline\nKyiv.' },
    { name: 'big.txt', content: big },
  ]);
  const alert = await eventually('a refusal', async () => {
    const s = await readState(page);
    assert.match(s.alert, /small\.txt, big\.txt: nothing was imported: local storage is full\. Nothing was changed\./);
    return s.alert;
  });
  t.diagnostic(alert);
  await sleep(300);
  assert.equal(await storageDump(page), before, 'not even the small document is stored');
  assert.equal((await readState(page)).h1, seed.title);
});

appTest('with storage disabled, documents still come in, switch and delete in this tab', async ({ open }) => {
  const app = await open('/');
  const { page, context } = app;
  await context.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      get() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
  });
  await app.reload();
  await pasteDocument(page, 'Memory headline\nKyiv.', { title: 'In memory' });
  await annotate(page, 'Kyiv', 'location');
  await importFiles(page, [{ name: 'more.txt', content: 'More headline\nFastiv.' }]);
  await eventually('the file in', async () => assert.equal((await readState(page)).h1, 'More headline'));
  await openFromLibrary(page, 'In memory');
  assert.equal((await readState(page)).entries.length, 1);
  await openLibrary(page);
  assert.match(await page.locator('#storage-use').innerText(), /cannot be read/);
  const { id } = await rowOf(page, 'More headline');
  await page.locator(`dialog#library tr[data-id="${id}"] button.delete`).click();
  await page.locator(`dialog#library tr[data-id="${id}"] button.confirm-delete`).click();
  await eventually('deleted', async () =>
    assert.deepEqual((await libraryRows(page)).map((r) => r.title), [seed.title, 'In memory']),
  );
  await page.locator('dialog#library .trash button.undelete').click();
  await eventually('back', async () =>
    assert.deepEqual((await libraryRows(page)).map((r) => r.title), [seed.title, 'In memory', 'More headline']),
  );
});

appTest('twenty articles and a doccano export of twenty more, in one go', async ({ t, open }) => {
  const app = await open('/');
  const { page } = app;
  const article = (i) => `Article ${i}: drones over Kyiv \u{1F6E9}\nZelenskyy said ${i * 10} drones were shot down near Fastiv.\n`;
  const files = Array.from({ length: 20 }, (_, i) => ({ name: `article-${String(i + 1).padStart(2, '0')}.txt`, content: article(i + 1) }));
  const records = Array.from({ length: 20 }, (_, i) => {
    const text = `Annotated ${i + 1}: \u{1F1FA}\u{1F1E6} Kyiv and Zelenskyy.`;
    const at = (w) => [text.indexOf(w), text.indexOf(w) + w.length];
    return JSON.stringify({ text, label: [[...at('Kyiv'), 'LOC'], [...at('Zelenskyy'), 'PER']] });
  });
  files.push({ name: 'doccano-export.jsonl', content: `${records.join('\n')}\n` });
  const t0 = Date.now();
  await importFiles(page, files);
  await mapLabels(page, {});
  await eventually('everything in', async () => {
    const s = await readState(page);
    assert.match(s.status, /Imported 40 documents with 40 annotations/);
    assert.equal(s.docSelect.options.length, 41);
  }, { timeout: 20_000 });
  t.diagnostic(`40 documents in ${Date.now() - t0} ms (with the mapping dialog)`);
  await app.reload();
  await openLibrary(page);
  const rows = await libraryRows(page);
  assert.equal(rows.length, 41);
  assert.equal(rows.filter((r) => r.total === 2 && r.counts.location === 1 && r.counts.actor === 1).length, 20);
  await closeLibrary(page);
  await openFromLibrary(page, 'Annotated 7: \u{1F1FA}\u{1F1E6} Kyiv and Zelenskyy.');
  const text = 'Annotated 7: \u{1F1FA}\u{1F1E6} Kyiv and Zelenskyy.';
  assertSpanShown(await readState(page), { label: 'location', ...cpFind(text, 'Kyiv') });
});
