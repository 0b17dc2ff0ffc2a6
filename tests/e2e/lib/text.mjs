// Code-point arithmetic for expectations. JavaScript strings index UTF-16 code units; the
// export format and the DOM contract's data-o/data-e count Unicode code points.

/** Number of code points. */
export const cpLen = (s) => Array.from(s).length;

/** s[start:end] in code points (Python slicing semantics for in-range indices). */
export const cpSlice = (s, start, end) => Array.from(s).slice(start, end).join('');

/**
 * Code-point span of the `occurrence`-th (0-based) occurrence of `needle` in `text`.
 * @returns {{start: number, end: number, text: string}}
 */
export function cpFind(text, needle, occurrence = 0) {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`test setup: occurrence ${occurrence} of ${JSON.stringify(needle)} not in text`);
  }
  const start = cpLen(text.slice(0, at));
  return { start, end: start + cpLen(needle), text: needle };
}

const LINE_END = /\r\n|\r|\n/g;

/** The text as the article must render it: line-end characters removed. */
export const stripLineEnds = (text) => text.replace(LINE_END, '');

/** Lines with code-point offsets, line ends excluded: [{o, e, text}]. */
export function lines(text) {
  const out = [];
  let o = 0;
  let last = 0;
  for (const m of text.matchAll(LINE_END)) {
    const line = text.slice(last, m.index);
    out.push({ o, e: o + cpLen(line), text: line });
    o += cpLen(line) + m[0].length; // \r\n, \r and \n are all BMP: one code point each
    last = m.index + m[0].length;
  }
  const line = text.slice(last);
  out.push({ o, e: o + cpLen(line), text: line });
  return out;
}

/** Compares annotation-like objects by (start, end, label), as the export must be sorted. */
export function bySpan(a, b) {
  return a.start - b.start || a.end - b.end || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
}
