// Summarises a Chrome trace (chrome://tracing JSON, as Playwright's browser.stopTracing()
// returns it): self time of the page's renderer main thread, by kind of work.

export const traceCategories = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'disabled-by-default-v8.gc',
  'blink.user_timing',
];

const BUCKETS = [
  ['gc', (n) => /GC|Scavenge|MarkCompact|Sweep|Oilpan/i.test(n)],
  ['script', (n) => /^(FunctionCall|EvaluateScript|EventDispatch|TimerFire|FireAnimationFrame|RunMicrotasks|FireIdleCallback|v8\.|V8\.|CompileScript|CompileCode|wasm|ProfileCall|XHRReadyStateChange|HandlePostMessage)/i.test(n)],
  ['style', (n) => /^(UpdateLayoutTree|RecalculateStyles|ParseAuthorStyleSheet|StyleRecalc|Document::updateStyle)/.test(n)],
  ['intersection observers', (n) => /IntersectionObserver|ComputeIntersections/.test(n)],
  ['hit test', (n) => /^HitTest/.test(n)],
  ['layout', (n) => /^(Layout|UpdateLayout)/.test(n)],
  ['paint', (n) => /^(Paint|PrePaint|Layerize|UpdateLayerTree|PaintImage|CompositeLayers|Commit|Decode|Rasterize|LocalFrameView::RunPostLifecycleSteps|UpdateLifecycle)/.test(n)],
  ['html', (n) => /^ParseHTML/.test(n)],
];
const bucketOf = (name) => BUCKETS.find(([, t]) => t(name))?.[0] ?? 'other';

/**
 * @param {{traceEvents: any[]}|any[]} trace
 * @param {{from?: string, to?: string}} [windows] user timing mark names: only time between
 *   each `from` mark and the next `to` mark counts (default: the whole trace)
 * @returns {{ buckets: Record<string, number>, top: [string, number][], busy: number, windows: number }} in ms
 */
export function summariseTrace(trace, { from, to } = {}) {
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const key = (e) => `${e.pid}:${e.tid}`;
  const mainKeys = new Set(mains.map(key));
  // Complete events per renderer main thread; B/E pairs become complete events.
  const byThread = new Map();
  const open = new Map();
  for (const e of events) {
    const k = key(e);
    if (!mainKeys.has(k)) continue;
    if (!byThread.has(k)) byThread.set(k, []);
    if (e.ph === 'X' && typeof e.dur === 'number') byThread.get(k).push({ name: e.name, ts: e.ts, dur: e.dur });
    else if (e.ph === 'B') {
      if (!open.has(k)) open.set(k, []);
      open.get(k).push(e);
    } else if (e.ph === 'E') {
      const b = open.get(k)?.pop();
      if (b) byThread.get(k).push({ name: b.name, ts: b.ts, dur: e.ts - b.ts });
    }
  }
  // The page's renderer is the busiest one.
  let best = [];
  let bestBusy = -1;
  for (const list of byThread.values()) {
    const busy = list.reduce((a, e) => a + e.dur, 0);
    if (busy > bestBusy) {
      bestBusy = busy;
      best = list;
    }
  }
  // Windows between user timing marks (any thread of the page's process).
  let wins = null;
  if (from && to) {
    const marks = events
      .filter((e) => e.cat?.includes('user_timing') && (e.name === from || e.name === to))
      .sort((a, b) => a.ts - b.ts);
    wins = [];
    let start = null;
    for (const m of marks) {
      if (m.name === from) start = m.ts;
      else if (start != null) {
        wins.push([start, m.ts]);
        start = null;
      }
    }
  }
  const byName = new Map();
  const attribute = (name, a, b) => {
    if (b <= a) return;
    let t = 0;
    if (!wins) t = b - a;
    else for (const [x, y] of wins) t += Math.max(0, Math.min(b, y) - Math.max(a, x));
    if (t > 0) byName.set(name, (byName.get(name) ?? 0) + t / 1000);
  };
  // Sweep: at every moment the innermost running event gets the time (its self time).
  best.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const stack = [];
  let cursor = best[0]?.ts ?? 0;
  const advance = (until) => {
    while (stack.length) {
      const top = stack.at(-1);
      const end = top.ts + top.dur;
      if (end <= until) {
        attribute(top.name, cursor, end);
        cursor = Math.max(cursor, end);
        stack.pop();
      } else {
        attribute(top.name, cursor, until);
        cursor = until;
        return;
      }
    }
    cursor = until;
  };
  for (const e of best) {
    advance(e.ts);
    const parent = stack.at(-1);
    if (parent) e.dur = Math.min(e.dur, parent.ts + parent.dur - e.ts);
    stack.push(e);
  }
  advance(Infinity);
  const buckets = { script: 0, style: 0, layout: 0, 'intersection observers': 0, 'hit test': 0, paint: 0, gc: 0, html: 0, other: 0 };
  let busy = 0;
  for (const [name, ms] of byName) {
    busy += ms;
    buckets[bucketOf(name)] += ms;
  }
  const top = [...byName.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8);
  for (const k of Object.keys(buckets)) if (buckets[k] < 0.005) delete buckets[k];
  return { buckets, top, busy, windows: wins ? wins.length : null };
}
