#![cfg(not(target_arch = "wasm32"))]
//! The fuzz targets' regression corpus, replayed by `cargo test`: every file
//! under `fuzz/corpus/<target>/` goes through the same check as the fuzz
//! target `<target>` (`fuzz/checks.rs`): no panic, and what a reader accepts
//! is valid and round-trips. Then 10,000 arbitrary byte strings and 10,000
//! JSON-shaped strings go through every importer and decoder.
//!
//! The `seed-*` files are written by [`write_seed_corpus`]:
//! `cargo test --test fuzz_corpus -- --ignored write_seed_corpus`.
//! Inputs that a fuzzer found (fixed crashes, new coverage) are added beside
//! them under other names and kept (fuzz/README.md).

use std::fs;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{json, Map, Value};
use spanmark_core::export::{doccano as doccano_out, label_studio as ls_out, native, Unit};
use spanmark_core::label::Label;
use spanmark_core::model::{Annotation, Document};
use spanmark_core::storage::{self, Library, LibraryEntry};
use spanmark_core::text::Span;

#[path = "../../../fuzz/checks.rs"]
mod checks;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
}

fn check_of(target: &str) -> checks::Check {
    checks::TARGETS
        .iter()
        .find(|(n, _)| *n == target)
        .map(|(_, f)| *f)
        .unwrap_or_else(|| panic!("no check for {target}"))
}

// ---------------------------------------------------------------------------
// Replay.

/// Every target has a fuzz target file, a `[[bin]]` in fuzz/Cargo.toml and a
/// non-empty corpus directory, and every corpus directory a target.
#[test]
fn targets_corpus_and_cargo_toml_agree() {
    let manifest = fs::read_to_string(root().join("Cargo.toml")).unwrap();
    for (name, _) in checks::TARGETS {
        let src = root().join("fuzz_targets").join(format!("{name}.rs"));
        let text = fs::read_to_string(&src).unwrap_or_else(|e| panic!("{}: {e}", src.display()));
        assert!(
            text.contains(&format!("checks::{name}(data)")),
            "{name}.rs calls its check"
        );
        assert!(
            manifest.contains(&format!("name = \"{name}\"")),
            "{name} is a [[bin]] of fuzz/Cargo.toml"
        );
        let dir = root().join("corpus").join(name);
        let n = fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .count();
        assert!(n > 0, "{} is empty", dir.display());
    }
    for entry in fs::read_dir(root().join("corpus")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        assert!(
            checks::TARGETS.iter().any(|(n, _)| *n == name),
            "fuzz/corpus/{name} belongs to no target"
        );
    }
}

/// Runs `check` on `data`, naming the input when it panics.
fn replay(target: &str, name: &str, data: &[u8]) {
    let check = check_of(target);
    if let Err(e) = std::panic::catch_unwind(|| check(data)) {
        let msg = e
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| e.downcast_ref::<&str>().copied())
            .unwrap_or("(no message)");
        panic!("{target}/{name}: {msg}");
    }
}

#[test]
fn corpus_files_replay_without_panics() {
    let mut total = 0;
    let mut bytes = 0;
    for (target, _) in checks::TARGETS {
        let dir = root().join("corpus").join(target);
        let mut files: Vec<PathBuf> = fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        for f in files {
            let data = fs::read(&f).unwrap();
            bytes += data.len();
            total += 1;
            replay(target, &f.file_name().unwrap().to_string_lossy(), &data);
        }
    }
    assert!(total >= 100, "only {total} corpus files");
    assert!(
        bytes < 1 << 20,
        "the corpus holds {bytes} bytes; keep it under 1 MB"
    );
}

/// The generated seeds too, so that they run even before they are written.
#[test]
fn seeds_replay_without_panics() {
    for (target, name, data) in seeds() {
        replay(target, &name, &data);
    }
}

/// Rewrites the `seed-*` files of the corpus from [`seeds`], leaving other
/// files (found by fuzzing) alone.
#[test]
#[ignore = "writes fuzz/corpus; run by hand after changing the seeds"]
fn write_seed_corpus() {
    for (target, _) in checks::TARGETS {
        let dir = root().join("corpus").join(target);
        fs::create_dir_all(&dir).unwrap();
        for e in fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("seed-")
            {
                fs::remove_file(p).unwrap();
            }
        }
    }
    for (target, name, data) in seeds() {
        let p = root()
            .join("corpus")
            .join(target)
            .join(format!("seed-{name}"));
        assert!(!p.exists(), "two seeds named {}", p.display());
        fs::write(p, data).unwrap();
    }
}

// ---------------------------------------------------------------------------
// Seeds.

const AT: &str = "2026-01-02T03:04:05Z";
const EMOJI: &str = "Rally 🇺🇦👍🏽 in Kyiv: 👩\u{200d}👩\u{200d}👧 families met Zelenskyy.\r\nSecond line e\u{301} 漢字 שלום Fastiv.\rlone CR";

fn sp(a: usize, b: usize) -> Span {
    Span::new(a, b).unwrap()
}

fn cp_index(s: &str, needle: &str) -> (usize, usize) {
    let b = s.find(needle).unwrap();
    let a = s[..b].chars().count();
    (a, a + needle.chars().count())
}

fn emoji_doc(id: &str) -> Document {
    let mut d = Document::new(
        id.into(),
        "Emoji <b>rally</b> \"quoted\"".into(),
        EMOJI.into(),
    );
    d.meta.insert("date".into(), "2026-01-02".into());
    d.meta.insert("<script>".into(), "alert(1)".into());
    let spans = [
        ("Kyiv", Label::Location, "<script>alert(1)</script>"),
        ("Zelenskyy", Label::Actor, "line\nbreak \"and\" quotes"),
        ("families met Zelenskyy", Label::Claim, ""),
        ("Fastiv", Label::Location, "\u{0}nul"),
        ("漢字", Label::Figure, "</textarea>"),
    ];
    for (i, (w, l, note)) in spans.into_iter().enumerate() {
        let (a, b) = cp_index(EMOJI, w);
        d.add(Annotation {
            id: format!("a-{i}"),
            label: l,
            span: sp(a, b),
            note: note.into(),
            created_at: (i % 2 == 0).then(|| AT.to_string()),
        })
        .unwrap();
    }
    // Nested and overlapping with the others.
    let (a, _) = cp_index(EMOJI, "Kyiv");
    let (_, b) = cp_index(EMOJI, "families");
    d.add(Annotation {
        id: "a-outer".into(),
        label: Label::Claim,
        span: sp(a, b),
        note: String::new(),
        created_at: None,
    })
    .unwrap();
    d
}

