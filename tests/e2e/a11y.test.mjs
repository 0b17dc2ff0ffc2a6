// Accessibility and look: axe-core in real Chromium on every screen we can reach (main screen
// with nested annotations, a selected annotation, a message, the library panel, the paste,
// label-mapping and re-import dialogs) in the
// light and the dark theme; the theme toggle (system → light → dark, remembered, applied
// before the app draws); labels told apart by more than hue (underline pattern, letter); a
// visible focus ring on every control reached with Tab.
//
// To scan another screen (say the shortcut overlay), bring it up and add one line:
//   await expectNoViolations(page, 'shortcut overlay');

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { e2eSuite } from './lib/harness.mjs';
import { LABELS } from './lib/env.mjs';
import { readState } from './lib/dom.mjs';
import { annotate } from './lib/actions.mjs';
import { openLibrary, importFiles } from './lib/library.mjs';
import { eventually } from './lib/wait.mjs';

const { appTest } = e2eSuite();
const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const THEME_KEY = 'spanmark:pref:theme';
const SENTENCE =
  '\u201CEnergy facilities were the main targets,\u201D Zelenskyy said, noting that a drone strike had ' +
  'obliterated a railway station in Fastiv, near Kyiv, the Al Jazeera reported.';
// Page backgrounds of the two themes (style/main.css --bg).
const LIGHT_BG = 'rgb(253, 252, 249)';
const DARK_BG = 'rgb(23, 23, 26)';

/**
 * Runs axe-core on the whole document and fails listing every violation (rule, help, the
 * elements); then checks what axe leaves "incomplete": text over the highlights (whose
 * underlines are background gradients, which axe does not measure) and the label swatches'
 * letters must reach 4.5:1, and each label colour 3:1 against the page and the panels.
 * The app's Content-Security-Policy forbids injected <script> tags, so axe is evaluated
 * through the DevTools protocol, which the policy does not govern.
 */
async function expectNoViolations(page, label) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  // Let pending redraws settle: contrast is computed from what is painted. A span chosen in the
  // list flashes for 1.2 s; its colours are judged once the flash is over.
  // The flash starts in an animation frame after the click: let two frames pass first, so a
  // flash about to start is not mistaken for one already over.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.waitForFunction(() => !document.querySelector('#doc .seg.flash') && document.getAnimations().length === 0, null, { timeout: 5000 });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const violations = await page.evaluate(async () => {
    const res = await window.axe.run(document, { resultTypes: ['violations'] });
    return res.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ')}`),
    }));
  });
  const report = violations
    .map((v) => `- ${v.id} (${v.impact}): ${v.help}\n${v.nodes.slice(0, 8).map((n) => `    ${n}`).join('\n')}` +
      (v.nodes.length > 8 ? `\n    … and ${v.nodes.length - 8} more` : ''))
    .join('\n');
  assert.equal(violations.length, 0, `axe found ${violations.length} violation(s) on the ${label}:\n${report}`);

  const low = await page.evaluate(lowContrast);
  assert.deepEqual(low, [], `contrast too low on the ${label}:\n${low.join('\n')}`);
}

/** Runs in the page: what fails the contrast checks axe cannot make, as sentences. */
function lowContrast() {
  const parse = (c) => {
    let m = /^rgba?\(([^)]+)\)$/.exec(c);
    if (m) {
      const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
      return [p[0], p[1], p[2], p[3] ?? 1];
    }
    m = /^color\(srgb ([^)]+)\)$/.exec(c);
    if (m) {
      const p = m[1].split(/[\s/]+/).filter(Boolean).map(Number);
      return [p[0] * 255, p[1] * 255, p[2] * 255, p[3] ?? 1];
    }
    m = /^#([0-9a-f]{6})$/i.exec(c.trim());
    if (m) return [0, 2, 4].map((i) => parseInt(m[1].slice(i, i + 2), 16)).concat(1);
    throw new Error(`test: cannot read the colour ${c}`);
  };
  const over = (top, under) => top.slice(0, 3).map((v, i) => v * top[3] + under[i] * (1 - top[3])).concat(1);
  // The colour painted behind an element: its own background and its ancestors', composited.
  const backdrop = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    return layers.reduceRight((acc, c) => over(c, acc), [255, 255, 255, 1]);
  };
  const lum = (c) => {
    const [r, g, b] = c.slice(0, 3).map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const out = [];
  for (const el of document.querySelectorAll('#doc .seg.hl, .swatch')) {
    if (!el.getClientRects().length) continue;
    const r = ratio(parse(getComputedStyle(el).color), backdrop(el));
    if (r < 4.5) out.push(`${el.className} "${el.textContent || getComputedStyle(el, '::before').content}": ${r.toFixed(2)}:1`);
  }
  const root = getComputedStyle(document.documentElement);
  for (const l of ['claim', 'figure', 'actor', 'location']) {
    const c = parse(root.getPropertyValue(`--c-${l}`));
    for (const bg of ['--bg', '--panel']) {
      const r = ratio(c, parse(root.getPropertyValue(bg)));
      if (r < 3) out.push(`label colour --c-${l} on ${bg}: ${r.toFixed(2)}:1`);
    }
  }
  return out;
}

