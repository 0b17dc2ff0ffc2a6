// The in-page side of the benchmark: an init script (installed in every page the benchmark
// opens, before the page's own scripts) that timestamps key presses and the frame that paints
// their effect, notes when a page became ready, and keeps Trunk's Wasm handle for the memory
// figure. Everything is measured with performance.now() inside the page, so the numbers do
// not include the round trips between Node and the browser.
//
// "Painted" is the end of the first animation frame in which the edit is visible in the DOM:
// a requestAnimationFrame callback checks the edit's condition; if it holds, that frame's
// style, layout and paint run right after the callback, and a task posted from the callback
// (user-blocking, ahead of the page's own timers and messages) runs after them. Its start
// is t1. If the condition does not hold yet (the app rendered later), the next frame is checked, and so on; a no-op edit
// never resolves and is reported as a failure, never timed.

/**
 * The init script. Runs in the page; `cfg` is JSON.
 * window.__bench:
 *   wasm                 wasm-bindgen's init output (TrunkApplicationStarted)
 *   ready                {cond, raf, painted} ms since navigation start, when the page's
 *                        readiness condition first held, and its frame ran/painted
 *   arm(kind, params, key) prepares the timing of the next press of `key` (KeyboardEvent.key)
 *   result()             Promise of {t0, tListener, tRaf, t1, frames, nextTick, ok, error}
 */