fn plain_doc(id: &str) -> Document {
    let mut d = Document::new(id.into(), String::new(), "abc def".into());
    d.add(Annotation {
        id: "x".into(),
        label: Label::Figure,
        span: sp(0, 3),
        note: String::new(),
        created_at: None,
    })
    .unwrap();
    d
}

fn native_file() -> String {
    native::export(&[&emoji_doc("d1"), &plain_doc("d2")], AT)
}

fn native_value() -> Value {
    serde_json::from_str(&native_file()).unwrap()
}

/// The native file with one change.
fn native_with(change: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut v = native_value();
    change(&mut v);
    serde_json::to_vec_pretty(&v).unwrap()
}

/// The largest char boundary of `s` at or before `i`.
fn floor(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The native file with one change, as a named seed.
fn ch(name: &str, change: impl FnOnce(&mut Value)) -> (String, Vec<u8>) {
    (name.to_string(), native_with(change))
}

fn b(s: impl AsRef<str>) -> Vec<u8> {
    s.as_ref().as_bytes().to_vec()
}

fn native_seeds() -> Vec<(String, Vec<u8>)> {
    let file = native_file();
    let n = file.len();
    let mut out: Vec<(String, Vec<u8>)> = vec![
        ("valid".into(), b(&file)),
        ("valid-empty-library".into(), b(native::export(&[], AT))),
        (
            "valid-one-doc".into(),
            b(native::export(&[&plain_doc("p")], AT)),
        ),
        ("truncated-half".into(), b(&file[..floor(&file, n / 2)])),
        ("truncated-last-byte".into(), b(&file[..n - 1])),
        (
            "truncated-mid-emoji".into(),
            file.as_bytes()[..file.find('👍').unwrap() + 2].to_vec(),
        ),
        ("deep-200k-brackets".into(), vec![b'['; 200_000]),
        (
            "bom".into(),
            [b"\xef\xbb\xbf".as_slice(), file.as_bytes()].concat(),
        ),
        (
            "invalid-utf8".into(),
            file.replacen("Rally", "R\u{1}lly", 1)
                .replace('\u{1}', "\u{1}\u{1}")
                .into_bytes()
                .into_iter()
                .map(|c| if c == 1 { 0xff } else { c })
                .collect(),
        ),
        (
            "nul-bytes".into(),
            file.replacen("Rally", "Ra\0ly", 1).into_bytes(),
        ),
        ("empty".into(), Vec::new()),
        ("null".into(), b("null")),
        ("list".into(), b("[]")),
        ("object".into(), b("{}")),
        ("string".into(), b("\"spanmark\"")),
        ("number".into(), b("1e400")),
        (
            "duplicate-keys".into(),
            b(file.replacen(
                "\"format\": \"spanmark\",",
                "\"format\": \"x\", \"format\": \"spanmark\",",
                1,
            )),
        ),
        (
            "duplicate-start-key".into(),
            b(file.replacen("\"start\": ", "\"start\": 0, \"start\": ", 1)),
        ),
    ];
    let nums: &[(&str, &str)] = &[
        ("huge", "1e400"),
        ("u64-overflow", "18446744073709551616"),
        ("u64-max", "18446744073709551615"),
        ("negative", "-1"),
        ("float", "1.5"),
        ("float-whole", "6.0"),
        ("negative-zero", "-0"),
        ("exponent", "6e0"),
        ("string", "\"6\""),
        ("null", "null"),
    ];
    for (name, num) in nums {
        // The first annotation's start and end replaced by text.
        let v = native_value();
        let a = &v["documents"][0]["annotations"][0];
        let (s, e) = (a["start"].as_u64().unwrap(), a["end"].as_u64().unwrap());
        let needle = format!("\"start\": {s},\n");
        out.push((
            format!("start-{name}"),
            b(file.replacen(&needle, &format!("\"start\": {num},\n"), 1)),
        ));
        let needle = format!("\"end\": {e},\n");
        out.push((
            format!("end-{name}"),
            b(file.replacen(&needle, &format!("\"end\": {num},\n"), 1)),
        ));
    }
    out.push((
        "utf16-offsets-after-emoji".into(),
        native_with(|v| {
            // Offsets that count UTF-16 units, as JavaScript would.
            for a in v["documents"][0]["annotations"].as_array_mut().unwrap() {
                let q = a["text"].as_str().unwrap().to_string();
                let at = EMOJI.find(&q).unwrap();
                let s = EMOJI[..at].encode_utf16().count();
                a["start"] = json!(s);
                a["end"] = json!(s + q.encode_utf16().count());
            }
        }),
    ));
    out.extend([
        ch("version-2", |v| v["version"] = json!(2)),
        ch("version-0", |v| v["version"] = json!(0)),
        ch("version-string", |v| v["version"] = json!("1")),
        ch("version-float", |v| v["version"] = json!(1.0)),
        ch("version-huge", |v| v["version"] = json!(u64::MAX)),
        ch("no-version", |v| {
            v.as_object_mut().unwrap().remove("version");
        }),
        ch("format-other", |v| v["format"] = json!("doccano")),
        ch("format-number", |v| v["format"] = json!(1)),
        ch("offset-unit-utf16", |v| v["offset_unit"] = json!("utf16")),
        ch("exported-at-bad", |v| {
            v["exported_at"] = json!("2026-01-02 03:04")
        }),
        ch("exported-at-fraction-empty", |v| {
            v["exported_at"] = json!("2026-01-02T03:04:05.Z")
        }),
        ch("exported-at-offset-short", |v| {
            v["exported_at"] = json!("2026-01-02T03:04:05+02")
        }),
        ch("labels-empty", |v| v["labels"] = json!([])),
        ch("labels-null", |v| v["labels"] = Value::Null),
        ch("label-bad-color", |v| {
            v["labels"][0]["color"] = json!("#12345g")
        }),
        ch("label-twice", |v| {
            let l = v["labels"][0].clone();
            v["labels"].as_array_mut().unwrap().push(l);
        }),
        ch("label-unknown", |v| {
            v["documents"][0]["annotations"][0]["label"] = json!("person")
        }),
        ch("documents-object", |v| v["documents"] = json!({})),
        ch("document-string", |v| v["documents"][0] = json!("doc")),
        ch("doc-id-empty", |v| v["documents"][0]["id"] = json!("")),
        ch("doc-id-twice", |v| v["documents"][1]["id"] = json!("d1")),
        ch("doc-text-number", |v| v["documents"][0]["text"] = json!(5)),
        ch("meta-number", |v| {
            v["documents"][0]["meta"]["date"] = json!(5)
        }),
        ch("meta-list", |v| v["documents"][0]["meta"] = json!([])),
        ch("annotations-string", |v| {
            v["documents"][0]["annotations"] = json!("x")
        }),
        ch("annotation-id-empty", |v| {
            v["documents"][0]["annotations"][0]["id"] = json!("")
        }),
        ch("annotation-id-twice", |v| {
            v["documents"][0]["annotations"][1]["id"] = json!("a-0")
        }),
        ch("quote-mismatch", |v| {
            v["documents"][0]["annotations"][0]["text"] = json!("Kyiv!")
        }),
        ch("note-number", |v| {
            v["documents"][0]["annotations"][0]["note"] = json!(1)
        }),
        ch("created-at-list", |v| {
            v["documents"][0]["annotations"][0]["created_at"] = json!([])
        }),
        ch("unsorted", |v| {
            v["documents"][0]["annotations"]
                .as_array_mut()
                .unwrap()
                .reverse()
        }),
        ch("same-key-twice", |v| {
            let a = v["documents"][0]["annotations"][0].clone();
            let arr = v["documents"][0]["annotations"].as_array_mut().unwrap();
            let mut b = a.clone();
            b["id"] = json!("another");
            arr.insert(1, b);
        }),
        ch("end-past-text", |v| {
            let a = &mut v["documents"][1]["annotations"][0];
            a["end"] = json!(8);
            a["text"] = json!("abc def?");
        }),
        ch("empty-span", |v| {
            v["documents"][1]["annotations"][0]["end"] = json!(0)
        }),
        ch("unknown-fields", |v| {
            v["extra"] = json!({"deep": [1, 2, {"x": null}]});
            v["documents"][0]["extra"] = json!(true);
        }),
        ch("hostile-strings", |v| {
            v["documents"][0]["title"] = json!("<img src=x onerror=alert(1)>");
            v["documents"][0]["annotations"][0]["note"] =
                json!("</script><script>alert(1)</script>");
            v["documents"][0]["annotations"][0]["id"] = json!("\"><svg onload=alert(1)>");
        }),
    ]);
    out
}

fn doccano_seeds() -> Vec<(String, Vec<u8>)> {
    let d = emoji_doc("d1");
    let cp = doccano_out::line(&d, Unit::CodePoint);
    let u16 = doccano_out::line(&d, Unit::Utf16);
    let (ks, ke) = cp_index(EMOJI, "Kyiv");
    let ku = EMOJI[..EMOJI.find("Kyiv").unwrap()].encode_utf16().count();
    let flag = EMOJI[..EMOJI.find('🇺').unwrap()].encode_utf16().count();
    let rec = |label: Value| json!({"text": EMOJI, "label": label}).to_string();
    let mut out: Vec<(String, Vec<u8>)> = vec![
        ("export-codepoints".into(), b(&cp)),
        ("export-utf16".into(), b(&u16)),
        ("export-two-lines-crlf".into(), b(format!("{}\r\n\r\n{}", cp.trim_end(), plain_line()))),
        ("json-array".into(), b(format!("[{}, {}]", cp.trim_end(), plain_line()))),
        ("json-single".into(), b(cp.trim_end())),
        ("labels-key-data-key".into(), b(json!({"data": "abc def", "labels": [[0, 3, "ORG"]]}).to_string())),
        (
            "entities-relations".into(),
            b(json!({"text": "abc def", "entities": [
                {"id": 1, "start_offset": 0, "end_offset": 3, "label": "PER", "text": "abc"},
                {"id": 2, "start_offset": 4, "end_offset": 7, "label": "LOC"}],
                "relations": [{"from_id": 1, "to_id": 2, "type": "at"}]}).to_string()),
        ),
        ("utf16-after-emoji".into(), b(rec(json!([[ku, ku + 4, "LOC", "Kyiv"]])))),
        ("codepoints-read-as-utf16".into(), b(rec(json!([[ks, ke, "LOC"]])))),
        ("inside-surrogate-pair".into(), b(rec(json!([[flag + 1, flag + 3, "X"]])))),
        ("end-inside-surrogate-pair".into(), b(rec(json!([[0, flag + 1, "X"]])))),
        ("past-end".into(), b(rec(json!([[0, 10_000, "X"]])))),
        ("empty-span".into(), b(rec(json!([[3, 3, "X"]])))),
        ("inverted".into(), b(rec(json!([[5, 3, "X"]])))),
        ("negative".into(), b(rec(json!([[-1, 3, "X"]])))),
        ("float".into(), b(rec(json!([[0.5, 3, "X"]])))),
        ("huge".into(), b(rec(json!([[u64::MAX - 1, u64::MAX, "X"]])))),
        ("huge-text".into(), b("{\"text\": \"abc\", \"label\": [[0, 1e400, \"X\"]]}")),
        ("short-triple".into(), b(rec(json!([[0, 3]])))),
        ("label-number".into(), b(rec(json!([[0, 3, 5]])))),
        ("classification".into(), b(rec(json!(["positive", "negative"])))),
        ("quote-mismatch".into(), b(rec(json!([[0, 5, "X", "Rally!"]])))),
        ("label-object".into(), b(rec(json!({"a": 1})))),
        ("text-number".into(), b(json!({"text": 5, "label": []}).to_string())),
        ("no-text".into(), b(json!({"label": []}).to_string())),
        ("entities-string-offsets".into(), b(json!({"text": "abc", "entities": [{"start_offset": "0", "end_offset": 3, "label": "X"}]}).to_string())),
        ("not-an-object-line".into(), b("[1, 2]\n\"x\"\n")),
        ("invalid-line".into(), b(format!("{}\n{{\"text\": ", cp.trim_end()))),
        ("blank-lines-only".into(), b("\n \r\n\t\n")),
        ("deep-nesting".into(), b(format!("{{\"text\": \"a\", \"label\": {}", "[".repeat(20_000)))),
        ("nul-and-invalid-utf8".into(), [b"{\"text\": \"a\0b\xff\xfe\", \"label\": [[0, 1, \"X\"]]}".as_slice()].concat()),
        ("bom".into(), [b"\xef\xbb\xbf".as_slice(), cp.as_bytes()].concat()),
        ("line-separators".into(), b(rec(json!([[0, 1, "X"]])).replace("Rally", "R\u{2028}a\u{85}lly"))),
    ];
    out.push((
        "title".into(),
        b(json!({"text": "abc", "title": "  T  ", "label": [[0, 1, "claim"]]}).to_string()),
    ));
    out
}

fn plain_line() -> String {
    doccano_out::line(&plain_doc("p"), Unit::CodePoint)
}

fn ls_seeds() -> Vec<(String, Vec<u8>)> {
    let d = emoji_doc("d1");
    let task = ls_out::task(&d);
    let (ks, ke) = cp_index(EMOJI, "Kyiv");
    let ku = EMOJI[..EMOJI.find("Kyiv").unwrap()].encode_utf16().count();
    let region = |s: Value, e: Value, text: Value, labels: Value| {
        json!({"id": "r1", "from_name": "label", "to_name": "text", "type": "labels",
               "value": {"start": s, "end": e, "text": text, "labels": labels}})
    };
    let task_with = |results: Vec<Value>| {
        json!([{"id": 7, "data": {"text": EMOJI}, "annotations": [{"result": results}]}])
            .to_string()
    };
    vec![
        ("export".into(), b(format!("[{task}]"))),
        ("export-two".into(), b(format!("[{task},\n{}]", ls_out::task(&plain_doc("p"))))),
        ("single-task".into(), b(&task)),
        ("code-points".into(), b(task_with(vec![region(json!(ks), json!(ke), json!("Kyiv"), json!(["LOC", "GPE"]))]))),
        ("utf16-offsets".into(), b(task_with(vec![region(json!(ku), json!(ku + 4), json!("Kyiv"), json!(["LOC"]))]))),
        ("quote-mismatch".into(), b(task_with(vec![region(json!(0), json!(5), json!("Rallx"), json!(["X"]))]))),
        ("past-end".into(), b(task_with(vec![region(json!(0), json!(100_000), Value::Null, json!(["X"]))]))),
        ("empty-span".into(), b(task_with(vec![region(json!(4), json!(4), Value::Null, json!(["X"]))]))),
        ("negative".into(), b(task_with(vec![region(json!(-4), json!(4), Value::Null, json!(["X"]))]))),
        ("float".into(), b(task_with(vec![region(json!(0.5), json!(4), Value::Null, json!(["X"]))]))),
        ("huge".into(), b(task_with(vec![region(json!(u64::MAX), json!(u64::MAX), Value::Null, json!(["X"]))]))),
        ("xpath-offsets".into(), b(task_with(vec![region(json!("/p[1]"), json!("/p[2]"), Value::Null, json!(["X"]))]))),
        ("labels-numbers".into(), b(task_with(vec![region(json!(0), json!(5), Value::Null, json!([1, 2]))]))),
        ("labels-string".into(), b(task_with(vec![region(json!(0), json!(5), Value::Null, json!("X"))]))),
        ("choices-and-relations".into(), b(task_with(vec![
            json!({"type": "choices", "value": {"choices": ["a"]}}),
            json!({"type": "relation", "from_id": "a", "to_id": "b"}),
            json!("not an object"),
        ]))),
        (
            "cancelled-and-predictions".into(),
            b(json!([{"data": {"text": "abc def", "title": " T "},
                "annotations": [
                    {"was_cancelled": true, "result": [{"type": "labels", "value": {"start": 0, "end": 3, "labels": ["A"]}}]},
                    {"result": [{"type": "labels", "value": {"start": 4, "end": 7, "labels": ["B"]}, "meta": {"text": ["note"]}}]},
                    {"result": []}],
                "predictions": [{"result": [{"value": {"start": 0, "end": 1, "labels": ["P"]}}]}]}]).to_string()),
        ),
        ("data-other-field".into(), b(json!([{"data": {"content": "abc"}}]).to_string())),
        ("data-two-fields".into(), b(json!([{"data": {"a": "x", "b": "y"}}]).to_string())),
        ("data-text-number".into(), b(json!([{"data": {"text": 1}}]).to_string())),
        ("data-string".into(), b(json!([{"data": "abc"}]).to_string())),
        ("annotations-object".into(), b(json!([{"data": {"text": "a"}, "annotations": {}}]).to_string())),
        ("result-string".into(), b(json!([{"data": {"text": "a"}, "annotations": [{"result": "x"}]}]).to_string())),
        ("empty-list".into(), b("[]")),
        ("task-number".into(), b("[1]")),
        ("deep-nesting".into(), b(format!("[{{\"data\": {}", "{\"a\": ".repeat(10_000)))),
        ("truncated".into(), b(&task[..task.len() / 2])),
    ]
}

fn text_seeds() -> Vec<(String, Vec<u8>)> {
    let utf16le: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(EMOJI.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let utf16be: Vec<u8> = [0xfe, 0xff]
        .into_iter()
        .chain(EMOJI.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    vec![
        ("plain".into(), b(EMOJI)),
        (
            "markdown".into(),
            b("\n\n## Heading *one*\r\n\r\nBody text.\n"),
        ),
        ("hashes-only".into(), b("####### \n#\n")),
        (
            "bom".into(),
            [b"\xef\xbb\xbf".as_slice(), EMOJI.as_bytes()].concat(),
        ),
        ("bom-only".into(), b"\xef\xbb\xbf".to_vec()),
        ("utf16le".into(), utf16le.clone()),
        ("utf16be".into(), utf16be),
        ("utf16-odd".into(), utf16le[..utf16le.len() - 1].to_vec()),
        (
            "utf16-lone-surrogate".into(),
            vec![0xff, 0xfe, 0x3d, 0xd8, b'a', 0],
        ),
        ("utf16-nul".into(), vec![0xff, 0xfe, b'a', 0, 0, 0]),
        (
            "invalid-utf8".into(),
            b"abc \xc3\x28 \xed\xa0\x80 \xf4\x90\x80\x80".to_vec(),
        ),
        ("nul".into(), b"abc\0def".to_vec()),
        ("whitespace-only".into(), b(" \t\r\n\u{a0}\u{2028}")),
        ("empty".into(), Vec::new()),
        ("lone-cr-lines".into(), b("first\rsecond\rthird")),
        (
            "long-first-line".into(),
            b(format!("{} end\nrest", "word ".repeat(40))),
        ),
        ("long-word".into(), b("x".repeat(300))),
        ("emoji-title".into(), b("👩\u{200d}👩\u{200d}👧".repeat(50))),
        (
            "html-pieces".into(),
            b("\u{2}  Title \u{1}para  one\u{4} two\u{2}\u{3}  pre\n  text \u{3}\u{1}tail\t\u{c}"),
        ),
        ("html-pre-only".into(), b("\u{3}\n\n  \u{3}")),
        ("html-breaks-only".into(), b("\u{1}\u{2}\u{1}  \u{2}")),
        ("html-script".into(), b("<script>alert(1)</script><p>x</p>")),
    ]
}

fn stored(d: &Document) -> Vec<String> {
    let mut kv = storage::encode_document(d);
    // text, head, then the buckets in order (absent ones as MISSING).
    let text = kv.remove(0).1;
    let head = kv.remove(0).1;
    let mut out = vec![text, head];
    for (k, v) in kv {
        let (_, n) = storage::parse_bucket_key(&k).unwrap();
        while out.len() < n + 2 {
            out.push(checks::MISSING.to_string());
        }
        out.push(v);
    }
    out
}

fn joined(parts: &[String]) -> Vec<u8> {
    b(parts.join(checks::SEP))
}

fn storage_seeds() -> Vec<(String, Vec<u8>)> {
    let d = emoji_doc(checks::DOC_ID);
    let parts = stored(&d);
    assert_eq!(parts.len(), 3);
    // A document of two buckets, the second holding annotations.
    let mut long = Document::new(
        checks::DOC_ID.into(),
        "Long".into(),
        "ab 😀\n".repeat(storage::BUCKET_CP / 5 + 100),
    );
    for (i, s) in [
        0,
        10,
        storage::BUCKET_CP - 2,
        storage::BUCKET_CP,
        storage::BUCKET_CP + 300,
    ]
    .into_iter()
    .enumerate()
    {
        long.add(Annotation {
            id: format!("l{i}"),
            label: Label::ALL[i % 4],
            span: sp(s, s + 4),
            note: String::new(),
            created_at: None,
        })
        .unwrap();
    }
    let long_parts = stored(&long);
    assert_eq!(long_parts.len(), 4);
    let with = |i: usize, v: String| {
        let mut p = parts.clone();
        p[i] = v;
        joined(&p)
    };
    let bucket = |anns: Value| json!({"version": 1, "annotations": anns}).to_string();
    let a = |i: &str, s: Value, e: Value| json!({"i": i, "l": "claim", "s": s, "e": e});
    let n = d.text.len();
    let mut out: Vec<(String, Vec<u8>)> = vec![
        ("valid".into(), joined(&parts)),
        ("valid-two-buckets".into(), joined(&long_parts)),
        ("valid-no-annotations".into(), joined(&parts[..2])),
        ("text-missing".into(), with(0, checks::MISSING.into())),
        ("head-missing".into(), with(1, checks::MISSING.into())),
        (
            "text-version-99".into(),
            with(0, parts[0].replacen("\"version\":1", "\"version\":99", 1)),
        ),
        (
            "head-version-99".into(),
            with(1, parts[1].replacen("\"version\":1", "\"version\":99", 1)),
        ),
        (
            "bucket-version-99".into(),
            with(2, parts[2].replacen("\"version\":1", "\"version\":99", 1)),
        ),
        (
            "bucket-version-huge".into(),
            with(
                2,
                parts[2].replacen("\"version\":1", "\"version\":1e400", 1),
            ),
        ),
        (
            "bucket-version-negative".into(),
            with(2, parts[2].replacen("\"version\":1", "\"version\":-1", 1)),
        ),
        (
            "bucket-version-string".into(),
            with(
                2,
                parts[2].replacen("\"version\":1", "\"version\":\"1\"", 1),
            ),
        ),
        (
            "bucket-version-0".into(),
            with(2, parts[2].replacen("\"version\":1", "\"version\":0", 1)),
        ),
        (
            "text-truncated".into(),
            with(0, parts[0][..parts[0].len() / 2].to_string()),
        ),
        ("head-garbage".into(), with(1, "<html>".into())),
        (
            "bucket-truncated".into(),
            with(2, parts[2][..parts[2].len() - 3].to_string()),
        ),
        ("bucket-null".into(), with(2, "null".into())),
        ("bucket-empty-string".into(), with(2, String::new())),
        ("bucket-list".into(), with(2, "[]".into())),
        (
            "bucket-past-text".into(),
            with(2, bucket(json!([a("x", json!(0), json!(n + 1))]))),
        ),
        (
            "bucket-empty-span".into(),
            with(2, bucket(json!([a("x", json!(3), json!(3))]))),
        ),
        (
            "bucket-inverted".into(),
            with(2, bucket(json!([a("x", json!(5), json!(3))]))),
        ),
        (
            "bucket-negative".into(),
            with(2, bucket(json!([a("x", json!(-1), json!(3))]))),
        ),
        (
            "bucket-float".into(),
            with(2, bucket(json!([a("x", json!(1.5), json!(3))]))),
        ),
        (
            "bucket-huge".into(),
            with(
                2,
                bucket(json!([a("x", json!(u64::MAX - 1), json!(u64::MAX))])),
            ),
        ),
        (
            "bucket-wrong-bucket".into(),
            with(
                2,
                bucket(json!([a(
                    "x",
                    json!(storage::BUCKET_CP),
                    json!(storage::BUCKET_CP + 1)
                )])),
            ),
        ),
        (
            "bucket-duplicates".into(),
            with(
                2,
                bucket(json!([
                    a("x", json!(0), json!(3)),
                    a("y", json!(0), json!(3)),
                    a("x", json!(4), json!(5))
                ])),
            ),
        ),
        (
            "bucket-empty-id".into(),
            with(2, bucket(json!([a("", json!(0), json!(3))]))),
        ),
        (
            "bucket-bad-label".into(),
            with(
                2,
                bucket(json!([{"i": "x", "l": "person", "s": 0, "e": 1}])),
            ),
        ),
        (
            "bucket-missing-field".into(),
            with(2, bucket(json!([{"i": "x", "l": "claim", "s": 0}]))),
        ),
        (
            "bucket-duplicate-key".into(),
            with(
                2,
                parts[2].replacen("{\"version\":1,", "{\"version\":1,\"version\":1,", 1),
            ),
        ),
        (
            "bucket-half-bad".into(),
            with(
                2,
                bucket(json!([
                    a("ok", json!(0), json!(3)),
                    a("bad", json!(2), json!(99_999))
                ])),
            ),
        ),
        (
            "text-deep-nesting".into(),
            with(
                0,
                format!("{{\"version\":1,\"text\":{}", "[".repeat(20_000)),
            ),
        ),
        (
            "text-nul".into(),
            with(0, json!({"version": 1, "text": "a\0b"}).to_string()),
        ),
        (
            "text-meta-number".into(),
            with(
                0,
                json!({"version": 1, "text": "ab", "meta": {"x": 1}}).to_string(),
            ),
        ),
        (
            "head-title-number".into(),
            with(1, json!({"version": 1, "title": 5}).to_string()),
        ),
        (
            "extra-bucket-beyond-text".into(),
            joined(
                &[
                    parts.clone(),
                    vec![
                        checks::MISSING.into(),
                        bucket(json!([a(
                            "z",
                            json!(storage::BUCKET_CP * 2),
                            json!(storage::BUCKET_CP * 2 + 1)
                        )])),
                    ],
                ]
                .concat(),
            ),
        ),
        ("empty".into(), Vec::new()),
        ("separators-only".into(), b(checks::SEP.repeat(5))),
        (
            "invalid-utf8".into(),
            [joined(&parts[..2]), b"\xff\xfe\xc0".to_vec()].concat(),
        ),
    ];
    let mut long_bad = long_parts.clone();
    long_bad[3] = long_bad[3].replacen("\"s\":16384", "\"s\":16383", 1);
    out.push(("long-annotation-in-wrong-bucket".into(), joined(&long_bad)));
    out
}

fn library_seeds() -> Vec<(String, Vec<u8>)> {
    let mut lib = Library::new();
    lib.current = Some("d1".into());
    lib.documents = vec![
        LibraryEntry {
            id: "d1".into(),
            title: "Emoji 👍🏽 <b>".into(),
        },
        LibraryEntry {
            id: "d:2%".into(),
            title: String::new(),
        },
    ];
    lib.info.insert(
        "d1".into(),
        storage::DocInfo {
            len: 42,
            counts: [1, 2, 3, 4],
            changed: Some(AT.into()),
        },
    );
    let valid = storage::encode_library(&lib);
    let v: Value = serde_json::from_str(&valid).unwrap();
    let with = |f: &dyn Fn(&mut Value)| {
        let mut v = v.clone();
        f(&mut v);
        b(v.to_string())
    };
    vec![
        ("valid".into(), b(&valid)),
        (
            "valid-empty".into(),
            b(storage::encode_library(&Library::new())),
        ),
        ("version-99".into(), with(&|v| v["version"] = json!(99))),
        (
            "version-huge".into(),
            with(&|v| v["version"] = json!(u64::MAX)),
        ),
        (
            "version-negative".into(),
            with(&|v| v["version"] = json!(-1)),
        ),
        ("version-float".into(), with(&|v| v["version"] = json!(1.5))),
        (
            "version-u32-overflow".into(),
            b(valid.replacen("\"version\":1", "\"version\":4294967297", 1)),
        ),
        (
            "no-version".into(),
            with(&|v| {
                v.as_object_mut().unwrap().remove("version");
            }),
        ),
        ("current-number".into(), with(&|v| v["current"] = json!(1))),
        (
            "documents-object".into(),
            with(&|v| v["documents"] = json!({})),
        ),
        (
            "entry-missing-title".into(),
            with(&|v| v["documents"][0] = json!({"id": "x"})),
        ),
        (
            "counts-three".into(),
            with(&|v| v["info"]["d1"]["counts"] = json!([1, 2, 3])),
        ),
        (
            "len-negative".into(),
            with(&|v| v["info"]["d1"]["len"] = json!(-5)),
        ),
        ("info-list".into(), with(&|v| v["info"] = json!([]))),
        (
            "duplicate-key".into(),
            b(valid.replacen("{\"version\":1,", "{\"version\":1,\"version\":1,", 1)),
        ),
        ("truncated".into(), b(&valid[..valid.len() / 2])),
        (
            "deep-nesting".into(),
            b(format!("{{\"version\":1,\"x\":{}", "[".repeat(20_000))),
        ),
        ("empty".into(), Vec::new()),
        ("garbage".into(), b"\xff\0{".to_vec()),
    ]
}

fn key_seeds() -> Vec<(String, Vec<u8>)> {
    let keys = [
        ("text-key", "spanmark:doc:a:text"),
        ("text-key-escaped", "spanmark:doc:a%3Ab%25:text"),
        ("text-key-double-escape", "spanmark:doc:%253A:text"),
        ("text-key-colon", "spanmark:doc:a:b:text"),
        ("bucket-key", "spanmark:doc:a%3Ab:anns:3"),
        ("bucket-key-leading-zero", "spanmark:doc:x:anns:01"),
        ("bucket-key-plus", "spanmark:doc:x:anns:+1"),
        (
            "bucket-key-overflow",
            "spanmark:doc:x:anns:99999999999999999999999",
        ),
        ("bucket-key-negative", "spanmark:doc:x:anns:-1"),
        ("bucket-key-anns-in-id", "spanmark:doc:x:anns:1:anns:2"),
        ("doc-key", "spanmark:doc:x"),
        ("library", "spanmark:library"),
        ("backup", "spanmark:backup:2026:doc:x:text"),
        ("lowercase-escape", "spanmark:doc:a%3ab:text"),
        ("empty", ""),
        ("colon", ":"),
        ("percent", "%"),
        ("emoji", "👩\u{200d}👩\u{200d}👧:%3A"),
    ];
    keys.iter().map(|(n, k)| (n.to_string(), b(k))).collect()
}

/// Every seed: target, name, bytes.
fn seeds() -> Vec<(&'static str, String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut add = |target: &'static str, v: Vec<(String, Vec<u8>)>| {
        out.extend(v.into_iter().map(|(n, d)| (target, n, d)));
    };
    add("import_native", native_seeds());
    add("import_doccano", doccano_seeds());
    add("import_label_studio", ls_seeds());
    add("import_text", text_seeds());
    // The dispatcher sees a sample of each kind.
    let mut any: Vec<(String, Vec<u8>)> = Vec::new();
    let pick = |v: Vec<(String, Vec<u8>)>, prefix: &str, names: &[&str]| {
        v.into_iter()
            .filter(|(n, _)| names.contains(&n.as_str()))
            .map(|(n, d)| (format!("{prefix}-{n}"), d))
            .collect::<Vec<_>>()
    };
    any.extend(pick(
        native_seeds(),
        "native",
        &[
            "valid",
            "version-2",
            "truncated-half",
            "bom",
            "utf16-offsets-after-emoji",
        ],
    ));
    any.extend(pick(
        doccano_seeds(),
        "doccano",
        &[
            "export-utf16",
            "export-two-lines-crlf",
            "json-array",
            "entities-relations",
            "inside-surrogate-pair",
        ],
    ));
    any.extend(pick(
        ls_seeds(),
        "ls",
        &[
            "export",
            "single-task",
            "utf16-offsets",
            "cancelled-and-predictions",
        ],
    ));
    any.extend(pick(
        text_seeds(),
        "text",
        &["plain", "markdown", "whitespace-only", "html-script"],
    ));
    any.push((
        "format-deep-nesting".into(),
        b(format!("{{\"format\": {}", "[".repeat(20_000))),
    ));
    any.push(("object-no-known-keys".into(), b("{\"something\": 1}")));
    any.push(("jsonl-looking".into(), b("{\"a\": 1}\n{\"b\": 2}\n")));
    any.push(("list-of-numbers".into(), b("[1, 2, 3]")));
    any.push((
        "html-page".into(),
        b("<!doctype html><html><body><p>Hi</p></body></html>"),
    ));
    add("import_any", any);
    add("decode_storage", storage_seeds());
    add("decode_library", library_seeds());
    add("storage_keys", key_seeds());
    out
}

// ---------------------------------------------------------------------------
// Arbitrary and JSON-shaped inputs through every importer and decoder.

/// Keys the readers look for, so that random objects reach their checks.
const KEYS: &[&str] = &[
    "format",
    "version",
    "exported_at",
    "offset_unit",
    "labels",
    "documents",
    "id",
    "title",
    "text",
    "meta",
    "annotations",
    "label",
    "start",
    "end",
    "note",
    "created_at",
    "name",
    "color",
    "shortcut",
    "data",
    "result",
    "value",
    "type",
    "was_cancelled",
    "doc_id",
    "entities",
    "start_offset",
    "end_offset",
    "relations",
    "i",
    "l",
    "s",
    "e",
    "n",
    "c",
    "current",
    "info",
    "len",
    "counts",
    "changed",
];

const STRINGS: &[&str] = &[
    "",
    "spanmark",
    "codepoint",
    "claim",
    "figure",
    "actor",
    "location",
    "labels",
    "LOC",
    "#e69f00",
    "2026-01-02T03:04:05Z",
    "abc def",
    "😀 e\u{301} 漢",
    "\r\n",
    "\u{0}",
    "<script>alert(1)</script>",
    "a",
];

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        (0u64..12).prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        prop::sample::select(vec![-1.5f64, 0.5, 1.0, -0.0, 1e300, 2.5e-8]).prop_map(Value::from),
        prop::sample::select(STRINGS).prop_map(Value::from),
        ".{0,8}".prop_map(Value::from),
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(KEYS).prop_map(str::to_string),
        1 => "[a-z_]{0,6}",
    ]
}

fn any_json() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(5, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..7)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<String, Value>>())),
        ]
    })
}

