// The benchmark document, generated deterministically from a seed: a "novel" of exactly
// 1,000,000 code points (paragraphs of varied length separated by blank lines, a few with
// CRLF line ends; some emoji, CJK sentences and combining marks) and 10,000 annotations over
// the four labels, many nested (an actor inside a claim, a location inside an actor) and many
// overlapping (claims that straddle sentences, a few that cross paragraph breaks).
//
// It is written in the app's native export format (../shared/spec/export-format.md): offsets
// in code points, quotes equal to the code-point slice, annotations sorted by
// (start, end, label), no two annotations on the same (start, end) at all (so relabelling one
// can never collide with another).
//
//   import { generate } from './lib/gen.mjs';
//   const g = generate();              // { json, file, text, cps, lines, annotations, freeWords, stats }
//
//   node bench/lib/gen.mjs [--out FILE] # writes the file and prints its statistics

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_SEED = 0x5ea1ab1e;
export const TARGET_CODE_POINTS = 1_000_000;
export const TARGET_ANNOTATIONS = 10_000;
export const LABELS = [
  { id: 'claim', name: 'Claim', color: '#e69f00', shortcut: '1' },
  { id: 'figure', name: 'Figure', color: '#0072b2', shortcut: '2' },
  { id: 'actor', name: 'Actor', color: '#009e73', shortcut: '3' },
  { id: 'location', name: 'Location', color: '#cc79a7', shortcut: '4' },
];
export const TITLE = 'Benchmark novel';
export const DOC_ID = 'd-benchmark-novel';

/** mulberry32: a small, fast, deterministic PRNG; returns floats in [0, 1). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------
// Vocabulary. Combining marks are written as separate code points (e + U+0301, not é), so a
// span's code-point length differs from what a reader counts.

const FILLER = (
  'the a of and to in was that it he she they with as for on at by from but not his her their ' +
  'had were been this which one all would there what so up out if about who get when make can ' +
  'like time just him know take people into year your good some could them see other than then ' +
  'now look only come its over think also back after use two how our work first well way even ' +
  'new want because any these give day most us morning river window quietly letter winter road ' +
  'station bridge lantern harbour market corridor silence rumour ledger evening shadow promise ' +
  'engine tower garden signal border archive ferry council weather dispatch orchard village ' +
  'distance memory across beneath towards against without although suddenly slowly carefully'
).split(' ');
const COMBINING_WORDS = [
  'cafe\u0301', 'nai\u0308ve', 're\u0301sume\u0301', 'man\u0303ana', 'fac\u0327ade', 'cooperati\u0302on',
  'Vie\u0323\u0302t', 'pin\u0303ata', 'jalapen\u0303o', 'u\u0308ber', 'Noe\u0308l', 'e\u0301lan',
];
const FIRST = [
  'Olena', 'Mykola', 'Amara', 'Tomasz', 'Ingrid', 'Kenji', 'Lucia', 'Farid', 'Zoe\u0308', 'Bjo\u0308rn',
  'Chiara', 'Dmytro', 'Sipho', 'Aiko', 'Mateus', 'Noor', 'Rafael', 'Hanna', 'Ewa', 'Jonas',
];
const LAST = [
  'Kovalenko', 'Okafor', 'Nowak', 'Lindqvist', 'Watanabe', 'Ferreira', 'Haddad', 'Marchetti',
  'Petrenko', 'Dlamini', 'Sato', 'Almeida', 'Rahman', 'Moreau', 'Bauer', 'Shevchenko', 'Ortega',
];
const ORGS = [
  'the International Criminal Court', 'the air force', 'the city council', 'Al Jazeera',
  'the harbour authority', 'the railway union', 'the ministry of energy', 'the village elders',
  'the border guard', 'the Red Cross', 'the national bank', 'the weather service',
];
const ROLES = ['mayor', 'governor', 'bishop', 'harbour master', 'station chief', 'envoy'];
const PLACES = [
  'Kyiv', 'Fastiv', 'Pokrovsk', 'Donetsk region', 'Lisbon', 'Zu\u0308rich', 'Reykjavi\u0301k', 'Odesa',
  'São Paulo', 'Kharkiv', 'Gdańsk', 'the Black Sea coast', 'Lagos', 'Kyoto', 'Montréal', 'Tbilisi',
  'the northern valley', 'Marseille', 'Cape Town', 'Vilnius',
];
const UNITS = [
  'drones', 'missiles', 'people', 'sq km', 'tonnes of grain', 'trains', 'volunteers', 'percent',
  'households', 'kilometres', 'generators', 'letters', 'days',
];
const VERBS_SAID = ['said', 'claimed', 'insisted', 'told reporters', 'wrote', 'announced', 'warned'];
const VERBS = ['walked to', 'returned to', 'wrote from', 'waited in', 'sent word to', 'left', 'reached'];
const EMOJI = [
  '\u{1F600}', '\u{1F389}', '\u{1F44D}\u{1F3FD}', '\u{1F1FA}\u{1F1E6}', '\u{1F469}\u200D\u{1F4BB}',
  '\u2764\uFE0F', '\u{1F680}', '\u{1F30D}', '\u{1F56F}\uFE0F', '\u{1F682}',
];
// CJK sentences with a place name inside; [before, place, after].
const CJK = [
  ['能源设施是', '基辅', '附近的主要目标。'],
  ['他们在', '哈尔科夫', '的车站等了整整一夜。'],
  ['', '東京', 'の夜は静かだった。'],
  ['报告说', '敖德萨', '港口有三十艘船。'],
  ['彼女は', '京都', 'から手紙を書いた。'],
  ['', '서울', '에서 온 편지가 도착했다.'],
];

// ---------------------------------------------------------------------------------------------

/**
 * Builds the text piece by piece, tracking code-point offsets, and collects candidate spans.
 */