/** The seed with each label alone, and nested three deep (claim ⊃ figure ⊃ location). */
async function annotateNested(page) {
  await annotate(page, SENTENCE, 'claim');
  await annotate(page, 'a drone strike had obliterated a railway station in Fastiv, near Kyiv', 'figure');
  await annotate(page, 'Fastiv', 'location');
  await annotate(page, 'Zelenskyy', 'actor');
  await annotate(page, '585 drones and 30 missiles', 'figure');
  await annotate(page, 'Ukrainian air defences', 'actor');
  await annotate(page, 'Moscow', 'location');
  await page.keyboard.press('Escape');
}

const themeButton = (page) => page.getByRole('button', { name: /^Theme: (system|light|dark)$/ });
// index.html's two <meta name=theme-color>, for a light and a dark system.
const themeColors = (page) => page.evaluate(() => [...document.querySelectorAll('meta[name=theme-color]')].map((m) => m.content));
const pageBackground = (page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

appTest('main screen with nested annotations and a selected one: no axe violations, light and dark', async ({ open }) => {
  const { page } = await open('/');
  await page.emulateMedia({ colorScheme: 'light' });
  await annotateNested(page);
  const s = await readState(page);
  const deepest = s.runs.filter((r) => r.labels.length === 3);
  assert.ok(deepest.length > 0, `some run should carry three labels: ${JSON.stringify(s.runs.filter((r) => r.hl))}`);
  assert.equal(await pageBackground(page), LIGHT_BG);
  await expectNoViolations(page, 'main screen (light)');

  await page.locator('#ann-list .ann-entry[data-label="figure"]').first().click();
  await eventually('the figure to be selected', async () =>
    assert.ok((await readState(page)).runs.some((r) => r.sel), 'no run has class sel'),
  );
  await expectNoViolations(page, 'main screen with a selected annotation (light)');

  await page.emulateMedia({ colorScheme: 'dark' });
  await eventually('the system dark theme to apply', async () => assert.equal(await pageBackground(page), DARK_BG));
  await expectNoViolations(page, 'main screen with a selected annotation (system dark)');
  await page.keyboard.press('Escape');
  await expectNoViolations(page, 'main screen (system dark)');
});

appTest('library panel and paste dialog: no axe violations, light and dark', async ({ open }) => {
  const { page } = await open('/');
  await annotate(page, 'Zelenskyy', 'actor');
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await eventually(`the ${scheme} theme`, async () =>
      assert.equal(await pageBackground(page), scheme === 'light' ? LIGHT_BG : DARK_BG),
    );
    await openLibrary(page);
    await expectNoViolations(page, `library panel (${scheme})`);
    // The deletion question shown in a row.
    await page.locator('dialog#library button.delete').first().click();
    await page.locator('#confirm-cancel').waitFor();
    await expectNoViolations(page, `library panel asking to confirm a deletion (${scheme})`);
    await page.locator('#confirm-cancel').click();
    await page.locator('#library-close').click();
    await page.locator('dialog#library[open]').waitFor({ state: 'detached' });

    await page.locator('#paste-button').click();
    await page.locator('dialog#paste-dialog[open]').waitFor();
    await page.locator('#paste-add').click(); // empty: the dialog shows its error
    await page.locator('dialog#paste-dialog .dialog-error:not([hidden])').waitFor();
    await expectNoViolations(page, `paste dialog with its error (${scheme})`);
    await page.locator('#paste-cancel').click();
    await page.locator('dialog#paste-dialog[open]').waitFor({ state: 'detached' });
  }
});

