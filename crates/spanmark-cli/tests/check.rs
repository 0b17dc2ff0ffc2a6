//! `spanmark check` (and `convert`) on good files and on every refusal case
//! of the core's import tests (`crates/spanmark-core/tests/import.rs`).

mod common;

use common::*;
use serde_json::json;
use spanmark_core::export::native;

/// Every input the core's import tests refuse, as (file name, bytes, a
/// word of the importer's message).
fn refusals() -> Vec<(String, Vec<u8>, &'static str)> {
    let mut v: Vec<(String, Vec<u8>, &'static str)> = Vec::new();
    let mut add = |name: &str, bytes: Vec<u8>, needle: &'static str| {
        v.push((name.to_string(), bytes, needle))
    };
    // Bytes that are not text.
    add(
        "png.txt",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec(),
        "not a text file",
    );
    add("latin1.txt", b"caf\xe9 au lait".to_vec(), "byte 3");
    add("nul.txt", b"text with a \x00 inside".to_vec(), "NUL");
    add("cut.txt", "👍".as_bytes()[..3].to_vec(), "UTF-8");
    let mut le = vec![0xff, 0xfe];
    for u in "Kyiv 👍🏽\r\nend".encode_utf16() {
        le.extend_from_slice(&u.to_le_bytes());
    }
    le.push(0);
    add("odd-utf16.txt", le, "UTF-16");
    add(
        "lone-surrogate.txt",
        vec![0xff, 0xfe, 0x3d, 0xd8, 0x41, 0x00],
        "UTF-16",
    );
    // Text with nothing in it.
    add("blank.txt", b" \r\n\t ".to_vec(), "no text");
    add("empty.txt", b"\n\n".to_vec(), "no text");
    add(
        "empty-page.html",
        b"<html><body>  <script>x</script></body></html>".to_vec(),
        "shows no text",
    );
    // doccano, UTF-16 offsets.
    let line = |v: serde_json::Value| format!("{}\n{v}", json!({"text": "ok"})).into_bytes();
    add(
        "split-pair.jsonl",
        json!({"text": "👍 Kyiv", "label": [[1, 7, "LOC"]]})
            .to_string()
            .into_bytes(),
        "two UTF-16 code units",
    );
    add(
        "split-pair-end.jsonl",
        json!({"text": "Kyiv 👍 x", "label": [[0, 6, "LOC"]]})
            .to_string()
            .into_bytes(),
        "offset 6",
    );
    add(
        "past-end.jsonl",
        line(json!({"text": "Kyiv 👍", "label": [[5, 8, "X"]]})),
        "past the end",
    );
    add(
        "empty-span.jsonl",
        line(json!({"text": "Kyiv", "label": [[2, 2, "X"]]})),
        "not less than",
    );
    add(
        "inverted.jsonl",
        line(json!({"text": "Kyiv", "label": [[3, 1, "X"]]})),
        "not less than",
    );
    add(
        "negative.jsonl",
        line(json!({"text": "Kyiv", "label": [[-1, 2, "X"]]})),
        "[start, end, \"label\"]",
    );
    add(
        "pair.jsonl",
        line(json!({"text": "Kyiv", "label": [[0, 2]]})),
        "[start, end, \"label\"]",
    );
    add(
        "number-label.jsonl",
        line(json!({"text": "Kyiv", "label": [[0, 2, 5]]})),
        "[start, end, \"label\"]",
    );
    add(
        "classification.jsonl",
        line(json!({"text": "Kyiv", "label": ["positive"]})),
        "classification",
    );
    add(
        "label-object.jsonl",
        line(json!({"text": "Kyiv", "label": {"a": 1}})),
        "must be a list",
    );
    add("no-text.jsonl", line(json!({"label": []})), "no \"text\"");
    add(
        "text-number.jsonl",
        line(json!({"text": 5})),
        "must be a string",
    );
    add(
        "list-record.jsonl",
        line(json!(["not", "an", "object"])),
        "not an object",
    );
    add(
        "no-end-offset.jsonl",
        line(json!({"text": "Kyiv", "entities": [{"label": "X", "start_offset": 0}]})),
        "end_offset",
    );
    add(
        "bad-line.jsonl",
        b"{\"text\": \"a\"}\n{not json".to_vec(),
        "line 2 is not valid JSON",
    );
    add("blank-lines.jsonl", b"\n \n".to_vec(), "no records");
    let emoji = "Rally 🇺🇦👍🏽 in Kyiv: 👩‍👩‍👧 families met Zelenskyy.\r\nSecond line é́ 漢字 Fastiv.";
    let (a, b) = utf16(emoji, "Kyiv");
    add(
        "quote-cp.doccano.jsonl",
        json!({"text": emoji, "label": [[a, b, "LOC", "Kyiv"]]})
            .to_string()
            .into_bytes(),
        "does not match",
    );
    add(
        "quote-entity.jsonl",
        json!({"text": emoji, "entities": [{"label": "LOC", "start_offset": a, "end_offset": b, "text": "Kiev"}]}).to_string().into_bytes(),
        "“Kiev”",
    );
    // Label Studio.
    let region = |s: usize, e: usize, t: &str| json!({"type": "labels", "value": {"start": s, "end": e, "text": t, "labels": ["LOC"]}});
    add(
        "ls-utf16.json",
        json!([{"data": {"text": emoji}, "annotations": [{"result": [region(a, b, "Kyiv")]}]}])
            .to_string()
            .into_bytes(),
        "UTF-16",
    );
    add(
        "ls-quote.json",
        json!({"data": {"text": "Kyiv"}, "annotations": [{"result": [region(0, 4, "Kiev")]}]})
            .to_string()
            .into_bytes(),
        "“Kiev”",
    );
    add(
        "ls-past.json",
        json!({"data": {"text": "Kyiv"}, "annotations": [{"result": [region(0, 9, "Kyiv")]}]})
            .to_string()
            .into_bytes(),
        "past the end",
    );
    add(
        "ls-empty.json",
        json!({"data": {"text": "Kyiv"}, "annotations": [{"result": [region(3, 3, "")]}]})
            .to_string()
            .into_bytes(),
        "not less than",
    );
    add(
        "ls-two-strings.json",
        json!([{"data": {"a": "x", "b": "y"}}])
            .to_string()
            .into_bytes(),
        "data.text",
    );
    add(
        "ls-no-data.json",
        json!([{"nodata": 1}]).to_string().into_bytes(),
        "not a file spanmark reads",
    );
    // The dispatcher and the native format.
    let doc = rally();
    let nat = native::export(&[&doc], "2026-01-02T12:00:00Z");
    add(
        "newer.json",
        nat.replace("\"version\": 1", "\"version\": 2").into_bytes(),
        "newer",
    );
    add(
        "truncated.json",
        b"{\"format\": \"spanmark\"".to_vec(),
        "JSON",
    );
    add(
        "not-ours.json",
        b"{\"something\": 1}".to_vec(),
        "not a file spanmark reads",
    );
    add("empty-list.json", b"[]".to_vec(), "empty");
    add(
        "no-documents.spanmark.json",
        native::export(&[], "2026-01-02T12:00:00Z").into_bytes(),
        "no documents",
    );
    v
}