class Builder {
  constructor() {
    this.parts = [];
    this.cp = 0; // code points written so far
    this.candidates = []; // { start, end, label }
    this.words = []; // filler words (plain ASCII, no annotation by construction): { start, end }
    this.lineEnds = []; // { at, len } code-point offset of each line-end sequence
    this.group = 0; // the sentence being written: candidates are kept or dropped per sentence
  }
  push(s) {
    this.parts.push(s);
    this.cp += cpLen(s);
  }
  /** Writes `s` and returns its code-point span. */
  span(s) {
    const start = this.cp;
    this.push(s);
    return { start, end: this.cp };
  }
  lineEnd(seq) {
    for (const ch of seq.match(/\r\n|\r|\n/g)) {
      this.lineEnds.push({ at: this.cp, len: cpLen(ch) });
      this.push(ch);
    }
  }
  annotate(sp, label, group = this.group) {
    this.candidates.push({ start: sp.start, end: sp.end, label, group });
  }
}

const cpLen = (s) => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

function makeGen(seed) {
  const rng = mulberry32(seed);
  const pick = (arr) => arr[Math.floor(rng() * arr.length)];
  const chance = (p) => rng() < p;
  const int = (lo, hi) => lo + Math.floor(rng() * (hi - lo + 1));
  return { rng, pick, chance, int };
}

/** Filler words; each becomes a candidate target for the benchmark's "label new text" edits. */
function filler(b, g, n, { capital = false } = {}) {
  for (let i = 0; i < n; i++) {
    if (i > 0) b.push(' ');
    let w = g.chance(0.02) ? g.pick(COMBINING_WORDS) : g.pick(FILLER);
    if (capital && i === 0) w = w[0].toUpperCase() + w.slice(1);
    const sp = b.span(w);
    if (/^[a-z]+$/i.test(w)) b.words.push(sp);
  }
}

/** An actor phrase; may nest a location ("the mayor of Kyiv"). Returns its span. */
function actor(b, g) {
  const r = g.rng();
  if (r < 0.55) {
    const first = b.span(g.pick(FIRST));
    b.push(' ');
    const last = b.span(g.pick(LAST));
    const whole = { start: first.start, end: last.end };
    b.annotate(whole, 'actor');
    return whole;
  }
  if (r < 0.8) {
    const sp = b.span(g.pick(ORGS));
    b.annotate(sp, 'actor');
    return sp;
  }
  // "the mayor of <place>": an actor containing a location.
  const start = b.cp;
  b.push(`the ${g.pick(ROLES)} of `);
  const place = b.span(g.pick(PLACES));
  b.annotate(place, 'location');
  const whole = { start, end: place.end };
  b.annotate(whole, 'actor');
  return whole;
}

