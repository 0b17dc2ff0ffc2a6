#!/usr/bin/env node
// Trunk post_build hook (see Trunk.toml): finishes the build in the staging directory before
// Trunk moves it to dist/.
//
//   1. index.html: processIndexHtml() — today it only adds a Content-Security-Policy <meta>
//      when asked to (--csp or SPANMARK_CSP=1; off by default, see cspFor()).
//   2. sw.js: the service worker (scripts/pwa/sw.js) with this build's file list and version.
//      Every file of the build is listed (URLs relative to sw.js, SRI sha384 digests), and
//      the version is a digest of all of them, so any change to any file changes sw.js and
//      browsers pick up the release on their next visit.
//
// Trunk runs it with TRUNK_STAGING_DIR set. By hand, on any built folder:
//
//   node scripts/pwa/post-build.mjs dist            # rewrite dist/sw.js (e.g. after editing a file)
//   node scripts/pwa/post-build.mjs --csp dist      # and add the CSP <meta> to index.html
//
// A `trunk serve` build (index.html carries Trunk's live-reload script) gets a service worker
// that removes itself and its caches instead, so development always sees fresh files.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const SW_FILE = 'sw.js';

const sri = (bytes, alg = 'sha384') => `${alg}-${crypto.createHash(alg).update(bytes).digest('base64')}`;

/** Every file under `dir` except sw.js and dot files, as sorted '/'-separated relative paths. */
export function listFiles(dir) {
  const out = [];
  const walk = (rel) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile() && child !== SW_FILE) out.push(child);
    }
  };
  walk('');
  return out.sort();
}

/** The contents of every inline <script> (no src attribute), in document order. */
export function inlineScripts(html) {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)]
    .filter(([, attrs]) => !/\bsrc\s*=/i.test(attrs))
    .map(([, , body]) => body);
}

/**
 * A strict policy for this app: scripts only from the app's folder plus the exact inline
 * loader Trunk writes (by its sha384), WebAssembly compilation, styles from the app plus the
 * style attributes Leptos sets; no plugins, no <base> or form tricks. Everything else
 * (fetches, images, the manifest, the service worker) falls back to default-src 'self'.
 */
export function cspFor(html) {
  const hashes = inlineScripts(html).map((body) => `'${sri(body)}'`);
  return [
    "default-src 'self'",
    `script-src 'self' ${[...hashes, "'wasm-unsafe-eval'"].join(' ')}`,
    "style-src 'self' 'unsafe-inline'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Inserts a CSP <meta> before anything it must govern (right after <meta charset>). */
export function addCsp(html, policy = cspFor(html)) {
  if (/http-equiv\s*=\s*["']?content-security-policy/i.test(html)) {
    throw new Error('index.html already has a Content-Security-Policy <meta>');
  }
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}">`;
  for (const anchor of [/<meta\s+charset\s*=[^>]*>/i, /<head\b[^>]*>/i, /<html\b[^>]*>/i]) {
    const m = anchor.exec(html);
    if (m) return html.slice(0, m.index + m[0].length) + meta + html.slice(m.index + m[0].length);
  }
  throw new Error('index.html has neither <meta charset>, <head> nor <html>: nowhere to put the CSP');
}

/** Final touches to index.html. */
export function processIndexHtml(html, { csp = false } = {}) {
  return csp ? addCsp(html) : html;
}

/** Is this the output of `trunk serve` (with its live-reload script)? */
export const isDevServeBuild = (html) => html.includes('{{__TRUNK_ADDRESS__}}');

/** sw.js for a release: the template with VERSION and FILES filled in. */
export function serviceWorker(dir, files = listFiles(dir)) {
  const entries = files.map((file) => [file, sri(fs.readFileSync(path.join(dir, file)))]);
  const version = crypto
    .createHash('sha256')
    .update(entries.map(([file, digest]) => `${file}\0${digest}\n`).join(''))
    .digest('hex')
    .slice(0, 16);
  const template = fs.readFileSync(path.join(HERE, 'sw.js'), 'utf8');
  const list = entries.map((e) => `  ${JSON.stringify(e)},`).join('\n');
  let replaced = 0;
  const source = template
    .replace(/^const VERSION = .*;$/m, () => (replaced++, `const VERSION = ${JSON.stringify(version)};`))
    .replace(/^const FILES = \[\];$/m, () => (replaced++, `const FILES = [\n${list}\n];`));
  if (replaced !== 2) throw new Error(`${path.join(HERE, 'sw.js')}: the VERSION or FILES line is missing`);
  return { source, version, files: entries.length };
}

/** sw.js for `trunk serve`: unregisters itself and deletes this scope's caches. */
export const DEV_SERVICE_WORKER = `// trunk serve build: no offline cache while developing (see scripts/pwa/post-build.mjs).
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const prefix = \`spanmark \${self.registration.scope} \`;
    for (const name of await caches.keys()) if (name.startsWith(prefix)) await caches.delete(name);
    await self.registration.unregister();
  })());
});
`;

/** Processes a built folder in place; returns what it did. */
export function postBuild(dir, { csp = false } = {}) {
  const indexPath = path.join(dir, 'index.html');
  const original = fs.readFileSync(indexPath, 'utf8');
  if (isDevServeBuild(original)) {
    fs.writeFileSync(path.join(dir, SW_FILE), DEV_SERVICE_WORKER);
    return { dev: true };
  }
  const html = processIndexHtml(original, { csp });
  if (html !== original) fs.writeFileSync(indexPath, html);
  const sw = serviceWorker(dir);
  fs.writeFileSync(path.join(dir, SW_FILE), sw.source);
  return { dev: false, version: sw.version, files: sw.files, csp };
}

function main(argv) {
  const args = argv.filter((a) => a !== '--csp');
  const csp = args.length !== argv.length || process.env.SPANMARK_CSP === '1';
  const dir = args[0] ?? process.env.TRUNK_STAGING_DIR;
  if (!dir || args.length > 1) {
    console.error('usage: post-build.mjs [--csp] DIR   (or run by Trunk, with TRUNK_STAGING_DIR set)');
    process.exit(2);
  }
  const done = postBuild(dir, { csp });
  console.error(
    done.dev
      ? '[pwa] trunk serve build: self-removing sw.js (no offline cache while developing)'
      : `[pwa] sw.js version ${done.version}: ${done.files} files precached${done.csp ? '; CSP added to index.html' : ''}`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main(process.argv.slice(2));
