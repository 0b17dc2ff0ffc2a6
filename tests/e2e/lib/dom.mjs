// Reading the app's DOM contract in one snapshot, and deriving spans from the runs.
//
//   article#doc > div.chunk[data-o][data-e] > span.seg[data-o][data-e][data-labels].hl.sel
//   aside[aria-label=Annotations] ol#ann-list li button.ann-entry[data-id][data-label]
//   span.count[data-label]

import assert from 'node:assert/strict';

/** One snapshot of everything the tests look at. */
export async function readState(page) {
  return page.evaluate(() => {
    const num = (el, a) => (el.hasAttribute(a) ? Number(el.getAttribute(a)) : null);
    const doc = document.querySelector('article#doc');
    const select = document.querySelector('select#doc-select');
    // The message of an alert/status region, without its controls (e.g. a dismiss button "×").
    const message = (e) => {
      const c = e.cloneNode(true);
      for (const b of c.querySelectorAll('button, [role=button]')) b.remove();
      return c.textContent.replace(/\s+/g, ' ').trim();
    };
    const texts = (sel) => [...document.querySelectorAll(sel)].map(message).filter(Boolean).join(' | ');
    const counts = {};
    for (const c of document.querySelectorAll('span.count[data-label]')) {
      (counts[c.dataset.label] ??= []).push(c.textContent.trim());
    }
    return {
      articleText: doc ? doc.textContent : null,
      chunks: doc
        ? [...doc.querySelectorAll('.chunk')].map((c) => ({ o: num(c, 'data-o'), e: num(c, 'data-e'), text: c.textContent }))
        : [],
      runs: doc
        ? [...doc.querySelectorAll('.seg')].map((s) => ({
            o: num(s, 'data-o'),
            e: num(s, 'data-e'),
            text: s.textContent,
            labels: (s.getAttribute('data-labels') ?? '').split(/\s+/).filter(Boolean),
            hl: s.classList.contains('hl'),
            sel: s.classList.contains('sel'),
          }))
        : [],
      entries: [...document.querySelectorAll('#ann-list .ann-entry')].map((b) => ({
        id: b.getAttribute('data-id'),
        label: b.getAttribute('data-label'),
        text: b.textContent.replace(/\s+/g, ' ').trim(),
      })),
      counts,
      h1: document.querySelector('h1')?.textContent.trim() ?? null,
      time: document.querySelector('time')?.getAttribute('datetime') ?? null,
      selection: window.getSelection()?.toString() ?? '',
      alert: texts('[role=alert]'),
      status: texts('[role=status]'),
      docSelect: select
        ? {
            value: select.value,
            selectedText: select.selectedOptions[0]?.textContent.trim() ?? null,
            options: [...select.options].map((o) => ({ value: o.value, text: o.textContent.trim() })),
          }
        : null,
    };
  });
}

/**
 * Maximal spans of consecutive runs matching `pred` (consecutive = the next run starts where
 * the previous ends, in the same chunk or across a line end): [{o, e, text}].
 * Line ends are not in the article, so a span crossing lines has a gap in offsets; such spans
 * are split per line, which is what a reader sees.
 */
export function spansOf(state, pred) {
  const out = [];
  for (const r of state.runs) {
    if (!pred(r)) continue;
    const last = out.at(-1);
    if (last && last.e === r.o && last.lastIndex === state.runs.indexOf(r) - 1) {
      last.e = r.e;
      last.text += r.text;
      last.lastIndex += 1;
    } else {
      out.push({ o: r.o, e: r.e, text: r.text, lastIndex: state.runs.indexOf(r) });
    }
  }
  return out.map(({ o, e, text }) => ({ o, e, text }));
}

export const labelSpans = (state, label) => spansOf(state, (r) => r.labels.includes(label));
export const selSpans = (state) => spansOf(state, (r) => r.sel);
export const selText = (state) => state.runs.filter((r) => r.sel).map((r) => r.text).join('');

const show = (v) => JSON.stringify(v);

/** The article shows an annotation: runs covering exactly [start, end) carry the label and class hl. */
// With exact (the default) the runs carrying the label must start at `start` and end at `end`
// (no other annotation of that label touches it); otherwise they need only cover it.
export function assertSpanShown(state, { label, start, end, text }, { exact = true } = {}) {
  const spans = labelSpans(state, label);
  const hit = spans.find((s) => (exact ? s.o === start && s.e === end : s.o <= start && s.e >= end));
  assert.ok(
    hit,
    `expected runs (#doc .seg[data-labels~="${label}"]) ${exact ? 'spanning exactly' : 'covering'} code points ` +
      `[${start}, ${end}) ${show(text)}; spans with that label: ${show(spans)}`,
  );
  const runs = state.runs.filter((r) => r.o >= start && r.e <= end);
  assert.equal(
    runs.map((r) => r.text).join(''),
    text,
    `runs inside [${start}, ${end}) should read ${show(text)} (runs: ${show(runs)})`,
  );
  for (const r of runs) {
    assert.ok(r.labels.includes(label) && r.hl, `run ${show(r)} inside ${show(text)} lacks data-labels~="${label}" or class hl`);
  }
}

// A long quote may be shortened in the list: at least its first QUOTE_PREFIX characters, then
// an ellipsis. Quotes up to that length must appear whole.
const QUOTE_PREFIX = 24;
const ELLIPSIS = /\u2026|\.\.\./;

/** Does an entry's text show the quote (whole, or a long quote's beginning and an ellipsis)? */
export function showsQuote(entryText, quote) {
  const flat = quote.replace(/\s+/g, ' ').trim();
  if (entryText.includes(flat)) return true;
  if (Array.from(flat).length <= QUOTE_PREFIX) return false;
  const at = entryText.indexOf(Array.from(flat).slice(0, QUOTE_PREFIX).join(''));
  return at >= 0 && ELLIPSIS.test(entryText.slice(at + QUOTE_PREFIX));
}

/**
 * The side panel lists the annotation: an .ann-entry[data-label] whose text has the label
 * name and the quote.
 */
export function findEntry(state, { label, text }) {
  const entries = state.entries.filter((e) => e.label === label && showsQuote(e.text, text));
  assert.equal(
    entries.length,
    1,
    `expected exactly one #ann-list .ann-entry[data-label="${label}"] showing the quote ${show(text)}; ` +
      `entries: ${show(state.entries)}`,
  );
  assert.match(entries[0].text, new RegExp(label, 'i'), `entry ${show(entries[0])} should name its label`);
  assert.ok(entries[0].id, `entry ${show(entries[0])} has no data-id`);
  return entries[0];
}

/** Every .count[data-label] for each label reads the expected number. */
export function assertCounts(state, expected) {
  for (const [label, n] of Object.entries(expected)) {
    const shown = state.counts[label];
    assert.ok(shown?.length, `no span.count[data-label="${label}"] on the page (counts: ${show(state.counts)})`);
    for (const c of shown) assert.equal(c, String(n), `span.count[data-label="${label}"] should read ${n}, reads ${show(c)}`);
  }
}
