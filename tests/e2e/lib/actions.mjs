// What a person does in the app, through the real UI: annotate a selection with a key or a
// button, export (capturing the download), import a file, and read local storage.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readState } from './dom.mjs';
import { selectText } from './select.mjs';
import { eventually } from './wait.mjs';
import { LABEL_KEYS, LABEL_NAMES } from './env.mjs';

export const labelButton = (page, label) => page.getByRole('button', { name: LABEL_NAMES[label], exact: true });

/**
 * Drags over the `occurrence`-th `needle` (with `alt`/`expect` as in selectText), then presses the label's key (via 'key') or clicks
 * its button (via 'button'), and waits until #ann-list has one more entry — or, with `amid` (other tabs change the list at the
 * same time, so its count may move underneath), until it has an entry with `label` whose text contains `needle`.
 */
export async function annotate(page, needle, label, { occurrence = 0, via = 'key', alt = false, expect, amid = false } = {}) {
  const before = (await readState(page)).entries.length;
  await selectText(page, needle, occurrence, { alt, expect });
  const how = via === 'key' ? `pressing ${LABEL_KEYS[label]}` : `clicking the ${LABEL_NAMES[label]} button`;
  if (via === 'key') await page.keyboard.press(LABEL_KEYS[label]);
  else await labelButton(page, label).click();
  await eventually(`a new #ann-list entry after selecting ${JSON.stringify(needle)} and ${how}`, async () => {
    const s = await readState(page);
    if (amid) {
      assert.ok(
        s.entries.some((e) => e.label === label && e.text.includes(needle)),
        `#ann-list: ${s.entries.map((e) => `${e.label}:${e.text}`).join(', ')}`,
      );
    } else {
      assert.equal(s.entries.length, before + 1, `#ann-list has ${s.entries.length} entries, expected ${before + 1}`);
    }
  });
}

let downloadDir;

/**
 * Clicks "Export" and captures the download.
 * @returns {Promise<{filename: string, file: string, raw: string, json: any}>}
 */
export async function exportCurrent(page) {
  downloadDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'spanmark-e2e-'));
  const button = page.getByRole('button', { name: 'Export', exact: true });
  let download;
  try {
    [download] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), button.click()]);
  } catch (err) {
    throw new Error(`clicking the "Export" button did not start a download within 10 s: ${err.message}`, { cause: err });
  }
  const failure = await download.failure();
  assert.equal(failure, null, `the export download failed: ${failure}`);
  const filename = download.suggestedFilename();
  const dir = fs.mkdtempSync(path.join(downloadDir, 'dl-'));
  const file = path.join(dir, filename || 'unnamed');
  await download.saveAs(file);
  const raw = fs.readFileSync(file, 'utf8');
  let json;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new Error(`the exported file ${filename} is not JSON (${err.message}); it starts ${JSON.stringify(raw.slice(0, 200))}`);
  }
  return { filename, file, raw, json };
}

/** Chooses format and scope in the menu, clicks Export, saves the download into dir. */
export async function exportAs(page, dir, { format, scope }) {
  await page.getByRole('combobox', { name: 'Export format' }).selectOption(format);
  await page.getByRole('combobox', { name: 'Export scope' }).selectOption(scope);
  const button = page.getByRole('button', { name: 'Export', exact: true });
  let download;
  try {
    [download] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), button.click()]);
  } catch (err) {
    const s = await readState(page);
    throw new Error(
      `Export of ${format} (${scope}) started no download within 10 s; status ${JSON.stringify(s.status)}, ` +
        `alert ${JSON.stringify(s.alert)}`,
      { cause: err },
    );
  }
  assert.equal(await download.failure(), null, `the ${format} download failed`);
  const name = download.suggestedFilename();
  await download.saveAs(path.join(dir, name));
  return name;
}

/** Puts a file into input#import-file as if the person had chosen it. */
export async function importFile(page, name, content) {
  const input = page.locator('input#import-file');
  assert.equal(await input.count(), 1, 'there is no input#import-file on the page');
  await input.setInputFiles({
    name,
    mimeType: 'application/json',
    buffer: Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'),
  });
}

/** Every local storage key and value, sorted by key, as one string (for byte-identical checks). */
export async function storageDump(page) {
  return page.evaluate(() => {
    const pairs = [];
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      pairs.push([key, localStorage.getItem(key)]);
    }
    pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return JSON.stringify(pairs);
  });
}
