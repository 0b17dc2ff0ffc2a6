#!/usr/bin/env python3
"""Checks spanmark's exports with the programs that consume them.

    check_exports.py DIR [--expect-all] [--no-spacy]

DIR holds downloads as the export menu names them: for each stem, the native
`<stem>.spanmark.json` (the ground truth) and any of `<stem>.doccano.jsonl`,
`<stem>.doccano-utf16.jsonl`, `<stem>.spacy.jsonl`, `<stem>.label-studio.json`,
`<stem>.w3c.jsonld`, `<stem>.brat.tar`, `<stem>.conll.tar`. Every span of the
native file must come out of each format at the same place:

- spaCy: every record becomes a Doc (spacy.blank("en")); doc.char_span(...,
  alignment_mode="expand") never returns None and every span's text is its
  quote, so nothing is dropped or shifted; the entities are set as doc.ents,
  the spans as doc.spans["sc"]; Example.from_dict accepts the record; a DocBin
  round trip keeps them all; the README's DocBin snippet runs on the file.
- doccano (code points, and UTF-16 units), Label Studio, W3C position and quote
  selectors, brat .txt/.ann: their offsets re-sliced in Python give the quotes.
- CoNLL: spaCy's own CoNLL-2003 reader (conll_ner_to_docs) reads every file;
  the tokens re-found in the text, in order and with only whitespace between,
  turn its entities back into the spans the overlap rule keeps.

--expect-all: each stem must have every format. --no-spacy: skip what needs
spaCy (the rest runs on the standard library). Exits non-zero on the first
problem, naming it.
"""

import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LABELS = ["claim", "figure", "actor", "location"]
NATIVE = ".spanmark.json"
FORMATS = [
    ".doccano.jsonl",
    ".doccano-utf16.jsonl",
    ".spacy.jsonl",
    ".label-studio.json",
    ".w3c.jsonld",
    ".brat.tar",
    ".conll.tar",
]
# Python's str.splitlines() breaks, which brat's line reader splits on.
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
W3C_CONTEXT = 32


