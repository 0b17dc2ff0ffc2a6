//! `spanmark convert` against the core's export API called directly on the
//! same documents: file names and bytes.

mod common;

use common::*;
use serde_json::json;
use spanmark_core::export::{self, native, slug};
use spanmark_core::import::text as intake;
use spanmark_core::label::Label;
use spanmark_core::model::{Annotation, Document};
use spanmark_core::text::Span;

const AT: &str = "2026-11-26T15:04:05.123Z";
const AT_UNIX: u64 = 1_795_705_445;

fn convert(inputs: &[&str], format: &str, out: &std::path::Path, extra: &[&str]) -> Run {
    let out = out.to_string_lossy().into_owned();
    let mut args = vec!["convert"];
    args.extend_from_slice(inputs);
    args.extend_from_slice(&["--to", format, "--out", &out, "--exported-at", AT]);
    args.extend_from_slice(extra);
    run(&args)
}

fn assert_same(dir: &std::path::Path, want: &export::OutFile) {
    let got = std::fs::read(dir.join(&want.name))
        .unwrap_or_else(|e| panic!("{} written: {e}; found {:?}", want.name, files_in(dir)));
    assert!(
        got == want.bytes,
        "{} differs from the core's export",
        want.name
    );
}

#[test]
fn every_format_of_one_document_is_the_cores_export_byte_for_byte() {
    assert_eq!(
        common::FORMAT_IDS.to_vec(),
        export::FORMATS.iter().map(|f| f.id()).collect::<Vec<_>>()
    );
    let dir = scratch("one");
    let docs = vec![rally()];
    let refs: Vec<&Document> = docs.iter().collect();
    let input = write(
        &dir,
        "rally.spanmark.json",
        native::export(&refs, "2020-01-01T00:00:00Z"),
    );
    for id in FORMAT_IDS {
        let out = dir.join(id);
        let r = convert(&[&input], id, &out, &[]);
        assert_eq!(r.code, 0, "{id}: {}", r.stderr);
        let want = expected(id, &docs, &slug(&docs[0].title), AT, AT_UNIX);
        assert_eq!(files_in(&out), vec![want.name.clone()], "{id}");
        assert_same(&out, &want);
        assert!(
            r.stderr.contains(&want.name),
            "{id} names what it wrote: {}",
            r.stderr
        );
    }
}

#[test]
fn a_file_of_several_documents_is_the_library_export() {
    let dir = scratch("library");
    let docs = vec![rally(), second()];
    let refs: Vec<&Document> = docs.iter().collect();
    let input = write(
        &dir,
        "two.spanmark.json",
        native::export(&refs, "2020-01-01T00:00:00Z"),
    );
    for id in FORMAT_IDS {
        let out = dir.join(id);
        let r = convert(&[&input], id, &out, &[]);
        assert_eq!(r.code, 0, "{id}: {}", r.stderr);
        let want = expected(id, &docs, "spanmark-library", AT, AT_UNIX);
        assert!(want.name.starts_with("spanmark-library."), "{}", want.name);
        assert_same(&out, &want);
    }
}