export function initScript(cfg) {
  const B = (window.__bench = { wasm: null, ready: null, pending: null, marks: {} });
  addEventListener('TrunkApplicationStarted', (e) => {
    B.wasm = e.detail && e.detail.wasm;
    B.marks.appStarted = performance.now();
  });

  // The first task after the current frame: a user-blocking `scheduler.postTask` runs ahead
  // of the timers and messages the page queued itself (work it deferred until after the
  // paint must not count as the paint); a MessageChannel message where postTask is missing.
  const nextTask = (f) => {
    if (window.scheduler && typeof scheduler.postTask === 'function') {
      scheduler.postTask(f, { priority: 'user-blocking' });
    } else {
      const ch = new MessageChannel();
      ch.port1.onmessage = f;
      ch.port2.postMessage(null);
    }
  };
  const afterFrame = (cb) =>
    requestAnimationFrame(() => {
      const tRaf = performance.now();
      nextTask(() => cb(tRaf, performance.now()));
    });

  // ---- readiness after a navigation ------------------------------------------------------
  let expect = null;
  try {
    expect = JSON.parse(sessionStorage.getItem('__bench_expect') || 'null');
  } catch {
    /* storage may be unavailable */
  }
  const isStatic = location.pathname.includes(cfg.staticPrefix);
  const text = (el) => (el ? el.textContent.trim() : '');
  let cond;
  if (isStatic) {
    // The plain page: its whole article has been parsed.
    cond = () => document.readyState !== 'loading' && !!document.querySelector('#doc p');
  } else if (expect) {
    // A stored document reopened: the article has every line, the panel the annotations.
    // (Cheap checks first: this runs on every batch of DOM mutations.)
    cond = () => {
      const doc = document.getElementById('doc');
      if (!doc || text(document.querySelector('h1')) !== expect.title) return false;
      if (text(document.querySelector('aside .total')) !== String(expect.total)) return false;
      return !!doc.querySelector('.seg') && doc.getElementsByClassName('chunk').length === expect.chunks;
    };
  } else {
    // The app on the seed article: text rendered in runs (the keydown handler is installed
    // before the view mounts) and the save state shown.
    cond = () => !!document.querySelector('#doc .chunk .seg') && text(document.getElementById('save-state')) !== '';
  }
  let done = false;
  const check = () => {
    if (done || !cond()) return;
    done = true;
    observer.disconnect();
    const tCond = performance.now();
    afterFrame((raf, painted) => {
      B.ready = { cond: tCond, raf, painted };
    });
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, characterData: true });
  document.addEventListener('DOMContentLoaded', check);
  addEventListener('load', check);

  // ---- import → open ----------------------------------------------------------------------
  // t0: the file input's change event (the person picked a file); t1: the end of the first
  // frame that shows the imported document whole (every line, the title, the annotation total
  // and the import message).
  document.addEventListener(
    'change',
    (e) => {
      const w = B.openWatch;
      if (w && w.t0 == null && e.target && e.target.id === 'import-file') {
        w.t0 = performance.now();
        performance.mark('bench:open');
      }
    },
    true,
  );
  B.watchOpen = (exp) => {
    const w = (B.openWatch = { t0: null, tCond: null, tRaf: null, t1: null });
    const cond = () => {
      const doc = document.getElementById('doc');
      const status = document.getElementById('status');
      // Cheap checks first: this runs on every batch of DOM mutations.
      return (
        !!doc &&
        text(status).startsWith(exp.status) &&
        text(document.querySelector('h1')) === exp.title &&
        text(document.querySelector('aside .total')) === String(exp.total) &&
        doc.getElementsByClassName('chunk').length === exp.chunks
      );
    };
    const mo = new MutationObserver(() => {
      if (w.tCond != null || w.t0 == null || !cond()) return;
      w.tCond = performance.now();
      mo.disconnect();
      afterFrame((raf, painted) => {
        w.tRaf = raf;
        w.t1 = painted;
        performance.mark('bench:open-painted');
      });
    });
    mo.observe(document, { childList: true, subtree: true, characterData: true });
  };

  // ---- key press → painted ---------------------------------------------------------------
  const aside = () => (B.asideEl && B.asideEl.isConnected ? B.asideEl : (B.asideEl = document.querySelector('aside')));
  const count = (label) => text(aside().querySelector(`.count[data-label="${label}"]`));
  const total = () => text(aside().querySelector('.total'));
  // Runs of the cached line element inside [s, e) all carry `label`.
  const runsCarry = (chunk, s, e, label, { selected = false } = {}) => {
    let n = 0;
    for (const r of chunk.children) {
      const o = Number(r.dataset.o);
      const z = Number(r.dataset.e);
      if (o >= e || z <= s) continue;
      if (o < s || z > e) return false; // not cut at the span's edges yet
      const labels = (r.getAttribute('data-labels') || '').split(' ');
      if (!labels.includes(label) || !r.classList.contains('hl')) return false;
      if (selected && !r.classList.contains('sel')) return false;
      n++;
    }
    return n > 0;
  };
  const checks = {
    // A new annotation: the total and the label's count went up, its runs carry the label.
    label: (p) => () =>
      total() === String(p.total + 1) &&
      count(p.label) === String(p.count + 1) &&
      runsCarry(B.chunkEl, p.s, p.e, p.label),
    // The selected annotation's label changed: counts moved, its runs carry the new label.
    relabel: (p) => () =>
      count(p.to) === String(p.countTo + 1) &&
      count(p.from) === String(p.countFrom - 1) &&
      runsCarry(B.chunkEl, p.s, p.e, p.to, { selected: true }),
    // The annotation is gone: total and the label's count down, its runs no longer selected.
    delete: (p) => () =>
      total() === String(p.total - 1) &&
      count(p.label) === String(p.count - 1) &&
      ![...B.chunkEl.children].some((r) => r.classList.contains('sel')),
    // A key in the find box: the count line changed and the matches around the view are
    // painted (where the browser has the Custom Highlight API).
    find: (p) => () => {
      const c = text(document.getElementById('find-count'));
      const painted = !(window.CSS && CSS.highlights) || (CSS.highlights.get('find')?.size ?? 0) > 0;
      return c !== p.before && c !== '' && painted;
    },
    // The deleted annotation is back: total and count restored, its runs carry the label.
    undo: (p) => () =>
      total() === String(p.total + 1) &&
      count(p.label) === String(p.count + 1) &&
      runsCarry(B.chunkEl, p.s, p.e, p.label),
  };

  // `key` is KeyboardEvent.key of the press to time: for Ctrl+Z the Control keydown that
  // comes first is not it.
  B.arm = (kind, params, key, timeout = 10000) => {
    let resolve;
    const finished = new Promise((r) => (resolve = r));
    B.pending = { kind, key, check: checks[kind](params), timeout, t0: null, frames: 0, resolve, done: finished };
  };
  B.result = () => {
    const p = B.pending;
    if (!p) return Promise.resolve({ ok: false, error: 'not armed' });
    if (p.t0 == null) return Promise.resolve({ ok: false, error: 'no keydown reached the page' });
    return p.done.then(() => {
      B.pending = null;
      return { t0: p.t0, tListener: p.tListener, tRaf: p.tRaf, t1: p.t1, frames: p.frames, nextTick: p.frameTime > p.t0, ok: p.ok, error: p.error, miss: p.miss };
    });
  };
  addEventListener(
    'keydown',
    (e) => {
      const p = B.pending;
      if (!p || p.t0 != null || e.key.toLowerCase() !== p.key.toLowerCase()) return;
      const now = performance.now();
      // The event's own timestamp is when the browser received the key; use it unless it is
      // implausible (some synthetic events carry 0).
      p.t0 = e.timeStamp > 0 && e.timeStamp <= now && now - e.timeStamp < 1000 ? e.timeStamp : now;
      p.tListener = now;
      performance.mark('bench:key');
      const step = () =>
        requestAnimationFrame((frameTime) => {
          const tRaf = performance.now();
          // The frame's own time is its tick of the frame clock: earlier than the key when
          // the frame that was due anyway painted the edit, later when it waited a tick.
          if (p.frameTime == null) p.frameTime = frameTime;
          let ok = false;
          try {
            ok = !!p.check();
          } catch (err) {
            p.error = String(err && err.stack ? err.stack : err);
          }
          if (!ok && !p.error && tRaf - p.t0 < p.timeout) {
            if (p.frames === 0) p.miss = { total: total(), counts: [...aside().querySelectorAll('.count')].map((c) => c.dataset.label + '=' + text(c)).join(' '), runs: B.chunkEl ? [...B.chunkEl.children].map((r) => `${r.dataset.o}-${r.dataset.e}:${r.getAttribute('data-labels') || ''}${r.classList.contains('sel') ? '*' : ''}`).join(' ') : null };
            p.frames++;
            step();
            return;
          }
          nextTask(() => {
            p.t1 = performance.now();
            performance.mark('bench:painted');
            p.tRaf = tRaf;
            p.ok = ok;
            p.resolve();
          });
        });
      step();
    },
    true,
  );

  // ---- helpers for the runner (not timed) ------------------------------------------------
  const cpToUnits = (s, n) => {
    // UTF-16 length of the first n code points of s.
    let units = 0;
    let i = 0;
    for (const ch of s) {
      if (i++ >= n) break;
      units += ch.length;
    }
    return units;
  };
  /** The line element holding code point cp (binary search over article#doc's .chunk lines). */
  B.chunkAt = (cp) => {
    const doc = document.getElementById('doc');
    const kids = doc.querySelectorAll('.chunk');
    let lo = 0;
    let hi = kids.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (Number(kids[mid].dataset.o) <= cp) lo = mid;
      else hi = mid - 1;
    }
    return kids[lo];
  };
  B.runAt = (chunk, cp) => {
    for (const r of chunk.children) if (Number(r.dataset.o) <= cp && cp < Number(r.dataset.e)) return r;
    return null;
  };
  /** Text node and UTF-16 offset of code point boundary cp inside a run of `chunk`. */
  const point = (chunk, cp, isEnd) => {
    for (const r of chunk.children) {
      const o = Number(r.dataset.o);
      const z = Number(r.dataset.e);
      if (isEnd ? o < cp && cp <= z : o <= cp && cp < z) {
        const node = r.firstChild;
        return { node, offset: cpToUnits(node.data, cp - o) };
      }
    }
    return null;
  };
  /** Selects [s, e) of one line programmatically, scrolled to the middle of the view. */
  B.selectSpan = (s, e) => {
    const chunk = B.chunkAt(s);
    B.chunkEl = chunk;
    chunk.scrollIntoView({ block: 'center' });
    const a = point(chunk, s, false);
    const z = point(chunk, e, true);
    if (!a || !z) return { error: `no runs for ${s}..${e} in line ${chunk.dataset.o}..${chunk.dataset.e}` };
    const sel = getSelection();
    sel.setBaseAndExtent(a.node, a.offset, z.node, z.offset);
    return { text: sel.toString() };
  };
  /** Scrolls the run holding cp to the middle and returns a point on its first character. */
  B.pointAt = (cp) => {
    const chunk = B.chunkAt(cp);
    B.chunkEl = chunk;
    const run = B.runAt(chunk, cp);
    if (!run) return { error: `no run at ${cp}` };
    run.scrollIntoView({ block: 'center' });
    const r = document.createRange();
    r.setStart(run.firstChild, 0);
    r.setEnd(run.firstChild, Math.min(run.firstChild.data.length, cpToUnits(run.firstChild.data, 1)));
    const rect = [...r.getClientRects()].find((x) => x.width > 0) || run.getBoundingClientRect();
    return { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2, runO: Number(run.dataset.o) };
  };
  /** The selected annotation as the app shows it: its list entry and the span of its runs. */
  B.selected = () => {
    const entry = aside().querySelector('.ann-entry.selected');
    const runs = [...document.querySelectorAll('#doc .seg.sel')];
    if (!entry || !runs.length) return null;
    const s = Math.min(...runs.map((r) => Number(r.dataset.o)));
    const e = Math.max(...runs.map((r) => Number(r.dataset.e)));
    B.chunkEl = B.chunkAt(s);
    return { id: entry.dataset.id, label: entry.dataset.label, s, e, lines: new Set(runs.map((r) => r.parentElement)).size };
  };
  B.counts = () => {
    const out = { total: Number(total()) };
    for (const c of aside().querySelectorAll('.count[data-label]')) out[c.dataset.label] = Number(text(c));
    out.alert = text(document.getElementById('alert')).replace(/×$/, '').trim();
    return out;
  };
  /**
   * Resolves after two frames and then `idle` ms without any frame requested: the page is
   * idle before the next key, as when a person presses it. (A key pressed right after a frame
   * would wait for the next tick of the 60 Hz frame clock, up to one interval more.)
   */
  B.settle = (idle = 50) =>
    new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, idle))));
}