appTest('the shortcut overlay and the find bar with matches: no axe violations, light and dark', async ({ open }) => {
  const { page } = await open('/');
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await eventually(`the ${scheme} theme`, async () =>
      assert.equal(await pageBackground(page), scheme === 'light' ? LIGHT_BG : DARK_BG),
    );
    await page.keyboard.press('?');
    await page.locator('dialog#shortcuts-dialog[open]').waitFor();
    await expectNoViolations(page, `shortcut overlay (${scheme})`);
    await page.keyboard.press('Escape');
    await page.locator('dialog#shortcuts-dialog[open]').waitFor({ state: 'detached' });
    await page.keyboard.press('Control+f');
    await page.keyboard.type('the');
    await eventually('the match count', async () => assert.match(await page.locator('#find-count').textContent(), /of \d+ match/));
    await expectNoViolations(page, `find bar with matches (${scheme})`);
    await page.keyboard.press('Escape');
  }
});

appTest('a refusal message, the label-mapping and re-import dialogs: no axe violations, light and dark', async ({ open }) => {
  const { page } = await open('/');
  const text = 'Rally in Kyiv. Zelenskyy spoke.';
  const cu = (needle) => [text.indexOf(needle), text.indexOf(needle) + needle.length];
  const doccano = `${JSON.stringify({ text, label: [[...cu('Kyiv'), 'LOC'], [...cu('Zelenskyy'), 'PER']] })}\n`;
  const native = JSON.stringify({
    format: 'spanmark',
    version: 1,
    exported_at: '2026-01-02T12:00:00Z',
    offset_unit: 'codepoint',
    labels: LABELS.map((id, i) => ({ id, name: id[0].toUpperCase() + id.slice(1), color: '#000000', shortcut: String(i + 1) })),
    documents: [{ id: 'd-a11y', title: 'Rally', text, annotations: [{ id: 'a1', start: cu('Kyiv')[0], end: cu('Kyiv')[1], label: 'location', text: 'Kyiv' }] }],
  });
  await importFiles(page, [{ name: 'rally.spanmark.json', content: native }]);
  await eventually('the document in', async () => {
    const st = await readState(page);
    assert.equal(st.h1, 'Rally', `alert: ${st.alert}`);
  });
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await importFiles(page, [{ name: 'not-ours.json', content: '{"hello": 1}' }]);
    await page.locator('#alert:not(.empty)').waitFor();
    await expectNoViolations(page, `main screen with a refusal message (${scheme})`);
    await page.locator('#alert .dismiss').click();

    await importFiles(page, [{ name: 'people.jsonl', content: doccano }]);
    await page.locator('dialog#label-map[open]').waitFor();
    await expectNoViolations(page, `label-mapping dialog (${scheme})`);
    await page.locator('#label-map-cancel').click();
    await page.locator('dialog#label-map[open]').waitFor({ state: 'detached' });

    await importFiles(page, [{ name: 'rally.spanmark.json', content: native }]);
    await page.locator('dialog#reimport[open]').waitFor();
    await expectNoViolations(page, `re-import dialog (${scheme})`);
    await page.locator('#reimport-cancel').click();
    await page.locator('dialog#reimport[open]').waitFor({ state: 'detached' });
  }
});