#[test]
fn every_refusal_of_the_import_tests_exits_1_naming_the_file() {
    let dir = scratch("refusals");
    for (name, bytes, needle) in refusals() {
        let path = write(&dir, &name, &bytes);
        let r = run(&["check", &path]);
        assert_eq!(r.code, 1, "{name}: {}{}", r.out(), r.stderr);
        let out = r.out();
        let first = out.lines().next().unwrap_or_default();
        assert!(first.starts_with(&format!("{path}: ")), "{name}: {out}");
        assert!(out.contains(needle), "{name}: expected {needle:?} in {out}");
        assert!(out.contains(&format!("{path}: refused (")), "{name}: {out}");

        let o = dir.join("out").to_string_lossy().into_owned();
        let r = run(&["convert", &path, "--to", "spanmark", "--out", &o]);
        assert_eq!(r.code, 1, "{name}: {}", r.stderr);
        assert!(
            r.stderr.contains(&format!("{path} was not imported: ")),
            "{name}: {}",
            r.stderr
        );
        assert!(
            r.stderr.contains(needle),
            "{name}: expected {needle:?} in {}",
            r.stderr
        );
        assert!(
            files_in(&dir.join("out")).is_empty(),
            "{name}: nothing written"
        );

        let r = run(&["stats", &path]);
        assert_eq!(r.code, 1, "{name}: {}", r.stderr);
        assert!(r.stderr.contains(&path), "{name}: {}", r.stderr);
    }
}

