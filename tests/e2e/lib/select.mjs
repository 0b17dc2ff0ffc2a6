// Real mouse selection in the article, and clicks on its text.
//
// The needle is found in the concatenated text of article#doc's text nodes (it may span
// several runs and lines: the article has no line-end characters, so a needle crossing a line
// is written without one). Its first and last characters are measured with DOM Ranges inside
// the page, and the selection is made by a real drag: pointer down just inside the first
// character's left edge, several moves, pointer up just inside the last character's right
// edge. The selection is never created programmatically.

import assert from 'node:assert/strict';

/**
 * Runs inside the page: locates the needle, scrolls it into view, and measures the rects of
 * its first, middle and last characters (viewport coordinates).
 */
function measure({ needle, occurrence }) {
  const doc = document.querySelector('article#doc');
  if (!doc) return { error: 'there is no article#doc on the page' };
  const walker = document.createTreeWalker(doc, NodeFilter.SHOW_TEXT);
  const nodes = [];
  let all = '';
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    nodes.push({ node: n, at: all.length });
    all += n.data;
  }
  let idx = -1;
  for (let i = 0; i <= occurrence; i++) {
    idx = all.indexOf(needle, idx + 1);
    if (idx < 0) {
      return {
        error: `occurrence #${occurrence} of ${JSON.stringify(needle)} is not in the article's text ` +
          `(it starts ${JSON.stringify(all.slice(0, 80))}…, ${all.length} UTF-16 units)`,
      };
    }
  }
  // The text node holding UTF-16 unit `pos` (the unit itself, not the boundary before it).
  const unitAt = (pos) => {
    const hit = nodes.find(({ node, at }) => at <= pos && pos < at + node.data.length);
    return { node: hit.node, off: pos - hit.at };
  };
  const isHigh = (c) => c >= 0xd800 && c <= 0xdbff;
  const isLow = (c) => c >= 0xdc00 && c <= 0xdfff;
  // The code point starting at UTF-16 position pos (or, with back, ending just before it).
  const charRange = (pos, back) => {
    let a = back ? pos - 1 : pos;
    if (back && isLow(all.charCodeAt(a)) && isHigh(all.charCodeAt(a - 1))) a -= 1;
    const len = isHigh(all.charCodeAt(a)) && isLow(all.charCodeAt(a + 1)) ? 2 : 1;
    const { node, off } = unitAt(a);
    const r = document.createRange();
    r.setStart(node, off);
    r.setEnd(node, Math.min(off + len, node.data.length));
    return r;
  };
  const rectOf = (r) => {
    const rs = [...r.getClientRects()].filter((x) => x.width > 0 && x.height > 0);
    const x = rs[0] ?? r.getBoundingClientRect();
    return { x: x.x, y: x.y, width: x.width, height: x.height };
  };
  const end = idx + needle.length;
  const first = charRange(idx, false);
  first.startContainer.parentElement.scrollIntoView({ block: 'center', inline: 'nearest' });
  const mid = charRange(idx + Math.floor(needle.length / 2), false);
  const last = charRange(end, true);
  const describe = (x, y) => {
    const el = document.elementFromPoint(x, y);
    if (!el) return 'nothing';
    const cls = el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
    return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${cls} "${(el.textContent ?? '').slice(0, 40)}"`;
  };
  const out = {
    first: rectOf(first),
    mid: rectOf(mid),
    last: rectOf(last),
    viewport: { width: window.innerWidth, height: window.innerHeight },
  };
  const inDoc = (x, y) => {
    const el = document.elementFromPoint(x, y);
    return !!el && doc.contains(el);
  };
  const points = {
    start: [out.first.x + 1, out.first.y + out.first.height / 2],
    end: [out.last.x + out.last.width - 1, out.last.y + out.last.height / 2],
    mid: [out.mid.x + out.mid.width / 2, out.mid.y + out.mid.height / 2],
  };
  for (const [name, [x, y]] of Object.entries(points)) {
    if (x < 0 || y < 0 || x >= out.viewport.width || y >= out.viewport.height) {
      out.error = `the ${name} point (${x.toFixed(1)}, ${y.toFixed(1)}) of ${JSON.stringify(needle)} is outside the ` +
        `${out.viewport.width}x${out.viewport.height} viewport even after scrolling it into view`;
    } else if (!inDoc(x, y)) {
      out.error = `the ${name} point (${x.toFixed(1)}, ${y.toFixed(1)}) of ${JSON.stringify(needle)} hits ${describe(x, y)}, ` +
        'not the article: something covers the text';
    }
  }
  out.points = points;
  return out;
}

async function measureOrThrow(page, needle, occurrence) {
  const geo = await page.evaluate(measure, { needle, occurrence });
  if (geo.error) throw new Error(`cannot locate ${JSON.stringify(needle)} in article#doc: ${geo.error}`);
  return geo;
}

/**
 * Selects the `occurrence`-th `needle` of the article with a real mouse drag and checks that
 * window.getSelection() then holds it. The app snaps a mouse selection outward to whole words
 * (and never splits a grapheme): a needle that is part of a word ends up selecting the whole
 * word, so such a drag either holds `Alt` (`alt: true`: character precision, as the app
 * offers) or says what the snapped selection reads (`expect`).
 * @param {{alt?: boolean, expect?: string}} [options]
 * @returns {Promise<string>} the selection's text
 */
export async function selectText(page, needle, occurrence = 0, { alt = false, expect = needle } = {}) {
  const geo = await measureOrThrow(page, needle, occurrence);
  const [x1, y1] = geo.points.start;
  const [x2, y2] = geo.points.end;
  await page.mouse.move(x1, y1);
  if (alt) await page.keyboard.down('Alt');
  try {
    await page.mouse.down();
    await page.mouse.move(x1 + (x2 - x1) / 3, y1 + (y2 - y1) / 3, { steps: 4 });
    await page.mouse.move(x1 + ((x2 - x1) * 2) / 3, y1 + ((y2 - y1) * 2) / 3, { steps: 4 });
    await page.mouse.move(x2, y2, { steps: 4 });
    await page.mouse.up();
  } finally {
    if (alt) await page.keyboard.up('Alt');
  }

  const selection = await page.evaluate(() => window.getSelection()?.toString() ?? '');
  // A selection across lines (block-level chunks) reads with "\n" between them; the needle
  // has no line ends, like the article.
  const flat = selection.replace(/\r\n|\r|\n/g, '');
  assert.ok(
    flat.includes(needle),
    `after a mouse drag from (${x1.toFixed(1)}, ${y1.toFixed(1)}) to (${x2.toFixed(1)}, ${y2.toFixed(1)}) over ` +
      `${JSON.stringify(needle)}, window.getSelection() is ${JSON.stringify(selection)}, which does not contain it ` +
      '(did the app re-render the article and drop the selection?)',
  );
  assert.equal(
    flat,
    expect,
    `the drag over ${JSON.stringify(needle)}${alt ? ' (Alt held)' : ''} selected ${JSON.stringify(selection)}, ` +
      `expected ${JSON.stringify(expect)}`,
  );
  return selection;
}

/** Clicks the middle character of the `occurrence`-th `needle` in the article. */
export async function clickText(page, needle, occurrence = 0) {
  const geo = await measureOrThrow(page, needle, occurrence);
  const [x, y] = geo.points.mid;
  await page.mouse.click(x, y);
}