function place(b, g) {
  const sp = b.span(g.pick(PLACES));
  if (g.chance(0.7)) b.annotate(sp, 'location');
  return sp;
}

/** "585 drones": a figure; sometimes the number alone is a second (nested) figure. */
function figure(b, g) {
  const n = g.chance(0.3) ? g.int(1000, 99999).toLocaleString('en-US') : String(g.int(2, 999));
  const num = b.span(n);
  b.push(' ');
  const unit = b.span(g.pick(UNITS));
  const whole = { start: num.start, end: unit.end };
  b.annotate(whole, 'figure');
  if (g.chance(0.15)) b.annotate(num, 'figure');
  return whole;
}

/**
 * One sentence; returns its span and whether it is a claim candidate. Kinds: narrative with
 * entities, reported speech (“…,” X said.), a CJK sentence, a short exclamation with emoji.
 */
function sentence(b, g) {
  b.group++;
  const start = b.cp;
  const group = b.group;
  const r = g.rng();
  if (r < 0.06) {
    // CJK sentence with a place name inside (no spaces, full-width punctuation).
    const [pre, name, post] = g.pick(CJK);
    b.push(pre);
    const sp = b.span(name);
    if (g.chance(0.7)) b.annotate(sp, 'location');
    b.push(post);
    return { start, end: b.cp, claimable: false, group };
  }
  if (r < 0.3) {
    // Reported speech: the quote is a claim; the speaker an actor; a figure or place inside.
    b.push('\u201C');
    const qStart = b.cp;
    filler(b, g, g.int(2, 6), { capital: true });
    b.push(' ');
    if (g.chance(0.5)) figure(b, g);
    else place(b, g);
    b.push(' ');
    filler(b, g, g.int(1, 5));
    const qEnd = b.cp;
    b.push(',\u201D ');
    actor(b, g);
    b.push(` ${g.pick(VERBS_SAID)}.`);
    if (g.chance(0.85)) b.annotate({ start: qStart, end: qEnd }, 'claim');
    return { start, end: b.cp, claimable: false, group };
  }
  if (r < 0.36) {
    filler(b, g, g.int(2, 5), { capital: true });
    b.push(`! ${g.pick(EMOJI)}`);
    if (g.chance(0.3)) b.push(g.pick(EMOJI));
    return { start, end: b.cp, claimable: false, group };
  }
  // Narrative: filler with up to three entities.
  filler(b, g, g.int(2, 7), { capital: true });
  let entities = g.int(0, 3);
  while (entities-- > 0) {
    b.push(' ');
    const e = g.rng();
    if (e < 0.4) actor(b, g);
    else if (e < 0.62) place(b, g);
    else figure(b, g);
    if (g.chance(0.3)) {
      b.push(` ${g.pick(VERBS)} `);
      place(b, g);
    }
    b.push(' ');
    filler(b, g, g.int(1, 6));
  }
  if (g.chance(0.08)) b.push(` ${g.pick(EMOJI)}`);
  b.push('.');
  return { start, end: b.cp, claimable: true, group };
}

/**
 * Generates the benchmark document.
 * @returns {{ json: string, file: object, text: string, cps: string[], lines: {o:number,e:number}[],
 *   annotations: {id:string,label:string,start:number,end:number,text:string}[],
 *   freeWords: {start:number,end:number}[], stats: object }}
 */
