//! `spanmark stats`, and the CLI's segmenter for CoNLL.

mod common;

use common::*;
use serde_json::json;
use spanmark_cli::segment::Uax29;
use spanmark_core::export::native;
use spanmark_core::text::words::Segmenter;

#[test]
fn stats_per_file_and_in_total() {
    let dir = scratch("stats");
    let a = write(
        &dir,
        "a.spanmark.json",
        native::export(&[&rally(), &second()], "2026-01-02T12:00:00Z"),
    );
    let t = "Olena in Kyiv and Lisbon";
    let b = write(
        &dir,
        "b.jsonl",
        json!({"text": t, "label": [[0, 5, "PER"], [0, 5, "MISC"], [9, 13, "GPE"], [9, 13, "LOC"], [9, 24, "X"]]}).to_string(),
    );
    let r = run(&["stats", "--json", &a, &b]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
    let fa = &v["files"][0];
    assert_eq!(fa["file"], a.as_str());
    assert_eq!(fa["format"], "spanmark");
    assert_eq!(fa["documents"], 2);
    assert_eq!(
        fa["characters"],
        RALLY.chars().count() + "Olena Kovalenko reached Lisbon.\n".chars().count()
    );
    assert_eq!(fa["annotations"], 12);
    assert_eq!(
        fa["labels"],
        json!({"claim": 2, "figure": 3, "actor": 2, "location": 5})
    );
    // Overlapping in the rally: the claim with its figure and Fastiv, the
    // crossing claim with Fastiv, the two figures on "30".
    assert_eq!(fa["overlaps"], 6);
    let fb = &v["files"][1];
    // GPE and LOC both become the one location on Kyiv.
    assert_eq!(
        fb["labels"],
        json!({"claim": 0, "figure": 0, "actor": 1, "location": 1})
    );
    assert_eq!(fb["unmapped"], json!({"MISC": 1, "X": 1}));
    assert_eq!(fb["overlaps"], 0);
    assert_eq!(v["total"]["documents"], 3);
    assert_eq!(v["total"]["annotations"], 14);

    let r = run(&["stats", &a, &b, "--map", "X=claim"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = r.out();
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with("file") && lines[0].ends_with("overlaps"),
        "{out}"
    );
    let cells = |l: &str| l.split_whitespace().map(str::to_string).collect::<Vec<_>>();
    assert_eq!(
        cells(lines[2])[1..],
        ["1", "24", "3", "1", "0", "1", "1", "2"].map(String::from),
        "{out}"
    );
    assert_eq!(cells(lines[3])[0], "total");
    assert!(
        out.contains("not counted, no mapping: “MISC” (1 span)"),
        "{out}"
    );
}

#[test]
fn uax29_words_and_sentences_in_code_points() {
    let t = "Zelenskyy said: “585 drones”. Then 👩‍👩‍👧 e\u{301} next! 東京の夜";
    let words: Vec<String> = Uax29
        .words(t)
        .iter()
        .map(|s| t.chars().skip(s.start()).take(s.len()).collect())
        .collect();
    for w in ["Zelenskyy", "585", "drones", "👩‍👩‍👧", "e\u{301}", "東", "京"] {
        assert!(words.iter().any(|x| x == w), "{w} in {words:?}");
    }
    let tiles: usize = Uax29.words(t).iter().map(|s| s.len()).sum();
    assert_eq!(tiles, t.chars().count(), "words tile the text");
    let starts: Vec<usize> = Uax29.sentences(t).iter().map(|s| s.start()).collect();
    assert_eq!(starts.len(), 3, "{starts:?}");
    assert_eq!(Uax29.graphemes("e\u{301}👍🏽").len(), 2);
}