class Failure(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Failure(msg)


def read_text(path):
    """A file's text exactly, without newline translation (CRLF stays two characters)."""
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def keys(doc):
    return [(a["start"], a["end"], a["label"]) for a in doc["annotations"]]


def keep_longest(spans):
    """The overlap rule: longest first (code points), then earlier start, then
    label; a span is kept when it shares no character with one kept before."""
    kept = []
    for s, e, l in sorted(spans, key=lambda x: (-(x[1] - x[0]), x[0], x[2])):
        if all(e <= ks or ke <= s for ks, ke, _ in kept):
            kept.append((s, e, l))
    return sorted(kept)


# ---------------------------------------------------------------------------
# One checker per format: (path, native documents) -> number of spans checked.


def check_doccano(path, docs, utf16):
    lines = read_text(path).splitlines()
    check(len(lines) == len(docs), f"{len(lines)} lines for {len(docs)} documents")
    n = 0
    for i, (line, doc) in enumerate(zip(lines, docs)):
        rec = json.loads(line)
        text = doc["text"]
        check(rec["text"] == text, f"line {i + 1}: the text differs from the document's")
        got = []
        for s, e, label in rec["label"]:
            if utf16:
                units = text.encode("utf-16-le")
                quote = units[2 * s : 2 * e].decode("utf-16-le")
                s, e = len(units[: 2 * s].decode("utf-16-le")), len(units[: 2 * e].decode("utf-16-le"))
            else:
                quote = text[s:e]
            check(quote == text[s:e], f"line {i + 1}: {label} [{s}, {e}) reads {quote!r}")
            got.append((s, e, label))
        check(got == keys(doc), f"line {i + 1}: spans {got} differ from the document's {keys(doc)}")
        for a in doc["annotations"]:
            check(text[a["start"] : a["end"]] == a["text"], f"line {i + 1}: quote of {a['id']}")
        n += len(got)
    return n


def doc_spans(doc, triples, where):
    """Doc.char_span for each (start, end, label): never None, never widened."""
    out = []
    for s, e, label in triples:
        span = doc.char_span(s, e, label=label, alignment_mode="expand")
        check(span is not None, f"{where}: doc.char_span({s}, {e}, {label!r}, alignment_mode='expand') is None")
        check(
            span.text == doc.text[s:e] and (span.start_char, span.end_char) == (s, e),
            f"{where}: {label} [{s}, {e}) {doc.text[s:e]!r} became [{span.start_char}, {span.end_char}) {span.text!r}: "
            "the span does not start and end on spaCy tokens",
        )
        out.append(span)
    return out


def char_keys(spans):
    return [(s.start_char, s.end_char, s.label_) for s in spans]


def check_spacy(path, docs, spacy_ok):
    lines = read_text(path).splitlines()
    check(len(lines) == len(docs), f"{len(lines)} lines for {len(docs)} documents")
    records = [json.loads(line) for line in lines]
    for i, (rec, doc) in enumerate(zip(records, docs)):
        check(set(rec) == {"text", "entities", "spans"}, f"line {i + 1}: keys {sorted(rec)}")
        check(rec["text"] == doc["text"], f"line {i + 1}: the text differs")
        sc = [tuple(t) for t in rec["spans"]["sc"]]
        check(sc == keys(doc), f"line {i + 1}: spans.sc {sc} is not every span {keys(doc)}")
        ents = [tuple(t) for t in rec["entities"]]
        check(ents == keep_longest(sc), f"line {i + 1}: entities {ents} are not the longest-first subset {keep_longest(sc)}")
    if not spacy_ok:
        return sum(len(r["spans"]["sc"]) for r in records)

    import spacy
    from spacy.tokens import DocBin
    from spacy.training import Example

    nlp = spacy.blank("en")
    db = DocBin()
    want = []
    n = 0
    for i, rec in enumerate(records):
        where = f"line {i + 1}"
        doc = nlp.make_doc(rec["text"])
        ents = doc_spans(doc, rec["entities"], where)
        sc = doc_spans(doc, rec["spans"]["sc"], where)
        doc.ents = ents  # raises if two entities share a token
        doc.spans["sc"] = sc
        check(char_keys(doc.ents) == [tuple(t) for t in rec["entities"]], f"{where}: doc.ents changed the entities")
        eg = Example.from_dict(nlp.make_doc(rec["text"]), {"entities": rec["entities"], "spans": rec["spans"]})
        check(char_keys(eg.reference.ents) == char_keys(doc.ents), f"{where}: Example.from_dict entities differ")
        check(char_keys(eg.reference.spans["sc"]) == char_keys(sc), f"{where}: Example.from_dict spans differ")
        db.add(doc)
        want.append((char_keys(doc.ents), char_keys(sc)))
        n += len(sc)
    back = list(DocBin().from_bytes(db.to_bytes()).get_docs(nlp.vocab))
    check(len(back) == len(records), "the DocBin lost documents")
    for i, (d, (ents, sc)) in enumerate(zip(back, want)):
        check(char_keys(d.ents) == ents and char_keys(d.spans["sc"]) == sc, f"line {i + 1}: the DocBin round trip changed the spans")
    run_readme_snippet(path, records)
    return n


def run_readme_snippet(path, records):
    """Runs README's DocBin snippet on the file and checks train.spacy."""
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    m = re.search(r"```python\n(# spaCy: JSONL -> DocBin\n.*?)```", readme, re.S)
    check(m, "README.md has no ```python block starting '# spaCy: JSONL -> DocBin'")
    import spacy
    from spacy.tokens import DocBin

    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(path, os.path.join(tmp, "export.spacy.jsonl"))
        r = subprocess.run([sys.executable, "-c", m.group(1)], cwd=tmp, capture_output=True, text=True)
        check(r.returncode == 0, f"README's spaCy snippet failed:\n{r.stdout}{r.stderr}")
        docs = list(DocBin().from_disk(os.path.join(tmp, "train.spacy")).get_docs(spacy.blank("en").vocab))
    check(len(docs) == len(records), "README's snippet wrote a different number of documents")
    for d, rec in zip(docs, records):
        check(char_keys(d.ents) == [tuple(t) for t in rec["entities"]], "README's snippet changed the entities")
        check(char_keys(d.spans["sc"]) == [tuple(t) for t in rec["spans"]["sc"]], "README's snippet changed the spans")


def check_label_studio(path, docs):
    tasks = json.loads(read_text(path))
    check(isinstance(tasks, list) and len(tasks) == len(docs), f"{len(tasks)} tasks for {len(docs)} documents")
    n = 0
    for i, (task, doc) in enumerate(zip(tasks, docs)):
        text = task["data"]["text"]
        check(text == doc["text"], f"task {i}: data.text differs")
        results = task["annotations"][0]["result"] if task.get("annotations") else []
        check(len(task.get("annotations", [])) <= 1, f"task {i}: more than one annotation")
        got = []
        for r in results:
            check(
                (r["from_name"], r["to_name"], r["type"]) == ("label", "text", "labels"),
                f"task {i}: result {r['id']} is not label -> text labels",
            )
            v = r["value"]
            s, e = v["start"], v["end"]
            check(text[s:e] == v["text"], f"task {i}: value.text {v['text']!r} but text[{s}:{e}] is {text[s:e]!r}")
            check(len(v["labels"]) == 1 and v["labels"][0] in LABELS, f"task {i}: labels {v['labels']}")
            got.append((s, e, v["labels"][0]))
        check(got == keys(doc), f"task {i}: spans {got} differ from {keys(doc)}")
        check([r["id"] for r in results] == [a["id"] for a in doc["annotations"]], f"task {i}: region ids differ")
        n += len(got)
    return n


def check_w3c(path, docs):
    coll = json.loads(read_text(path))
    check(coll["@context"] == "http://www.w3.org/ns/anno.jsonld", "the @context is not the Web Annotation one")
    check(coll["type"] == "AnnotationCollection" and coll["first"]["type"] == "AnnotationPage", "not a collection with a page")
    items = coll["first"]["items"]
    check(coll["total"] == len(items), f"total {coll['total']} but {len(items)} items")
    by_source = {"urn:spanmark:" + urllib.parse.quote(d["id"], safe=""): d for d in docs}
    got = {d["id"]: [] for d in docs}
    ids = set()
    for a in items:
        check(a["type"] == "Annotation", f"{a.get('id')} is not an Annotation")
        check(a["id"] not in ids, f"annotation id {a['id']} repeats")
        ids.add(a["id"])
        doc = by_source.get(a["target"]["source"])
        check(doc, f"{a['id']}: target source {a['target']['source']} is no exported document")
        text = doc["text"]
        sel = {s["type"]: s for s in a["target"]["selector"]}
        q, p = sel["TextQuoteSelector"], sel["TextPositionSelector"]
        s, e = p["start"], p["end"]
        check(text[s:e] == q["exact"], f"{a['id']}: text[{s}:{e}] is {text[s:e]!r}, exact is {q['exact']!r}")
        check(text[max(0, s - W3C_CONTEXT) : s] == q["prefix"], f"{a['id']}: prefix {q['prefix']!r} is not the text before")
        check(text[e : e + W3C_CONTEXT] == q["suffix"], f"{a['id']}: suffix {q['suffix']!r} is not the text after")
        # The quote selector alone finds the span: prefix + exact + suffix occurs where it says.
        check(text.find(q["prefix"] + q["exact"] + q["suffix"], max(0, s - W3C_CONTEXT)) == s - len(q["prefix"]), f"{a['id']}: quote not found")
        bodies = a["body"] if isinstance(a["body"], list) else [a["body"]]
        tags = [b["value"] for b in bodies if b.get("purpose") == "tagging"]
        notes = [b["value"] for b in bodies if b.get("purpose") == "commenting"]
        check(len(tags) == 1 and tags[0] in LABELS, f"{a['id']}: tagging bodies {tags}")
        got[doc["id"]].append((s, e, tags[0], notes[0] if notes else ""))
    n = 0
    for doc in docs:
        want = [(x["start"], x["end"], x["label"], x.get("note", "")) for x in doc["annotations"]]
        check(got[doc["id"]] == want, f"{doc['title']!r}: annotations {got[doc['id']]} differ from {want}")
        n += len(want)
    return n


def fragments(text, s, e):
    """The span cut at line breaks, without pieces of only whitespace."""
    out, start = [], s
    for i in range(s, e + 1):
        if i == e or text[i] in LINE_BREAKS:
            if start < i and not text[start:i].isspace():
                out.append((start, i))
            start = i + 1
    return out


def untar(path, tmp):
    with tarfile.open(path) as t:
        members = t.getmembers()
        for m in members:
            check(m.isfile() and "/" not in m.name and not m.name.startswith("."), f"unexpected member {m.name}")
        t.extractall(tmp, filter="data") if hasattr(tarfile, "data_filter") else t.extractall(tmp)
    return [m.name for m in members]


def check_brat(path, docs):
    with tempfile.TemporaryDirectory() as tmp:
        names = untar(path, tmp)
        check(names[-2:] == ["annotation.conf", "visual.conf"], f"members {names} do not end with the two .conf files")
        conf = read_text(os.path.join(tmp, "annotation.conf"))
        for label in LABELS:
            check(re.search(rf"^{label}$", conf, re.M), f"annotation.conf lacks the entity {label}")
        pairs = names[:-2]
        check(len(pairs) == 2 * len(docs), f"{len(pairs)} files for {len(docs)} documents")
        n = 0
        for i, doc in enumerate(docs):
            txt, ann = pairs[2 * i], pairs[2 * i + 1]
            check(txt.endswith(".txt") and ann == txt[:-4] + ".ann", f"{txt} and {ann} are not a .txt/.ann pair")
            text = read_text(os.path.join(tmp, txt))
            check(text == doc["text"], f"{txt} is not the document's text")
            tids, got, notes = {}, [], []
            for line in read_text(os.path.join(tmp, ann)).splitlines():
                ident, rest = line.split("\t", 1)
                if ident.startswith("T"):
                    head, quote = rest.split("\t", 1)
                    label, offsets = head.split(" ", 1)
                    frags = [tuple(int(x) for x in f.split(" ")) for f in offsets.split(";")]
                    check(" ".join(text[s:e] for s, e in frags) == quote, f"{ann} {ident}: {quote!r} is not its fragments' text")
                    tids[ident] = len(got)
                    got.append([label, frags, ""])
                elif ident.startswith("#"):
                    head, note = rest.split("\t", 1)
                    kind, target = head.split(" ")
                    check(kind == "AnnotatorNotes" and target in tids, f"{ann} {ident}: {head}")
                    got[tids[target]][2] = note
                else:
                    raise Failure(f"{ann}: unexpected line {line!r}")
            want = []
            for a in doc["annotations"]:
                frags = fragments(text, a["start"], a["end"])
                if frags:
                    note = a.get("note", "")
                    for c in LINE_BREAKS + "\t":
                        note = note.replace(c, " ")
                    want.append([a["label"], frags, note])
            check(got == want, f"{ann}: {got} differ from {want}")
            n += len(got)
    return n


def reassemble(text, words, where):
    """Finds the tokens in the text in order, with only whitespace around them."""
    pos, out = 0, []
    for w in words:
        skip = len(text[pos:]) - len(text[pos:].lstrip())
        pos += skip
        check(text.startswith(w, pos), f"{where}: token {w!r} is not next in the text at {pos} ({text[pos:pos + 20]!r})")
        out.append((pos, pos + len(w)))
        pos += len(w)
    check(text[pos:].strip() == "", f"{where}: text after the last token: {text[pos:pos + 40]!r}")
    return out


def check_conll(path, docs, spacy_ok):
    with tempfile.TemporaryDirectory() as tmp:
        names = untar(path, tmp)
        check([n.rsplit(".", 2)[-2] for n in names] == LABELS, f"members {names} are not one .conll file per label")
        contents = [read_text(os.path.join(tmp, name)) for name in names]
    shapes = [[line.split(" ")[0] for line in c.splitlines()] for c in contents]
    check(all(s == shapes[0] for s in shapes), "the label files differ in tokens or sentences")
    n = 0
    for name, label, content in zip(names, LABELS, contents):
        # Parse: documents of sentences of (token, tag), four columns.
        parsed = []
        for line in content.split("\n"):
            if line.startswith("-DOCSTART-"):
                check(line == "-DOCSTART- -X- O O", f"{name}: {line!r}")
                parsed.append([[]])
            elif line == "":
                if parsed and parsed[-1][-1]:
                    parsed[-1].append([])
            else:
                cols = line.split()
                check(len(cols) == 4 and cols[1:3] == ["_", "_"], f"{name}: {line!r} is not 'token _ _ TAG'")
                parsed[-1][-1].append((cols[0], cols[3]))
        parsed = [[s for s in d if s] for d in parsed]
        check(len(parsed) == len(docs), f"{name}: {len(parsed)} documents for {len(docs)}")
        if spacy_ok:
            from spacy.training.converters import conll_ner_to_docs

            sdocs = list(conll_ner_to_docs(content, n_sents=0, no_print=True))
            nonempty = [d for d in parsed if d]
            check(len(sdocs) == len(nonempty), f"{name}: spaCy read {len(sdocs)} documents, expected {len(nonempty)}")
        si = 0
        for d, (sents, doc) in enumerate(zip(parsed, docs)):
            where = f"{name} document {d + 1}"
            text = doc["text"]
            words = [w for s in sents for w, _ in s]
            offsets = reassemble(text, words, where)
            tags = [t for s in sents for _, t in s]
            # BIO -> spans, never across a sentence.
            spans, k = [], 0
            for s in sents:
                open_ = None
                for _, tag in s:
                    if tag == "O":
                        open_ = None
                    elif tag == f"B-{label}":
                        open_ = [k, k + 1]
                        spans.append(open_)
                    else:
                        check(tag == f"I-{label}" and open_ is not None, f"{where}: {tag} at token {k} continues nothing")
                        open_[1] = k + 1
                    k += 1
            got = [(offsets[a][0], offsets[b - 1][1]) for a, b in spans]
            want = []
            for s, e, l in keep_longest([x for x in keys(doc) if x[2] == label]):
                q = text[s:e]
                if q.strip():
                    want.append((s + len(q) - len(q.lstrip()), e - (len(q) - len(q.rstrip()))))
            check(got == want, f"{where}: BIO spans {got} differ from the kept {label} spans {want}")
            if spacy_ok and words:
                sd = sdocs[si]
                si += 1
                check([t.text for t in sd] == words, f"{where}: spaCy read other tokens")
                ents = [(e.start, e.end) for e in sd.ents]
                check(ents == [tuple(x) for x in spans], f"{where}: spaCy read entities {ents}, the file says {spans}")
                check(all(e.label_ == label for e in sd.ents), f"{where}: spaCy read other labels")
                check(len(tags) == len(sd), f"{where}: token count")
            n += len(got)
    return n


# ---------------------------------------------------------------------------


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    flags = {a for a in argv if a.startswith("--")}
    if len(args) != 1 or not os.path.isdir(args[0]) or flags - {"--expect-all", "--no-spacy"}:
        print(__doc__, file=sys.stderr)
        return 2
    folder = args[0]
    spacy_ok = "--no-spacy" not in flags
    if spacy_ok:
        import spacy

        print(f"spaCy {spacy.__version__}, Python {sys.version.split()[0]}")
    files = sorted(os.listdir(folder))
    stems = [f[: -len(NATIVE)] for f in files if f.endswith(NATIVE)]
    if not stems:
        print(f"FAIL: no *{NATIVE} in {folder}", file=sys.stderr)
        return 1
    known = {s + NATIVE for s in stems} | {s + x for s in stems for x in FORMATS}
    stray = [f for f in files if f not in known]
    total = checked = 0
    current = ""
    try:
        check(not stray, f"files of no known format or without a {NATIVE} beside them: {stray}")
        for stem in stems:
            with open(os.path.join(folder, stem + NATIVE), encoding="utf-8") as f:
                docs = json.load(f)["documents"]
            for ext in FORMATS:
                current = stem + ext
                path = os.path.join(folder, current)
                if not os.path.exists(path):
                    check("--expect-all" not in flags, f"{stem + ext} is missing")
                    continue
                try:
                    if ext == ".doccano.jsonl":
                        n = check_doccano(path, docs, utf16=False)
                    elif ext == ".doccano-utf16.jsonl":
                        n = check_doccano(path, docs, utf16=True)
                    elif ext == ".spacy.jsonl":
                        n = check_spacy(path, docs, spacy_ok)
                    elif ext == ".label-studio.json":
                        n = check_label_studio(path, docs)
                    elif ext == ".w3c.jsonld":
                        n = check_w3c(path, docs)
                    elif ext == ".brat.tar":
                        n = check_brat(path, docs)
                    else:
                        n = check_conll(path, docs, spacy_ok)
                except Failure:
                    raise
                except Exception as e:  # a crash reading a file is a failure of that file
                    raise Failure(f"{type(e).__name__}: {e}") from e
                what = "spans kept by the overlap rule" if ext == ".conll.tar" else "spans"
                docs_n = f"{len(docs)} document{'s' if len(docs) != 1 else ''}"
                print(f"ok {current}: {n} {what} in {docs_n}")
                checked += 1
                total += n
    except Failure as e:
        print(f"FAIL {current + ': ' if current else ''}{e}", file=sys.stderr)
        return 1
    print(f"ok: {checked} exports of {len(stems)} stems, {total} spans, none dropped or shifted")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
