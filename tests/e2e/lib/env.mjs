// Paths and fixed facts the end-to-end tests rely on: where the built app is, where the
// shared spec lives (../shared beside the repository, as on every developer machine and CI),
// and the seed article the app opens on.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const E2E_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = path.resolve(E2E_DIR, '../..');
export const SHARED_DIR = path.resolve(REPO_ROOT, '../shared');
export const SCHEMA_PATH = path.join(SHARED_DIR, 'spec/spanmark-export.schema.json');
export const SEED_PATH = path.join(SHARED_DIR, 'data/seed-article.txt');
export const ARTIFACTS_DIR = path.join(E2E_DIR, 'artifacts');

export const CHROMIUM = process.env.SPANMARK_CHROMIUM || '/usr/bin/chromium';

/** The built app (trunk build --release): $SPANMARK_DIST, else <repo>/dist. */
export function distDir() {
  const dir = path.resolve(process.env.SPANMARK_DIST || path.join(REPO_ROOT, 'dist'));
  const index = path.join(dir, 'index.html');
  if (!fs.existsSync(index)) {
    throw new Error(
      `No built app: ${index} does not exist. Build it first (scripts/build-release.sh) ` +
        `or point SPANMARK_DIST at a built dist/ directory.`,
    );
  }
  return dir;
}

export function readSchema() {
  if (!fs.existsSync(SCHEMA_PATH)) {
    throw new Error(`The export schema is missing at ${SCHEMA_PATH} (shared/ must sit beside the repository).`);
  }
  return JSON.parse(fs.readFileSync(SCHEMA_PATH, 'utf8'));
}

export const SEED_TITLE = 'Energy facilities were the main targets';
export const SEED_FILENAME = 'energy-facilities-were-the-main-targets.spanmark.json';
export const LABELS = ['claim', 'figure', 'actor', 'location'];
export const LABEL_NAMES = { claim: 'Claim', figure: 'Figure', actor: 'Actor', location: 'Location' };
export const LABEL_KEYS = { claim: '1', figure: '2', actor: '3', location: '4' };

/**
 * The seed article as the app must show it: the file's first line starts with the marker
 * " date YYYY-MM-DD " which is not part of the text.
 */
export function readSeed() {
  const raw = fs.readFileSync(SEED_PATH, 'utf8');
  const m = /^ date (\d{4}-\d{2}-\d{2}) /.exec(raw);
  if (!m) throw new Error(`${SEED_PATH} does not start with the " date YYYY-MM-DD " marker`);
  const text = raw.slice(m[0].length);
  if (!text.startsWith('\u201CEnergy facilities')) {
    throw new Error('seed text is expected to start with “Energy facilities');
  }
  return { date: m[1], title: SEED_TITLE, text };
}