#[test]
fn check_lists_every_problem_not_just_the_first() {
    let dir = scratch("every");
    let jsonl = [
        json!({"text": "Kyiv 👍 x", "label": [[0, 4, "LOC"], [5, 6, "X"], [0, 99, "PER"]]}).to_string(),
        String::new(),
        json!({"text": 5}).to_string(),
        "{not json".to_string(),
        json!({"text": "ok", "label": [[0, 2, "LOC"]]}).to_string(),
        json!({"text": "abc", "entities": [{"label": "X", "start_offset": 0}, {"label": "Y", "start_offset": 2, "end_offset": 1}]}).to_string(),
    ]
    .join("\n");
    let path = write(&dir, "bad.jsonl", &jsonl);
    let r = run(&["check", &path]);
    assert_eq!(r.code, 1);
    let out = r.out();
    let lines: Vec<&str> = out.lines().collect();
    let want = [
        "line 1, span 2 of \"label\": offset 6 falls inside",
        "line 1, span 3 of \"label\": end 99 is past the end",
        "line 3: \"text\" must be a string",
        "line 4 is not valid JSON",
        "line 6, entity 1: \"end_offset\"",
        "line 6, entity 2: start 2 is not less than end 1",
    ];
    assert_eq!(lines.len(), want.len() + 1, "{out}");
    for (l, w) in lines.iter().zip(want) {
        assert!(
            l.starts_with(&format!("{path}: {w}")),
            "{l:?} should start with {w:?}"
        );
    }
    assert_eq!(lines[6], format!("{path}: refused (6 problems)"));
    // The importer's own message is one of them (it parses every line
    // before it looks at any record, so here it names line 4).
    let o = dir.join("o").to_string_lossy().into_owned();
    let c = run(&["convert", &path, "--to", "spanmark", "--out", &o]);
    assert!(
        c.stderr.contains(&lines[3][path.len() + 2..]),
        "{}",
        c.stderr
    );

    // Native: documents and annotations, and a problem between annotations.
    let mut root = serde_json::from_str::<serde_json::Value>(&native::export(
        &[&rally(), &second()],
        "2026-01-02T12:00:00Z",
    ))
    .unwrap();
    let docs = root["documents"].as_array_mut().unwrap();
    docs[0]["annotations"][1]["text"] = json!("Kiev");
    docs[0]["annotations"][3]["end"] = json!(100000);
    docs[1]["annotations"].as_array_mut().unwrap().reverse();
    let path = write(&dir, "bad.spanmark.json", root.to_string());
    let r = run(&["check", &path]);
    assert_eq!(r.code, 1);
    let out = r.out();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert!(
        lines[0].contains("document 1 (\"Emoji rally: 🇺🇦 in Kyiv\"), annotation 2")
            && lines[0].contains("“Kiev”")
            || lines[0].contains("\"Kiev\""),
        "{out}"
    );
    assert!(
        lines[1].contains("document 1 (")
            && lines[1].contains("annotation 4")
            && lines[1].contains("past the end"),
        "{out}"
    );
    assert!(
        lines[2].contains("document 2 (\"Second document\"), annotation 2")
            && lines[2].contains("not sorted"),
        "{out}"
    );

    // Label Studio tasks and results.
    let t = "Kyiv and Fastiv";
    let region = |s: usize, e: usize, q: Option<&str>| {
        let mut v = json!({"type": "labels", "value": {"start": s, "end": e, "labels": ["LOC"]}});
        if let Some(q) = q {
            v["value"]["text"] = json!(q);
        }
        v
    };
    let tasks = json!([
        {"id": 7, "data": {"text": t}, "annotations": [
            {"was_cancelled": true, "result": [region(0, 99, None)]},
            {"result": [region(0, 4, Some("Kiev")), region(9, 15, Some("Fastiv")), region(9, 3, None)]}]},
        {"nodata": 1},
        {"data": {"text": t}, "annotations": "x"},
    ]);
    let path = write(&dir, "bad-ls.json", tasks.to_string());
    let r = run(&["check", &path]);
    let out = r.out();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 5, "{out}");
    assert!(
        lines[0].contains("task 1 (id 7), annotation 2, result 1: ") && lines[0].contains("“Kiev”"),
        "{out}"
    );
    assert!(
        lines[1].contains("task 1 (id 7), annotation 2, result 3: start 9 is not less than end 3"),
        "{out}"
    );
    assert!(lines[2].contains("task 2 has no \"data\""), "{out}");
    assert!(
        lines[3].contains("task 3: \"annotations\" must be a list"),
        "{out}"
    );

    // doccano records in a JSON list, counted in code points by the name.
    let recs = json!([{"text": "abc", "label": [[0, 9, "X"]]}, {"text": "ok"}, {"label": []}]);
    let path = write(&dir, "x.doccano.json", recs.to_string());
    let r = run(&["check", &path]);
    let out = r.out();
    assert!(
        out.contains(
            "record 1, span 1 of \"label\": end 9 is past the end of the text (3 code points)"
        ),
        "{out}"
    );
    assert!(out.contains("record 3 has no \"text\""), "{out}");
}