fn small_doc() -> impl Strategy<Value = Document> {
    (
        prop::collection::vec(
            prop::sample::select(&["ab", " ", "😀", "\r\n", "e\u{301}", "漢", "<i>", "\""][..]),
            1..20,
        ),
        prop::collection::vec(
            (
                any::<Index>(),
                1usize..6,
                0usize..4,
                prop::sample::select(STRINGS),
            ),
            0..6,
        ),
    )
        .prop_map(|(pieces, anns)| {
            let mut d = Document::new(checks::DOC_ID.into(), "T \"x\"".into(), pieces.concat());
            let n = d.text.len();
            for (i, (at, len, l, note)) in anns.into_iter().enumerate() {
                let s = at.index(n);
                let _ = d.add(Annotation {
                    id: format!("a{i}"),
                    label: Label::ALL[l],
                    span: sp(s, (s + len).min(n)),
                    note: note.to_string(),
                    created_at: (i % 2 == 0).then(|| AT.to_string()),
                });
            }
            d
        })
}

/// What each reader reads, as values (storage values joined by the
/// separator later).
fn templates(d: &Document) -> Vec<Vec<Value>> {
    let parse = |s: &str| serde_json::from_str::<Value>(s).unwrap();
    let mut lib = Library::new();
    lib.current = Some(d.id.clone());
    lib.documents.push(LibraryEntry {
        id: d.id.clone(),
        title: d.title.clone(),
    });
    lib.info
        .insert(d.id.clone(), storage::DocInfo::of(d, Some(AT.into())));
    vec![
        vec![parse(&native::export(&[d], AT))],
        vec![parse(&doccano_out::line(d, Unit::Utf16))],
        vec![parse(&format!("[{}]", ls_out::task(d)))],
        stored(d)
            .iter()
            .map(|s| {
                if s == checks::MISSING {
                    Value::Null
                } else {
                    parse(s)
                }
            })
            .collect(),
        vec![parse(&storage::encode_library(&lib))],
    ]
}

