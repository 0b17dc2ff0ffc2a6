// Native spanmark files for tests to import: the default label set, documents whose
// annotations are found by their text, and the file around them.

import { cpFind, cpSlice, bySpan } from './text.mjs';

/** The four default labels as the app exports them. */
export const LABEL_DEFS = [
  { id: 'claim', name: 'Claim', color: '#e69f00', shortcut: '1' },
  { id: 'figure', name: 'Figure', color: '#0072b2', shortcut: '2' },
  { id: 'actor', name: 'Actor', color: '#009e73', shortcut: '3' },
  { id: 'location', name: 'Location', color: '#cc79a7', shortcut: '4' },
];

/** An annotation from `from` to the end of `to` (both found in `text`). */
export function span(text, label, from, to = from, note = '') {
  const a = cpFind(text, from);
  const b = cpFind(text, to);
  return { label, start: a.start, end: b.end, text: cpSlice(text, a.start, b.end), note };
}

/** A document with `anns` sorted as the format wants, ids `a-<id>-<n>`. */
export function doc(id, title, text, anns, meta = {}) {
  const annotations = anns.sort(bySpan).map((a, i) => ({ id: `a-${id}-${i}`, ...a, created_at: '2026-01-02T10:00:00Z' }));
  return { id, title, text, meta, annotations };
}

/** A version 1 file holding `documents`. */
export const nativeFile = (documents) => ({
  format: 'spanmark',
  version: 1,
  exported_at: '2026-01-02T12:00:00Z',
  offset_unit: 'codepoint',
  labels: LABEL_DEFS,
  documents,
});