appTest('theme toggle: system → light → dark → system, remembered, shared by tabs, applied before the app draws', async ({ open }) => {
  const app = await open('/');
  const { page } = app;
  await page.emulateMedia({ colorScheme: 'light' });
  const button = themeButton(page);
  assert.equal(await button.count(), 1, 'one button named "Theme: system/light/dark"');
  assert.equal((await button.textContent()).trim(), 'Theme: system', 'the first visit follows the system');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme ?? null), null);

  const steps = [
    ['light', LIGHT_BG, ['#fdfcf9', '#fdfcf9']],
    ['dark', DARK_BG, ['#17171a', '#17171a']],
    ['system', LIGHT_BG, ['#fdfcf9', '#17171a']],
  ];
  for (const [name, bg, metas] of steps) {
    await button.click();
    await eventually(`the theme to become ${name}`, async () => {
      assert.equal((await button.textContent()).trim(), `Theme: ${name}`);
      const got = await page.evaluate((k) => ({
        attr: document.documentElement.dataset.theme ?? null,
        stored: localStorage.getItem(k),
      }), THEME_KEY);
      assert.deepEqual(got, name === 'system' ? { attr: null, stored: null } : { attr: name, stored: name });
      assert.equal(await pageBackground(page), bg);
      assert.deepEqual(await themeColors(page), metas, "the browser's colour (theme-color) follows the choice");
    });
    await expectNoViolations(page, `main screen, theme ${name}`);
  }
  // Another tab of the app follows a choice made here.
  const other = await app.context.newPage();
  await other.goto(app.url);
  await other.locator('#theme-toggle').waitFor();
  await other.emulateMedia({ colorScheme: 'light' });
  await button.click(); // light
  await button.click(); // dark
  await eventually('the other tab to follow', async () => {
    assert.equal((await themeButton(other).textContent()).trim(), 'Theme: dark');
    assert.equal(await pageBackground(other), DARK_BG);
  });
  await button.click(); // system
  await eventually('the other tab to follow back', async () => {
    assert.equal((await themeButton(other).textContent()).trim(), 'Theme: system');
    assert.equal(await pageBackground(other), LIGHT_BG);
  });
  await other.close();

  // An explicit choice wins over the system's either way.
  await button.click(); // light
  await page.emulateMedia({ colorScheme: 'dark' });
  await eventually('light kept under a dark system', async () => assert.equal(await pageBackground(page), LIGHT_BG));
  await button.click(); // dark
  await page.emulateMedia({ colorScheme: 'light' });
  await eventually('dark kept under a light system', async () => assert.equal(await pageBackground(page), DARK_BG));

  // Remembered, and on <html> before <body> exists (so the page never flashes the other theme).
  await app.context.addInitScript(() => {
    new MutationObserver((_, obs) => {
      if (document.body) {
        window.__themeAtBody = document.documentElement.dataset.theme ?? null;
        obs.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await app.reload();
  assert.equal(await page.evaluate(() => window.__themeAtBody), 'dark', 'data-theme was not set before <body> was parsed');
  assert.equal((await themeButton(page).textContent()).trim(), 'Theme: dark');
  assert.equal(await pageBackground(page), DARK_BG);
  assert.deepEqual(await themeColors(page), ['#17171a', '#17171a'], "the browser's colour follows the choice");

  // A stored value this version does not know is treated as "system".
  await page.evaluate((k) => localStorage.setItem(k, 'sepia'), THEME_KEY);
  await app.reload();
  assert.equal((await themeButton(page).textContent()).trim(), 'Theme: system');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme ?? null), null);
});

appTest('labels differ by more than hue: underline pattern and letter per label, three lanes deep', async ({ open }) => {
  const { page } = await open('/');
  await page.emulateMedia({ colorScheme: 'light' });
  await annotateNested(page);
  const looks = await page.evaluate((labels) => {
    // Colours out, so only shape is compared (what a greyscale or colour-blind reader sees).
    const shape = (s) => s.replace(/rgba?\([^)]*\)|color\([^)]*\)|#[0-9a-f]{3,8}\b/gi, 'C');
    const single = {};
    for (const l of labels) {
      const run = [...document.querySelectorAll('#doc .seg.hl')].find((r) => r.dataset.labels === l);
      single[l] = run ? shape(getComputedStyle(run).backgroundImage) : null;
    }
    const letter = (el) => (el ? getComputedStyle(el, '::before').content : null);
    const deep = [...document.querySelectorAll('#doc .seg.hl')].find((r) => r.dataset.labels.split(' ').length === 3);
    const deepStyle = deep && getComputedStyle(deep);
    return {
      single,
      buttonLetters: labels.map((l) => letter(document.querySelector(`.label-btn[data-label="${l}"] .swatch`))),
      buttonBorders: labels.map((l) => {
        const b = document.querySelector(`.label-btn[data-label="${l}"]`);
        return b && getComputedStyle(b).borderBottomStyle;
      }),
      entryLetters: labels.map((l) => letter(document.querySelector(`.ann-entry[data-label="${l}"] .swatch`))),
      countLetters: labels.map((l) => letter(document.querySelector(`.filter[data-label="${l}"] .swatch`))),
      deep: deep && {
        images: deepStyle.backgroundImage.split(/,\s*(?=(?:repeating-)?linear-gradient)/).length,
        positions: deepStyle.backgroundPosition.split(',').map((p) => p.trim()),
        padding: deepStyle.paddingBottom,
      },
    };
  }, LABELS);
  for (const l of LABELS) assert.ok(looks.single[l] && looks.single[l] !== 'none', `no underline drawn for a lone ${l}: ${JSON.stringify(looks)}`);
  assert.equal(new Set(Object.values(looks.single)).size, 4, `the four underlines must differ in shape, not only colour: ${JSON.stringify(looks.single, null, 1)}`);
  for (const key of ['buttonLetters', 'entryLetters', 'countLetters']) {
    assert.deepEqual(looks[key], ['"C"', '"F"', '"A"', '"L"'], `${key}: each swatch shows its label's letter`);
  }
  assert.equal(new Set(looks.buttonBorders).size, 4, `label buttons' underline styles differ: ${looks.buttonBorders}`);
  assert.ok(looks.deep, 'a run covered by three annotations');
  assert.equal(looks.deep.images, 3, `three underlines on the deepest run: ${JSON.stringify(looks.deep)}`);
  assert.equal(new Set(looks.deep.positions).size, 3, `in three different lanes: ${JSON.stringify(looks.deep)}`);

  // High contrast (forced colours) drops author colours and gradients; the underlines stay.
  await page.emulateMedia({ colorScheme: 'dark', forcedColors: 'active' });
  const forced = await page.evaluate(() =>
    [...document.querySelectorAll('#doc .seg.hl')].map((r) => `${r.dataset.labels}: ${getComputedStyle(r).backgroundImage}`),
  );
  assert.ok(forced.length && forced.every((f) => f.includes('gradient')), `underlines lost in forced colours: ${forced.join('\n')}`);
});