#[test]
fn merge_is_one_library_export_in_input_order_and_otherwise_one_output_per_input() {
    let dir = scratch("merge");
    let a = write(
        &dir,
        "a.spanmark.json",
        native::export(&[&second()], "2020-01-01T00:00:00Z"),
    );
    let b = write(
        &dir,
        "b.spanmark.json",
        native::export(&[&rally()], "2020-01-01T00:00:00Z"),
    );
    let out = dir.join("merged");
    let r = convert(&[&a, &b], "spacy", &out, &["--merge"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_same(
        &out,
        &expected(
            "spacy",
            &[second(), rally()],
            "spanmark-library",
            AT,
            AT_UNIX,
        ),
    );
    assert_eq!(files_in(&out).len(), 1);

    let out = dir.join("each");
    let r = convert(&[&a, &b], "brat", &out, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_same(
        &out,
        &expected("brat", &[second()], &slug(&second().title), AT, AT_UNIX),
    );
    assert_same(
        &out,
        &expected("brat", &[rally()], &slug(&rally().title), AT, AT_UNIX),
    );

    let out = dir.join("named");
    let r = convert(&[&a, &b], "doccano", &out, &["--names", "input"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(files_in(&out), ["a.doccano.jsonl", "b.doccano.jsonl"]);
    assert_same(&out, &expected("doccano", &[second()], "a", AT, AT_UNIX));
}

#[test]
fn two_documents_with_one_id_are_told_apart_as_the_app_does() {
    let dir = scratch("dupid");
    let a = write(
        &dir,
        "a.spanmark.json",
        native::export(&[&second()], "2020-01-01T00:00:00Z"),
    );
    let b = write(
        &dir,
        "b.spanmark.json",
        native::export(&[&second()], "2020-01-01T00:00:00Z"),
    );
    let out = dir.join("o");
    let r = convert(&[&a, &b], "spanmark", &out, &["--merge"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut again = second();
    again.id = "d-1".into();
    assert_same(
        &out,
        &expected(
            "spanmark",
            &[second(), again],
            "spanmark-library",
            AT,
            AT_UNIX,
        ),
    );
}

#[test]
fn outputs_that_would_share_a_name_are_refused_before_anything_is_written() {
    let dir = scratch("clash");
    let a = write(&dir, "a.txt", "Same title\nbody one");
    let b = write(&dir, "b.txt", "Same title\nbody two");
    let out = dir.join("o");
    let r = convert(&[&a, &b], "spanmark", &out, &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("same-title.spanmark.json") && r.stderr.contains("--names input"),
        "{}",
        r.stderr
    );
    assert!(files_in(&out).is_empty());
    let r = convert(&[&a, &b], "spanmark", &out, &["--names", "input"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(files_in(&out), ["a.spanmark.json", "b.spanmark.json"]);
}

/// The documents an import of doccano records makes, with the CLI's ids.
fn doccano_docs() -> (String, Vec<Document>) {
    let t1 = RALLY;
    let t2 = "Olena met 😀 Kovalenko in Lisbon.";
    let (k0, k1) = utf16(t1, "Kyiv");
    let (z0, z1) = utf16(t1, "Zelenskyy");
    let (f0, f1) = utf16(t1, "585 drones");
    let (l0, l1) = utf16(t2, "Lisbon");
    let (o0, o1) = utf16(t2, "Kovalenko");
    let jsonl = format!(
        "{}\n\n{}\n",
        json!({"id": 1, "text": t1, "label": [[z0, z1, "PER"], [k0, k1, "GPE"], [f0, f1, "CARDINAL"], [k0, k1, "location"]]}),
        json!({"text": t2, "title": "Given title", "entities": [
            {"id": 1, "label": "LOC", "start_offset": l0, "end_offset": l1},
            {"id": 2, "label": "PERSON", "start_offset": o0, "end_offset": o1, "text": "Kovalenko"}],
            "relations": [{"id": 1, "from_id": 2, "to_id": 1, "type": "in"}]}),
    );
    let mk = |id: &str, title: &str, text: &str, spans: &[(&str, Label, &str)]| {
        let mut d = Document::new(id.into(), title.into(), text.into());
        for (aid, l, w) in spans {
            let (a, b) = cp(text, w);
            d.add(Annotation {
                id: (*aid).into(),
                label: *l,
                span: Span::new(a, b).unwrap(),
                note: String::new(),
                created_at: None,
            })
            .unwrap();
        }
        d
    };
    let docs = vec![
        mk(
            "d-1",
            &intake::guess_title(t1),
            t1,
            // In file order; the second Kyiv span is the same annotation.
            &[
                ("a-1", Label::Actor, "Zelenskyy"),
                ("a-2", Label::Location, "Kyiv"),
                ("a-3", Label::Figure, "585 drones"),
            ],
        ),
        mk(
            "d-2",
            "Given title",
            t2,
            &[
                ("a-1", Label::Location, "Lisbon"),
                ("a-2", Label::Actor, "Kovalenko"),
            ],
        ),
    ];
    (jsonl, docs)
}

#[test]
fn doccano_records_get_counted_ids_and_the_apps_suggested_labels() {
    let dir = scratch("doccano");
    let (jsonl, docs) = doccano_docs();
    let input = write(&dir, "admin.jsonl", &jsonl);
    for id in FORMAT_IDS {
        let out = dir.join(id);
        let r = convert(&[&input], id, &out, &[]);
        assert_eq!(r.code, 0, "{id}: {}", r.stderr);
        assert_same(&out, &expected(id, &docs, "spanmark-library", AT, AT_UNIX));
    }
}

#[test]
fn standard_input_is_named_by_stdin_name_for_its_kind_and_unit() {
    let (jsonl, docs) = doccano_docs();
    let r = run_env(
        &[
            "convert",
            "-",
            "--to",
            "spanmark",
            "--out",
            "-",
            "--exported-at",
            AT,
        ],
        jsonl.as_bytes(),
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout == expected("spanmark", &docs, "spanmark-library", AT, AT_UNIX).bytes);
    // The same records named as spanmark's code-point export: its offsets
    // are read as code points, so the emoji shift them onto other text.
    let r = run_env(
        &[
            "convert",
            "-",
            "--stdin-name",
            "x.doccano.jsonl",
            "--to",
            "spanmark",
            "--out",
            "-",
        ],
        jsonl.as_bytes(),
        &[],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("standard input was not imported") && r.stderr.contains("does not match"),
        "{}",
        r.stderr
    );
}

#[test]
fn label_studio_text_markdown_and_html_inputs() {
    let dir = scratch("kinds");
    // Label Studio: spanmark's own export round-trips (title, ids, notes).
    let ls = expected("label-studio", &[rally()], "x", AT, AT_UNIX);
    let input = write(&dir, "tasks.json", &ls.bytes);
    let out = dir.join("ls");
    let r = convert(&[&input], "spanmark", &out, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut want = rally();
    // Label Studio keeps neither metadata nor creation times.
    want.meta.clear();
    let anns: Vec<Annotation> = want.annotations.iter().cloned().collect();
    want.annotations = Default::default();
    for mut a in anns {
        a.created_at = None;
        want.annotations.insert(a).unwrap();
    }
    assert_same(
        &out,
        &expected("spanmark", &[want], &slug(&rally().title), AT, AT_UNIX),
    );

    let md = "# A Markdown heading\r\n\r\nBody text 👍🏽\n";
    let input = write(&dir, "notes.md", md);
    let out = dir.join("md");
    let r = convert(&[&input], "spanmark", &out, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let d = Document::new("d-1".into(), "A Markdown heading".into(), md.into());
    assert_same(
        &out,
        &expected("spanmark", &[d], "a-markdown-heading", AT, AT_UNIX),
    );

    let page = "<!DOCTYPE html><html><head><title> The  page\n</title><script>x()</script></head>\
        <body><h1>Heading</h1><p>First   <b>para</b>graph,<span hidden>gone</span> done.</p>\
        <div>one<br>two</div><pre>\n  kept   as\n  is</pre><template><p>tpl</p></template>\
        <ul><li>a</li><li>b</li></ul><noscript>fallback</noscript></body></html>";
    let input = write(&dir, "page.html", page);
    let out = dir.join("html");
    let r = convert(&[&input], "spanmark", &out, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = "Heading\n\nFirst paragraph, done.\n\none\ntwo\n\n  kept   as\n  is\n\na\nb";
    let d = Document::new("d-1".into(), "The page".into(), text.into());
    assert_same(&out, &expected("spanmark", &[d], "the-page", AT, AT_UNIX));
}

#[test]
fn foreign_labels_take_map_then_the_suggestion_and_are_refused_otherwise() {
    let dir = scratch("labels");
    let t = "Olena met Kovalenko in Kyiv about 30 drones";
    let rec = |l: &str| {
        let (a, b) = cp(t, "Kovalenko");
        let (c, d) = cp(t, "Kyiv");
        json!({"text": t, "label": [[a, b, l], [c, d, "GPE"], [34, 43, "WEIRD"]]}).to_string()
    };
    let input = write(&dir, "x.doccano.jsonl", rec("MISC"));
    let out = dir.join("o");
    let r = convert(&[&input], "spanmark", &out, &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("“MISC” (1 span)") && r.stderr.contains("“WEIRD” (1 span)"),
        "{}",
        r.stderr
    );
    assert!(
        !r.stderr.contains("“GPE”"),
        "GPE has a suggestion: {}",
        r.stderr
    );
    assert!(files_in(&out).is_empty(), "nothing written");

    let r = convert(
        &[&input],
        "spanmark",
        &out,
        &["--map", "MISC=ACTOR", "--map", "WEIRD=figure"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut d = Document::new("d-1".into(), intake::guess_title(t), t.into());
    for (id, l, w) in [
        ("a-1", Label::Actor, "Kovalenko"),
        ("a-2", Label::Location, "Kyiv"),
        ("a-3", Label::Figure, "30 drones"),
    ] {
        let (a, b) = cp(t, w);
        d.add(Annotation {
            id: id.into(),
            label: l,
            span: Span::new(a, b).unwrap(),
            note: String::new(),
            created_at: None,
        })
        .unwrap();
    }
    assert_same(
        &out,
        &expected("spanmark", &[d.clone()], &slug(&d.title), AT, AT_UNIX),
    );

    // Dropped labels, as the app's dialog does by default.
    let r = convert(
        &[&input],
        "doccano",
        &out,
        &["--drop-unmapped", "--map", "GPE=drop"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let only = Document::new("d-1".into(), d.title.clone(), t.into());
    assert!(
        r.stderr.contains("3 spans with a dropped label"),
        "{}",
        r.stderr
    );
    assert_same(
        &out,
        &expected("doccano", &[only], &slug(&d.title), AT, AT_UNIX),
    );

    let r = run(&[
        "convert",
        &input,
        "--to",
        "spanmark",
        "--map",
        "MISC=person",
    ]);
    assert_eq!(r.code, 2, "not one of our labels: {}", r.stderr);
}

#[test]
fn the_export_time_comes_from_exported_at_then_source_date_epoch() {
    let dir = scratch("time");
    let input = write(
        &dir,
        "s.spanmark.json",
        native::export(&[&second()], "2020-01-01T00:00:00Z"),
    );
    let o = dir.to_string_lossy().into_owned();
    let r = run_env(
        &["convert", &input, "--to", "brat", "--out", &o],
        b"",
        &[("SOURCE_DATE_EPOCH", "1700000000")],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_same(
        &dir,
        &expected(
            "brat",
            &[second()],
            "second-document",
            "2023-11-14T22:13:20.000Z",
            1_700_000_000,
        ),
    );
    let r = run_env(
        &["convert", &input, "--to", "spanmark", "--out", "-"],
        b"",
        &[("SOURCE_DATE_EPOCH", "1700000000")],
    );
    assert!(
        r.out()
            .contains("\"exported_at\": \"2023-11-14T22:13:20.000Z\""),
        "{}",
        r.out()
    );
    // --exported-at wins, verbatim, with an offset too.
    let r = run_env(
        &[
            "convert",
            &input,
            "--to",
            "conll",
            "--out",
            "-",
            "--exported-at",
            "2026-01-02T03:04:05+02:00",
        ],
        b"",
        &[("SOURCE_DATE_EPOCH", "1700000000")],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout == expected("conll", &[second()], "second-document", "x", 1_767_315_845).bytes
    );
    for bad in [
        "2026-13-01T00:00:00Z",
        "yesterday",
        "2026-01-01 00:00:00Z",
        "1969-12-31T23:59:59Z",
    ] {
        let r = run(&["convert", &input, "--to", "spanmark", "--exported-at", bad]);
        assert_eq!(r.code, 2, "{bad}: {}", r.stderr);
    }
    let r = run_env(
        &["convert", &input, "--to", "spanmark", "--out", "-"],
        b"",
        &[("SOURCE_DATE_EPOCH", "soon")],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    // Now, as the browser writes it.
    let r = run(&["convert", &input, "--to", "spanmark", "--out", "-"]);
    let s = r.out();
    let at = s.split("\"exported_at\": \"").nth(1).unwrap();
    let at = &at[..at.find('"').unwrap()];
    assert!(
        at.len() == 24 && at.ends_with('Z') && spanmark_cli::time::parse_iso(at).is_some(),
        "{at}"
    );
}

#[test]
fn standard_output_takes_one_file() {
    let dir = scratch("stdout");
    let a = write(&dir, "a.txt", "A\nx");
    let b = write(&dir, "b.txt", "B\ny");
    let r = run(&["convert", &a, &b, "--to", "spanmark", "--out", "-"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    let r = run(&[
        "convert",
        &a,
        &b,
        "--to",
        "spanmark",
        "--out",
        "-",
        "--merge",
        "--exported-at",
        AT,
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let docs = [
        Document::new("d-1".into(), "A".into(), "A\nx".into()),
        Document::new("d-2".into(), "B".into(), "B\ny".into()),
    ];
    assert!(r.stdout == expected("spanmark", &docs, "spanmark-library", AT, AT_UNIX).bytes);
}

#[test]
fn a_refused_input_is_named_and_the_others_still_convert_but_merge_writes_nothing() {
    let dir = scratch("refused");
    let good = write(&dir, "good.txt", "Good\ntext");
    let bad = write(&dir, "bad.json", "{\"format\": \"spanmark\"");
    let out = dir.join("o");
    let r = convert(&[&good, &bad], "spanmark", &out, &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!("{bad} was not imported")),
        "{}",
        r.stderr
    );
    assert_eq!(files_in(&out), ["good.spanmark.json"]);
    let out = dir.join("m");
    let r = convert(&[&good, &bad], "spanmark", &out, &["--merge"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(files_in(&out).is_empty());
}
