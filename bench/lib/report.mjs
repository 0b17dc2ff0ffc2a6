// Statistics and the results table.

export function median(xs) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Nearest-rank percentile (p in 0..100): the smallest value with at least p% at or below it. */
export function percentile(xs, p) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export const fmtMs = (v) => (Number.isFinite(v) ? (v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0)) + ' ms' : '—');
export const fmtMB = (v) => (Number.isFinite(v) ? (v / 1e6).toFixed(1) + ' MB' : '—');
export const fmtKB = (v) => (Number.isFinite(v) ? (v / 1e3).toFixed(1) + ' KB' : '—');
export const fmtX = (v) => (Number.isFinite(v) ? v.toFixed(2) + '×' : '—');

/**
 * A row: { name, n, median, p95, target, verdict } with values already formatted as strings.
 * Renders a Markdown table whose columns are padded so that it also reads well in a terminal.
 */
export function table(rows, headers = ['Measure', 'n', 'Median', 'p95', 'Target', 'Result']) {
  const keys = ['name', 'n', 'median', 'p95', 'target', 'verdict'];
  const cells = rows.map((r) => keys.map((k) => String(r[k] ?? '')));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const right = [false, true, true, true, false, false];
  const pad = (s, i) => (right[i] ? s.padStart(widths[i]) : s.padEnd(widths[i]));
  const line = (cs) => `| ${cs.map(pad).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (right[i] ? '-'.repeat(w + 1) + ':' : ':' + '-'.repeat(w + 1))).join('|')}|`;
  return [line(headers), rule, ...cells.map(line)].join('\n');
}
