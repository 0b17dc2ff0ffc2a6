// The library's UI, driven as a person would: the panel (dialog#library), the paste dialog,
// several files through input#import-file, files dropped on the page (a real DataTransfer
// with real File objects, dispatched as dragenter/dragover/drop), the label-mapping and the
// re-import dialogs.
//
//   dialog#library table.docs tr[data-id] td.title button.doc-open / input#rename-input
//     td.len[data-len] td.counts-cell[data-total] span.lc[data-label] td.changed
//     td.actions button.rename / button.delete / button.confirm-delete
//   dialog#paste-dialog input#paste-title textarea#paste-text button#paste-add
//   dialog#label-map select[data-label] button#label-map-ok / #label-map-cancel
//   dialog#reimport button#reimport-merge / #reimport-replace / #reimport-keep / #reimport-cancel

import assert from 'node:assert/strict';
import { readState } from './dom.mjs';
import { storageDump } from './actions.mjs';
import { eventually, sleep } from './wait.mjs';

const toBuffer = (content) => (Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'));

/** Puts several files into input#import-file at once. files: [{name, content, mimeType?}] */
export async function importFiles(page, files) {
  await page.locator('input#import-file').setInputFiles(
    files.map((f) => ({ name: f.name, mimeType: f.mimeType ?? 'application/octet-stream', buffer: toBuffer(f.content) })),
  );
}

/**
 * Drops files on the page: builds File objects in the page and dispatches dragenter, dragover
 * and drop with one DataTransfer, as the browser does for files dragged from the desktop.
 * @returns {Promise<{overPrevented: boolean, overlayShown: boolean, dropPrevented: boolean}>}
 */
export async function dropFiles(page, files) {
  const payload = files.map((f) => ({ name: f.name, type: f.mimeType ?? '', b64: toBuffer(f.content).toString('base64') }));
  return page.evaluate(async (list) => {
    const dt = new DataTransfer();
    for (const f of list) {
      const bin = atob(f.b64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      dt.items.add(new File([bytes], f.name, { type: f.type }));
    }
    const target = document.querySelector('article#doc') ?? document.body;
    const rect = target.getBoundingClientRect();
    const at = { clientX: rect.x + 20, clientY: rect.y + 20 };
    const fire = (type) => {
      const e = new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt, ...at });
      target.dispatchEvent(e);
      return e.defaultPrevented;
    };
    fire('dragenter');
    const overPrevented = fire('dragover');
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const overlay = document.querySelector('.drop-overlay');
    const overlayShown = !!overlay && !overlay.hidden;
    const dropPrevented = fire('drop');
    return { overPrevented, overlayShown, dropPrevented };
  }, payload);
}

/** Opens the library panel with its toolbar button. */
export async function openLibrary(page) {
  await page.locator('#library-button').click();
  await page.locator('dialog#library[open]').waitFor();
}

export async function closeLibrary(page) {
  await page.locator('#library-close').click();
  await page.locator('dialog#library[open]').waitFor({ state: 'detached' });
}

/** The rows of the library panel (which must be open). */
export async function libraryRows(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('dialog#library table.docs tbody tr')].map((tr) => {
      const counts = {};
      for (const c of tr.querySelectorAll('.lc[data-label]')) counts[c.dataset.label] = Number(c.textContent.replace(/\D+/g, ''));
      const len = tr.querySelector('td.len');
      return {
        id: tr.dataset.id,
        title: (tr.querySelector('.doc-open')?.textContent ?? '').trim(),
        len: len?.dataset.len ? Number(len.dataset.len) : null,
        lenText: len?.textContent.trim() ?? '',
        total: Number(tr.querySelector('td.counts-cell')?.dataset.total ?? 'NaN'),
        counts,
        changed: tr.querySelector('td.changed')?.textContent.trim() ?? '',
        current: tr.classList.contains('current'),
      };
    }),
  );
}

/** The panel's row for a title (exactly one). */
export async function rowOf(page, title) {
  const rows = (await libraryRows(page)).filter((r) => r.title === title);
  assert.equal(rows.length, 1, `expected one library row titled ${JSON.stringify(title)}; rows: ${JSON.stringify(await libraryRows(page))}`);
  return rows[0];
}

/** Opens a document from the library panel by its title, and waits for its h1. */
export async function openFromLibrary(page, title) {
  await openLibrary(page);
  const { id } = await rowOf(page, title);
  await page.locator(`dialog#library tr[data-id="${id}"] button.doc-open`).click();
  await page.locator('dialog#library[open]').waitFor({ state: 'detached' });
  await eventually(`the document ${JSON.stringify(title)} to open`, async () => assert.equal((await readState(page)).h1, title));
}

/** Adds pasted text through "Paste text…"; returns the title the dialog guessed. */
export async function pasteDocument(page, text, { title } = {}) {
  await page.locator('#paste-button').click();
  await page.locator('dialog#paste-dialog[open]').waitFor();
  await page.locator('textarea#paste-text').fill(text);
  const guessed = await page.locator('input#paste-title').inputValue();
  if (title !== undefined) await page.locator('input#paste-title').fill(title);
  await page.locator('#paste-add').click();
  await page.locator('dialog#paste-dialog[open]').waitFor({ state: 'detached' });
  return guessed;
}

/** Answers the label-mapping dialog: { fileLabel: 'claim' | 'figure' | 'actor' | 'location' | '' (drop) }. */
export async function mapLabels(page, choices) {
  await page.locator('dialog#label-map[open]').waitFor();
  for (const [label, to] of Object.entries(choices)) {
    await page.locator(`dialog#label-map select[data-label="${label}"]`).selectOption(to);
  }
  await page.locator('#label-map-ok').click();
  await page.locator('dialog#label-map[open]').waitFor({ state: 'detached' });
}

/** The labels the mapping dialog asks about, with their counts and preselected answers. */
export async function labelQuestions(page) {
  await page.locator('dialog#label-map[open]').waitFor();
  return page.evaluate(() =>
    [...document.querySelectorAll('dialog#label-map tbody tr')].map((tr) => ({
      label: tr.querySelector('select').dataset.label,
      spans: Number(tr.querySelector('td.n').textContent),
      selected: tr.querySelector('select').value,
    })),
  );
}

/** Waits until local storage stops changing; returns its dump. */
export async function quietStorage(page) {
  let before = await storageDump(page);
  for (let i = 0; i < 40; i++) {
    await sleep(150);
    const now = await storageDump(page);
    if (now === before) return now;
    before = now;
  }
  throw new Error('local storage kept changing for 6 s');
}

/** The parsed spanmark:library value. */
export async function storedLibrary(page) {
  return page.evaluate(() => JSON.parse(localStorage.getItem('spanmark:library')));
}

/** Every spanmark:doc:<id>… key of a document id (ids with ':' or '%' are escaped in keys). */
export async function docKeys(page, id) {
  return page.evaluate((docId) => {
    const kid = docId.replace(/%/g, '%25').replace(/:/g, '%3A');
    const head = `spanmark:doc:${kid}`;
    const out = [];
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (k === head || k.startsWith(`${head}:`)) out.push(k);
    }
    return out.sort();
  }, id);
}
