// Hostile input is shown as text and never executed; huge, binary and deeply nested files are
// refused cleanly with a message, and nothing stored changes.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { e2eSuite } from './lib/harness.mjs';
import { readState } from './lib/dom.mjs';
import { importFile, storageDump } from './lib/actions.mjs';
import { eventually, sleep } from './lib/wait.mjs';

const { appTest } = e2eSuite();

const PAYLOADS = [
  '<script>window.__pwned = "script"</script>',
  '<img src=x onerror="window.__pwned = \'img\'">',
  '<svg onload="window.__pwned = \'svg\'"><circle r="5"/></svg>',
  '<a href="javascript:window.__pwned=\'href\'">click</a>',
  '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
  '&lt;b&gt;entities&amp;amp;&#x3C;script&#x3E;',
  '"><style>*{display:none}</style>',
];

const cps = (s) => Array.from(s).length;

function hostileExport() {
  const text = PAYLOADS.join('\n');
  const annotations = [];
  let at = 0;
  for (const p of PAYLOADS) {
    annotations.push({ id: `a-${annotations.length}`, label: 'claim', start: at, end: at + cps(p), text: p, note: p });
    at += cps(p) + 1;
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
    documents: [{ id: 'd-hostile', title: PAYLOADS[1], text, meta: { date: PAYLOADS[0] }, annotations }],
  };
}

appTest('HTML and script payloads in titles, texts, metadata and notes are shown as text, never run', async ({ open }) => {
  const { page } = await open('/');
  const dialogs = [];
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  await importFile(page, 'hostile.spanmark.json', JSON.stringify(hostileExport()));
  await eventually('the hostile document to open', async () => {
    const s = await readState(page);
    assert.equal(s.h1, PAYLOADS[1], 'the title is shown literally');
  });
  // Hover and click every highlight (tooltips, selection) to give handlers a chance to fire.
  for (const run of await page.locator('#doc .seg.hl').all()) await run.click();
  await sleep(500);
  const s = await readState(page);
  assert.equal(s.articleText, PAYLOADS.join(''), 'the article shows every payload as text');
  const injected = await page.evaluate(() => ({
    pwned: window.__pwned ?? null,
    elements: [...document.querySelectorAll('#doc script, #doc img, #doc svg, #doc iframe, #doc a, #doc style, h1 *, #ann-list img, #ann-list script, #ann-list svg')].map((e) => e.outerHTML),
  }));
  assert.equal(injected.pwned, null, 'a payload ran');
  assert.deepEqual(injected.elements, [], 'payload markup became elements');
  assert.deepEqual(dialogs, [], 'a dialog opened');
  assert.equal(s.entries.length, PAYLOADS.length);
});

appTest('imported notes and a note typed in the panel show as text in the list, on hover and in the field', async ({ open }) => {
  const { page } = await open('/');
  const dialogs = [];
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  await importFile(page, 'hostile.spanmark.json', JSON.stringify(hostileExport()));
  await eventually('the hostile document to open', async () => {
    assert.equal((await readState(page)).h1, PAYLOADS[1]);
  });
  // Each imported note is its list entry's text and its span's hover text, literally.
  const shown = await page.evaluate(() => ({
    rows: [...document.querySelectorAll('#ann-list .row-note')].map((e) => e.textContent),
    titles: [...document.querySelectorAll('#doc .seg.hl')].map((e) => e.getAttribute('title')),
  }));
  const short = (p) => (Array.from(p).length <= 48 ? p : Array.from(p).slice(0, 47).join('') + '\u2026');
  assert.deepEqual(shown.rows, PAYLOADS.map(short), 'list entries show the notes as text');
  assert.deepEqual(shown.titles, PAYLOADS.map((p) => `Claim: ${p}`), 'hover titles name the label and the note as text');
  // Typed: an image tag with an onerror handler.
  const typed = '<img src=x onerror=alert(1)>';
  await page.locator('#ann-list .ann-entry').first().click();
  await page.keyboard.press('n');
  await page.keyboard.press('Control+a');
  await page.keyboard.type(typed);
  await page.keyboard.press('Control+Enter');
  await eventually('the typed note in the list and on hover', async () => {
    assert.equal(await page.locator('#ann-list .row-note').first().textContent(), typed);
    assert.equal(await page.locator('#doc .seg.hl').first().getAttribute('title'), `Claim: ${typed}`);
    assert.equal(await page.locator('textarea#note-input').inputValue(), typed);
  });
  await page.locator('#doc .seg.hl').first().hover();
  await sleep(300);
  const injected = await page.evaluate(() => [...document.querySelectorAll('#doc img, #ann-list img, .note-box img, #doc script, #ann-list script')].length);
  assert.equal(injected, 0, 'note markup became elements');
  assert.deepEqual(dialogs, [], 'a dialog opened (alert ran)');
});

for (const [what, name, make] of [
  ['a binary file', 'photo.spanmark.json', () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))],
  ['deeply nested JSON', 'deep.spanmark.json', () => Buffer.from('['.repeat(200_000) + ']'.repeat(200_000))],
  ['a file over the size limit', 'huge.spanmark.json', () => {
    // Playwright passes buffers over 50 MB only as files on disk.
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'spanmark-huge-')), 'huge.spanmark.json');
    fs.writeFileSync(file, Buffer.alloc(65 * 1024 * 1024 + 1, 0x20));
    return file;
  }],
]) {
  appTest(`${what} is refused with a message and storage is unchanged`, async ({ open }) => {
    const { page } = await open('/');
    const before = await storageDump(page);
    const content = make();
    if (typeof content === 'string') await page.locator('input#import-file').setInputFiles(content);
    else await importFile(page, name, content);
    const alert = await eventually('a refusal message', async () => {
      const s = await readState(page);
      assert.match(s.alert, /not imported/i);
      return s.alert;
    }, { timeout: 20_000 });
    assert.ok(alert.includes(name), `the message names the file: ${alert}`);
    assert.equal(await storageDump(page), before);
    // The tab still works.
    assert.ok((await readState(page)).articleText.includes('Zelenskyy'));
  });
}

appTest('a Content-Security-Policy allows only the app’s own files, and a session raises no violation', async ({ open }) => {
  const { page } = await open('/');
  const csp = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content ?? null);
  assert.ok(csp, 'index.html carries a CSP <meta>');
  assert.match(csp, /default-src 'self'/);
  assert.doesNotMatch(csp, /https?:|\*|'unsafe-eval'/, `the policy names no other origin: ${csp}`);
  assert.doesNotMatch(csp.match(/script-src[^;]*/)[0], /'unsafe-inline'/, 'no inline script is allowed');
  await page.evaluate(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  // Injected script is blocked by the policy itself, not only by our text-only rendering.
  const ran = await page.evaluate(() => {
    window.__injected = false;
    const s = document.createElement('script');
    s.textContent = 'window.__injected = true';
    document.head.append(s);
    return window.__injected;
  });
  assert.equal(ran, false, 'an inline script injected into the page ran');
  const violations = await page.evaluate(() => window.__violations.splice(0));
  assert.ok(violations.some((v) => v.startsWith('script-src')), `the injected script was reported: ${violations}`);
  await importFile(page, 'hostile.spanmark.json', JSON.stringify(hostileExport()));
  await eventually('the document to open', async () => assert.equal((await readState(page)).h1, PAYLOADS[1]));
  await sleep(300);
  assert.deepEqual(await page.evaluate(() => window.__violations), [], 'the app itself caused a CSP violation');
});