#[test]
fn good_files_pass_with_what_the_import_would_say() {
    let dir = scratch("good");
    let nat = write(
        &dir,
        "r.spanmark.json",
        native::export(&[&rally(), &second()], "2026-01-02T12:00:00Z"),
    );
    let txt = write(&dir, "n.md", "# Notes\n\ntext");
    let rel = write(
        &dir,
        "rel.jsonl",
        json!({"text": "Olena in Kyiv", "entities": [{"label": "MISC", "start_offset": 0, "end_offset": 5}], "relations": [{"id": 1}]}).to_string(),
    );
    let r = run(&["check", &nat, &txt, &rel]);
    assert_eq!(r.code, 0, "{}{}", r.out(), r.stderr);
    let out = r.out();
    assert!(
        out.contains(&format!("{nat}: ok (spanmark, 2 documents, 12 spans)")),
        "{out}"
    );
    assert!(
        out.contains(&format!("{txt}: ok (text, 1 document, 0 spans)")),
        "{out}"
    );
    assert!(out.contains("1 relation left out"), "{out}");
    assert!(
        out.contains(&format!("{rel}: note: convert needs --map"))
            && out.contains("“MISC” (1 span)"),
        "{out}"
    );
    assert!(out.contains("3 files: 3 ok, 0 with problems"), "{out}");
    let r = run(&["check", "-q", &nat, &txt]);
    assert_eq!((r.code, r.out()), (0, String::new()));
}

#[test]
fn check_json_for_pipelines() {
    let dir = scratch("json");
    let good = write(&dir, "g.txt", "Good");
    let bad = write(
        &dir,
        "b.jsonl",
        "{\"text\": 1}\n{\"text\": \"x\", \"label\": [[0, 5, \"L\"]]}",
    );
    let r = run(&["check", "--json", &good, &bad, "/no/such/file"]);
    assert_eq!(r.code, 2, "an unreadable file outranks a refused one");
    let v: serde_json::Value = serde_json::from_slice(&r.stdout).expect("JSON on stdout");
    assert_eq!(v["ok"], false);
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 3);
    assert_eq!(files[0]["ok"], true);
    assert_eq!(files[0]["format"], "text");
    assert_eq!(files[1]["ok"], false);
    assert_eq!(files[1]["problems"].as_array().unwrap().len(), 2);
    assert!(files[2]["error"]
        .as_str()
        .unwrap()
        .contains("/no/such/file"));
}

#[test]
fn a_few_bad_spans_in_a_long_document_are_all_found_quickly() {
    let dir = scratch("long");
    let words = "lorem ipsum dolor sit amet ".repeat(20_000);
    let n = words.chars().count();
    let anns: Vec<serde_json::Value> = (0..2000)
        .map(|i| {
            let s = i * 27 % (n - 10);
            let mut a = json!({"id": format!("a{i}"), "label": "claim", "start": s, "end": s + 5,
                "text": words.chars().skip(s).take(5).collect::<String>()});
            if i % 500 == 7 {
                a["text"] = json!("wrong");
            }
            a
        })
        .collect();
    let mut root =
        serde_json::from_str::<serde_json::Value>(&native::export(&[], "2026-01-02T12:00:00Z"))
            .unwrap();
    let mut sorted = anns;
    sorted.sort_by_key(|a| (a["start"].as_u64(), a["end"].as_u64()));
    root["documents"] = json!([{"id": "d", "title": "Long", "text": words, "annotations": sorted}]);
    let path = write(&dir, "long.spanmark.json", root.to_string());
    let t = std::time::Instant::now();
    let r = run(&["check", "-q", &path]);
    assert_eq!(r.code, 1);
    assert_eq!(r.out().lines().count(), 4, "{}", r.out());
    assert!(t.elapsed().as_secs() < 60, "{:?}", t.elapsed());
}