/// Replaces (or removes) the node that `path` leads to.
fn mutate(v: &mut Value, path: &[Index], rep: &Value, remove: bool) {
    let Some((i, rest)) = path.split_first() else {
        *v = rep.clone();
        return;
    };
    match v {
        Value::Array(a) if !a.is_empty() => {
            let i = i.index(a.len());
            if rest.is_empty() || !(a[i].is_array() || a[i].is_object()) {
                if remove {
                    a.remove(i);
                } else {
                    a[i] = rep.clone();
                }
            } else {
                mutate(&mut a[i], rest, rep, remove);
            }
        }
        Value::Object(m) if !m.is_empty() => {
            let k = m.keys().nth(i.index(m.len())).unwrap().clone();
            let child = m.get_mut(&k).unwrap();
            if rest.is_empty() || !(child.is_array() || child.is_object()) {
                if remove {
                    m.remove(&k);
                } else {
                    *child = rep.clone();
                }
            } else {
                mutate(child, rest, rep, remove);
            }
        }
        _ => *v = rep.clone(),
    }
}

/// Textual damage JSON values cannot express: numbers out of range,
/// duplicate keys, truncation, stray bytes.
fn damage(s: &str, at: Index, how: u8) -> String {
    let cut = {
        let mut i = at.index(s.len() + 1);
        while !s.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    match how {
        0 => s.to_string(),
        1 => s[..cut].to_string(),
        2 => match s[cut..].find(|c: char| c.is_ascii_digit()) {
            Some(j) => format!("{}1e400{}", &s[..cut + j], &s[cut + j + 1..]),
            None => s.to_string(),
        },
        3 => s.replacen('{', "{\"version\":1,\"format\":\"spanmark\",", 1),
        4 => format!("{}\u{0}{}", &s[..cut], &s[cut..]),
        5 => format!("{}{}", &s[..cut], "[".repeat(300)),
        _ => format!("{}{}", &s[..cut], &s[cut..].replacen('"', "", 1)),
    }
}

/// JSON-shaped inputs: random JSON over the readers' keys, and real files
/// of every kind with one node replaced or removed and some textual damage;
/// sometimes several joined as a storage input.
fn json_shaped() -> impl Strategy<Value = String> {
    let random = prop::collection::vec(any_json(), 1..4).prop_map(|vs| {
        vs.iter()
            .map(Value::to_string)
            .collect::<Vec<_>>()
            .join(checks::SEP)
    });
    let mutated = (
        small_doc(),
        0usize..5,
        any::<Index>(),
        prop::collection::vec(any::<Index>(), 1..7),
        any_json(),
        any::<bool>(),
        (any::<Index>(), 0u8..7),
    )
        .prop_map(|(d, which, part, path, rep, remove, (at, how))| {
            let mut vs = templates(&d).swap_remove(which);
            let k = part.index(vs.len());
            mutate(&mut vs[k], &path, &rep, remove);
            let mut ss: Vec<String> = vs.iter().map(Value::to_string).collect();
            ss[k] = damage(&ss[k], at, how);
            ss.join(checks::SEP)
        });
    prop_oneof![1 => random, 2 => mutated]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    #[test]
    fn prop_arbitrary_bytes_never_panic(
        data in prop_oneof![
            3 => prop::collection::vec(any::<u8>(), 0..400),
            1 => prop::collection::vec(
                prop::sample::select(&[
                    "{", "}", "[", "]", ",", ":", "\"", "\"format\"", "\"spanmark\"", "\"version\"",
                    "1", "-1", "1e400", "\"text\"", "\"label\"", "\"data\"", "\n", checks::SEP, "\u{0}",
                    "\u{1}", "\u{3}", "😀", "\u{feff}", "\\u0000", "\\ud83d",
                ][..]),
                0..80,
            )
            .prop_map(|v| v.concat().into_bytes()),
        ],
    ) {
        checks::all(&data);
    }

    #[test]
    fn prop_json_shaped_never_panic(s in json_shaped()) {
        checks::all(s.as_bytes());
    }
}
