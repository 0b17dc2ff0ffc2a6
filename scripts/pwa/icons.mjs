#!/usr/bin/env node
// Renders the PNG icons in assets/icons/ from assets/icons/icon.svg with headless Chromium
// (the e2e suite's playwright-core and Debian's /usr/bin/chromium). The PNGs are committed;
// run this only after changing the SVG:
//
//   (cd tests/e2e && npm ci) && node scripts/pwa/icons.mjs
//
// Writes icon-192.png and icon-512.png (the SVG as drawn, transparent corners),
// icon-maskable-512.png (full-bleed tile, drawing shrunk into the maskable safe zone) and
// apple-touch-icon.png (180 px, full-bleed: iOS rounds the corners itself).

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = path.join(root, 'assets/icons');
const require = createRequire(path.join(root, 'tests/e2e/package.json'));
const { chromium } = require('playwright-core');

const svg = fs.readFileSync(path.join(dir, 'icon.svg'), 'utf8');
// Full bleed: square tile; the drawing scaled to 80 % so it sits in the safe zone (a circle
// of 40 % radius) that launchers keep whatever mask they apply.
const fullBleed = (scale) =>
  svg
    .replace(/\srx="\d+"/, '')
    .replace('<g id="marks"', `<g id="marks" transform="translate(256 256) scale(${scale}) translate(-256 -256)"`);

const outputs = [
  { file: 'icon-192.png', size: 192, svg },
  { file: 'icon-512.png', size: 512, svg },
  { file: 'icon-maskable-512.png', size: 512, svg: fullBleed(0.8) },
  { file: 'apple-touch-icon.png', size: 180, svg: fullBleed(0.9) },
];

const browser = await chromium.launch({
  executablePath: process.env.SPANMARK_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
try {
  for (const { file, size, svg: source } of outputs) {
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    const body = source.replace('<svg ', `<svg width="${size}" height="${size}" `);
    await page.setContent(`<!doctype html><style>html,body{margin:0;background:transparent}svg{display:block}</style>${body}`);
    await page.screenshot({ path: path.join(dir, file), omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    await page.close();
    console.log(`wrote assets/icons/${file} (${fs.statSync(path.join(dir, file)).size} bytes)`);
  }
} finally {
  await browser.close();
}
