// Checks of an exported native file: the JSON Schema in ../shared/spec, the rules of
// export-format.md the schema cannot state, and the offsets as Python sees them.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import Ajv2020 from 'ajv/dist/2020.js';
import { readSchema, LABELS, LABEL_NAMES } from './env.mjs';
import { bySpan } from './text.mjs';

let ajv;
let validate;

/** Validates against ../shared/spec/spanmark-export.schema.json with Ajv (draft 2020-12). */
export function assertSchemaValid(json, what = 'the export') {
  if (!validate) {
    ajv = new Ajv2020({ allErrors: true, strict: true });
    validate = ajv.compile(readSchema());
  }
  const ok = validate(json);
  assert.ok(
    ok,
    `${what} does not validate against spanmark-export.schema.json:\n` +
      (validate.errors ?? []).map((e) => `  ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`).join('\n'),
  );
}

/**
 * The rules of export-format.md beyond the schema: for every annotation
 * 0 <= start < end <= len(text) in code points, text[start:end] (code points) is the quote,
 * the label is listed; annotations sorted by (start, end, label) with no duplicate span.
 */
export function assertExportRules(json) {
  const labelIds = new Set(json.labels.map((l) => l.id));
  assert.equal(labelIds.size, json.labels.length, `label ids repeat: ${JSON.stringify(json.labels.map((l) => l.id))}`);
  for (const [di, doc] of json.documents.entries()) {
    const cps = Array.from(doc.text);
    const where = (ai) => `documents[${di}] (${JSON.stringify(doc.title)}) annotations[${ai}]`;
    const ids = new Set();
    for (const [ai, a] of doc.annotations.entries()) {
      assert.ok(
        Number.isInteger(a.start) && Number.isInteger(a.end) && a.start >= 0 && a.start < a.end && a.end <= cps.length,
        `${where(ai)}: need 0 <= start < end <= ${cps.length} (code points), got start ${a.start}, end ${a.end}`,
      );
      const quote = cps.slice(a.start, a.end).join('');
      assert.equal(
        quote,
        a.text,
        `${where(ai)}: text[${a.start}:${a.end}] in code points is ${JSON.stringify(quote)}, but the annotation's text is ${JSON.stringify(a.text)}`,
      );
      assert.ok(labelIds.has(a.label), `${where(ai)}: label ${JSON.stringify(a.label)} is not in "labels"`);
      assert.ok(!ids.has(a.id), `${where(ai)}: annotation id ${JSON.stringify(a.id)} repeats`);
      ids.add(a.id);
      if (ai > 0) {
        const prev = doc.annotations[ai - 1];
        const order = bySpan(prev, a);
        assert.notEqual(order, 0, `${where(ai)}: duplicate (start, end, label) = (${a.start}, ${a.end}, ${a.label})`);
        assert.ok(
          order < 0,
          `${where(ai)}: annotations are not sorted by (start, end, label): ` +
            `(${prev.start}, ${prev.end}, ${prev.label}) comes before (${a.start}, ${a.end}, ${a.label})`,
        );
      }
    }
  }
}

/** The four default labels are there with their names and shortcuts. */
export function assertDefaultLabels(json) {
  for (const [i, id] of LABELS.entries()) {
    const l = json.labels.find((x) => x.id === id);
    assert.ok(l, `"labels" lacks the default label ${JSON.stringify(id)}: ${JSON.stringify(json.labels)}`);
    assert.equal(l.name, LABEL_NAMES[id], `label ${id} should be named ${LABEL_NAMES[id]}`);
    if ('shortcut' in l) assert.equal(l.shortcut, String(i + 1), `label ${id} should have shortcut ${i + 1}`);
  }
}

/** The annotations of an exported document, as {label, start, end, text}, compared to expected (any order). */
export function assertAnnotations(doc, expected) {
  const got = doc.annotations.map(({ label, start, end, text }) => ({ label, start, end, text }));
  const want = [...expected].map(({ label, start, end, text }) => ({ label, start, end, text })).sort(bySpan);
  assert.deepEqual(got, want, `exported annotations of ${JSON.stringify(doc.title)} differ from what was annotated`);
}

const PY_CHECK = `
import json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    d = json.load(f)
n = 0
for di, doc in enumerate(d["documents"]):
    t = doc["text"]
    for ai, a in enumerate(doc["annotations"]):
        s, e = a["start"], a["end"]
        where = "documents[%d] annotations[%d]" % (di, ai)
        assert 0 <= s < e <= len(t), "%s: bad offsets %r in a text of %d code points" % (where, (s, e), len(t))
        assert t[s:e] == a["text"], "%s: text[%d:%d] == %r, quote %r" % (where, s, e, t[s:e], a["text"])
        n += 1
print("ok", n)
`;

/**
 * Runs python3 on the exported file: doc["text"][a["start"]:a["end"]] == a["text"] for all.
 * @returns {number} how many annotations python checked
 */
export function assertPythonOffsets(file) {
  const r = spawnSync('python3', ['-c', PY_CHECK, file], { encoding: 'utf8' });
  assert.equal(r.error, undefined, `could not run python3: ${r.error}`);
  assert.equal(r.status, 0, `python3's check of ${file} failed:\n${r.stdout}${r.stderr}`);
  const m = /^ok (\d+)$/m.exec(r.stdout);
  assert.ok(m, `python3 printed no "ok N": ${r.stdout}`);
  return Number(m[1]);
}

/** Schema, rules and python, plus: python checked as many annotations as the file has. */
export function assertValidExport(exp) {
  assertSchemaValid(exp.json, exp.filename);
  assertExportRules(exp.json);
  const total = exp.json.documents.reduce((n, d) => n + d.annotations.length, 0);
  assert.equal(assertPythonOffsets(exp.file), total, 'python3 checked a different number of annotations');
}