export function generate({
  seed = DEFAULT_SEED,
  codePoints = TARGET_CODE_POINTS,
  annotations: nAnns = TARGET_ANNOTATIONS,
} = {}) {
  const g = makeGen(seed);
  const b = new Builder();
  const paragraphs = [];
  let prevLast = null; // last sentence of the previous paragraph
  // Leave room for a final filler paragraph that pads to the exact length.
  const budget = codePoints - 400;
  while (b.cp < budget) {
    if (paragraphs.length > 0) b.lineEnd(g.chance(0.05) ? '\r\n\r\n' : '\n\n');
    // Paragraph length: dialogue lines, ordinary paragraphs, long ones, a few very long.
    const r = g.rng();
    const nSent = r < 0.2 ? 1 : r < 0.7 ? g.int(2, 6) : r < 0.95 ? g.int(7, 20) : g.int(25, 60);
    const start = b.cp;
    const sents = [];
    for (let i = 0; i < nSent && b.cp < budget; i++) {
      if (i > 0) b.push(g.chance(0.03) ? '  ' : ' ');
      sents.push(sentence(b, g));
    }
    paragraphs.push({ start, end: b.cp, sents });
    // Claims: whole sentences, sentence pairs, and spans that straddle sentence boundaries.
    for (let i = 0; i < sents.length; i++) {
      const s = sents[i];
      if (s.claimable && g.chance(0.3)) b.annotate(s, 'claim', s.group);
      if (i + 1 < sents.length && g.chance(0.05)) b.annotate({ start: s.start, end: sents[i + 1].end }, 'claim', s.group);
      if (i + 1 < sents.length && g.chance(0.15)) {
        // From the middle of this sentence to the middle of the next: overlaps both.
        const a = s.start + Math.floor((s.end - s.start) / 2);
        const z = sents[i + 1].start + Math.floor((sents[i + 1].end - sents[i + 1].start) / 2);
        b.candidates.push({ start: a, end: z, label: 'claim', group: s.group, trim: true });
      }
    }
    // Now and then a claim across the paragraph break (it covers the blank line).
    if (prevLast && sents.length && g.chance(0.03)) b.annotate({ start: prevLast.start, end: sents[0].end }, 'claim', prevLast.group);
    prevLast = sents.at(-1) ?? prevLast;
  }
  // Pad to exactly `codePoints` with a last paragraph of filler.
  b.lineEnd('\n\n');
  const padStart = b.cp;
  while (b.cp < codePoints - 1) {
    if (b.cp > padStart) b.push(' ');
    const w = g.pick(FILLER);
    if (b.cp + cpLen(w) + 1 > codePoints) break;
    const sp = b.span(w);
    b.words.push(sp);
  }
  while (b.cp < codePoints - 1) b.push('-');
  b.push('.');
  const text = b.parts.join('');
  const cps = Array.from(text);
  if (cps.length !== codePoints) throw new Error(`generator: text has ${cps.length} code points, not ${codePoints}`);

  // Straddling claims start/end mid-word: move them to word boundaries (no whitespace ends).
  const isSpace = (c) => /\s/u.test(c);
  for (const c of b.candidates) {
    if (!c.trim) continue;
    while (c.start < c.end && !isSpace(cps[c.start - 1] ?? ' ')) c.start--;
    while (c.end < cps.length && !isSpace(cps[c.end])) c.end++;
    while (c.end > c.start && (isSpace(cps[c.end - 1]) || /[,.!]/.test(cps[c.end - 1]))) c.end--;
    delete c.trim;
  }

  // Unique (start, end): the first candidate on a span wins.
  const seen = new Set();
  let cands = b.candidates.filter((c) => {
    const k = `${c.start}:${c.end}`;
    if (c.start >= c.end || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  if (cands.length < nAnns) {
    throw new Error(`generator: only ${cands.length} candidate spans for ${nAnns} annotations; raise the rates`);
  }
  // Keep exactly nAnns: whole sentences (with every candidate that starts in them) in a
  // seeded random order, so nesting and overlap survive the thinning and the annotated
  // sentences are spread over the whole document; the last sentence taken may be cut short.
  const candidateCount = cands.length;
  const groups = new Map();
  for (const c of cands) {
    if (!groups.has(c.group)) groups.set(c.group, []);
    groups.get(c.group).push(c);
  }
  const order = [...groups.keys()].sort((x, y) => x - y);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(g.rng() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const kept = [];
  for (const k of order) {
    if (kept.length >= nAnns) break;
    kept.push(...groups.get(k).slice(0, nAnns - kept.length));
  }
  cands = kept;
  cands.sort((x, y) => x.start - y.start || x.end - y.end || (x.label < y.label ? -1 : x.label > y.label ? 1 : 0));

  const created = '2026-01-01T00:00:00Z';
  const annotations = cands.map((c, i) => ({
    id: `a-bench-${String(i + 1).padStart(5, '0')}`,
    label: c.label,
    start: c.start,
    end: c.end,
    text: cps.slice(c.start, c.end).join(''),
    note: '',
    created_at: created,
  }));

  // Lines as the app renders them: split at \r\n, \r and \n; offsets in code points.
  const lines = [];
  let o = 0;
  for (const le of b.lineEnds) {
    lines.push({ o, e: le.at });
    o = le.at + le.len;
  }
  lines.push({ o, e: codePoints });

  // Filler words that no annotation uses as its exact span: targets for new labels.
  const used = new Set(annotations.map((a) => `${a.start}:${a.end}`));
  const freeWords = b.words.filter((w) => !used.has(`${w.start}:${w.end}`));

  const file = {
    format: 'spanmark',
    version: 1,
    exported_at: created,
    offset_unit: 'codepoint',
    labels: LABELS,
    documents: [
      {
        id: DOC_ID,
        title: TITLE,
        text,
        meta: { date: '2026-01-01', generator: `spanmark bench, seed ${seed}` },
        annotations,
      },
    ],
  };
  const json = JSON.stringify(file);
  const stats = { ...describe({ text, cps, annotations, lines, seed }), candidates: candidateCount };
  return { json, file, text, cps, lines, annotations, freeWords, stats };
}

/** Numbers that show the document is what the benchmark promises. */
function describe({ text, cps, annotations, lines, seed }) {
  const byLabel = Object.fromEntries(LABELS.map((l) => [l.id, 0]));
  for (const a of annotations) byLabel[a.label]++;
  // Nesting and overlap, by a sweep over annotations sorted by start.
  let nested = 0;
  let overlapping = 0;
  const open = []; // ends of annotations still open, by start order
  for (const a of annotations) {
    for (let i = open.length - 1; i >= 0; i--) if (open[i] <= a.start) open.splice(i, 1);
    if (open.some((e) => e >= a.end)) nested++;
    else if (open.length) overlapping++;
    open.push(a.end);
  }
  const crossLine = annotations.filter((a) => /[\r\n]/.test(a.text)).length;
  const astral = cps.filter((c) => c.codePointAt(0) > 0xffff).length;
  const combining = cps.filter((c) => /\p{M}/u.test(c)).length;
  const cjk = cps.filter((c) => /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Hangul}]/u.test(c)).length;
  return {
    seed,
    codePoints: cps.length,
    utf16Units: text.length,
    utf8Bytes: Buffer.byteLength(text, 'utf8'),
    lines: lines.length,
    paragraphs: lines.filter((l) => l.e > l.o).length,
    crlf: (text.match(/\r\n/g) ?? []).length,
    astral,
    combining,
    cjk,
    annotations: annotations.length,
    byLabel,
    nested,
    overlapping,
    crossLine,
  };
}

/** Checks the format's rules on a generated file (the importer refuses a file that breaks one). */
export function validate({ file, cps }) {
  const d = file.documents[0];
  const keys = new Set();
  let prev = null;
  for (const a of d.annotations) {
    if (!(a.start < a.end && a.end <= cps.length)) throw new Error(`bad span ${a.id} ${a.start}..${a.end}`);
    if (cps.slice(a.start, a.end).join('') !== a.text) throw new Error(`quote mismatch ${a.id}`);
    const k = `${a.start}:${a.end}:${a.label}`;
    if (keys.has(k)) throw new Error(`duplicate ${k}`);
    keys.add(k);
    if (prev && (a.start < prev.start || (a.start === prev.start && (a.end < prev.end || (a.end === prev.end && a.label < prev.label))))) {
      throw new Error(`unsorted at ${a.id}`);
    }
    prev = a;
  }
  return true;
}

// CLI: node bench/lib/gen.mjs [--out FILE] [--seed N]
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const get = (f) => (args.includes(f) ? args[args.indexOf(f) + 1] : undefined);
  const t = performance.now();
  const g = generate({ seed: get('--seed') ? Number(get('--seed')) : DEFAULT_SEED });
  validate(g);
  const ms = performance.now() - t;
  const out = get('--out');
  if (out) fs.writeFileSync(out, g.json);
  console.log(JSON.stringify({ ...g.stats, freeWords: g.freeWords.length, jsonBytes: Buffer.byteLength(g.json), ms: Math.round(ms) }, null, 1));
}