appTest('every control reached with Tab shows a focus ring, list entries included', async ({ open }) => {
  const { page } = await open('/');
  await annotate(page, 'Zelenskyy', 'actor');
  await annotate(page, 'Kyiv', 'location');
  await page.keyboard.press('Escape');
  await page.evaluate(() => document.activeElement?.blur());
  const seen = [];
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      // A file input is invisible inside its label, which draws the ring.
      const ringed = el.matches('input[type=file]') ? el.closest('label') : el;
      const cs = getComputedStyle(ringed);
      const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}`;
      const width = parseFloat(cs.outlineWidth);
      const outline = cs.outlineStyle !== 'none' && width >= 2 ? `${cs.outlineWidth} ${cs.outlineStyle} ${cs.outlineColor}` : null;
      // The ring must not be cut off by a scrolling or clipping ancestor (the list of
      // annotations scrolls): its outer edge lies inside every such ancestor's padding box.
      const out = width + parseFloat(cs.outlineOffset || '0');
      const r = ringed.getBoundingClientRect();
      let clippedBy = null;
      for (let a = ringed.parentElement; a && a !== document.documentElement; a = a.parentElement) {
        const acs = getComputedStyle(a);
        if (acs.overflowX === 'visible' && acs.overflowY === 'visible') continue;
        const b = a.getBoundingClientRect();
        const left = b.left + a.clientLeft;
        const top = b.top + a.clientTop;
        // Only the sides it clips against: a box scrolled out of view is not "cut off".
        const cut =
          r.left - out < left - 0.5 || r.right + out > left + a.clientWidth + 0.5 ||
          (r.top - out < top - 0.5 && r.bottom > top) || (r.bottom + out > top + a.clientHeight + 0.5 && r.top < top + a.clientHeight);
        if (cut) {
          clippedBy = a.id || a.className || a.tagName;
          break;
        }
      }
      return { name, visible: el.matches(':focus-visible'), outline, clippedBy };
    });
    if (!f) continue;
    if (seen.some((s) => s.name === f.name && f.name.includes('#'))) break; // wrapped around
    seen.push(f);
  }
  const missing = seen.filter((f) => !f.visible || !f.outline || f.clippedBy);
  assert.deepEqual(missing, [], `focused controls without a visible ring: ${JSON.stringify(missing)}`);
  for (const want of ['button.label-btn', 'button#theme-toggle', 'button.ann-entry', 'select#doc-select']) {
    assert.ok(seen.some((s) => s.name.startsWith(want)), `Tab never reached ${want}: ${seen.map((s) => s.name).join(', ')}`);
  }
});
