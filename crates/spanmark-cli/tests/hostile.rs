//! Hostile input: every file of the fuzz corpus (`fuzz/corpus/*/`) through
//! `check`, `convert` and `stats` under the names that pick each reader —
//! exit status 0 or 1, never a panic (101) or a signal — and the usage
//! errors that exit 2.

mod common;

use std::path::{Path, PathBuf};

use common::*;

fn corpus() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus");
    let mut files = Vec::new();
    for dir in std::fs::read_dir(&root).expect("fuzz/corpus").flatten() {
        for f in std::fs::read_dir(dir.path())
            .expect("a corpus folder")
            .flatten()
        {
            files.push(f.path());
        }
    }
    files.sort();
    files
}

/// Names that pick every reader: by extension, doccano's code-point unit,
/// and none (the content decides).
const NAMES: &[&str] = &[
    "x.json",
    "x.jsonl",
    "x.doccano.jsonl",
    "x.html",
    "x.txt",
    "x",
];

#[test]
fn the_fuzz_corpus_never_crashes_check_convert_or_stats() {
    let files = corpus();
    assert!(files.len() > 200, "the corpus is there: {}", files.len());
    let dir = scratch("corpus");
    let out = dir.join("out").to_string_lossy().into_owned();
    let mut shown = Vec::new();
    for (i, f) in files.iter().enumerate() {
        let bytes = std::fs::read(f).expect("corpus file");
        let sub = dir.join(i.to_string());
        std::fs::create_dir_all(&sub).unwrap();
        let paths: Vec<String> = NAMES.iter().map(|n| write(&sub, n, &bytes)).collect();
        let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
        let what = f.display();

        let mut args = vec!["check"];
        args.extend(&refs);
        let r = run(&args);
        assert!(
            r.code == 0 || r.code == 1,
            "check {what}: {} {}",
            r.code,
            r.stderr
        );
        for p in &paths {
            assert!(
                r.out().lines().any(|l| l.starts_with(&format!("{p}: "))),
                "check {what} names {p}: {}",
                r.out()
            );
        }
        let mut args = vec!["check", "--json"];
        args.extend(&refs);
        let r = run(&args);
        assert!(
            r.code == 0 || r.code == 1,
            "check --json {what}: {}",
            r.stderr
        );
        assert!(
            serde_json::from_slice::<serde_json::Value>(&r.stdout).is_ok(),
            "check --json {what}"
        );

        for (j, p) in paths.iter().enumerate() {
            let o = format!("{out}/{i}-{j}");
            let r = run(&[
                "convert",
                p,
                "--to",
                FORMAT_IDS[(i + j) % FORMAT_IDS.len()],
                "--out",
                &o,
                "--drop-unmapped",
            ]);
            assert!(
                r.code == 0 || r.code == 1,
                "convert {what} as {p}: {} {}",
                r.code,
                r.stderr
            );
            if r.code == 1 {
                assert!(
                    r.stderr.contains(p.as_str()),
                    "convert {what} names {p}: {}",
                    r.stderr
                );
            }
        }
        // Every name at once, to formats in turn: the CoNLL segmenter and
        // the tar writer see the accepted texts together too.
        let id = FORMAT_IDS[(i + 3) % FORMAT_IDS.len()];
        let mut args = vec!["convert"];
        args.extend(&refs);
        args.extend([
            "--to",
            id,
            "--out",
            &out,
            "--merge",
            "--drop-unmapped",
            "-q",
        ]);
        let r = run(&args);
        assert!(
            r.code == 0 || r.code == 1,
            "convert --merge {what} to {id}: {} {}",
            r.code,
            r.stderr
        );
        let mut args = vec!["stats", "--json"];
        args.extend(&refs);
        let r = run(&args);
        assert!(
            r.code == 0 || r.code == 1,
            "stats {what}: {} {}",
            r.code,
            r.stderr
        );
        shown.push(what.to_string());
    }
    assert_eq!(shown.len(), files.len());
}

#[test]
fn usage_errors_exit_2() {
    let dir = scratch("usage");
    let good = write(&dir, "g.txt", "Good text");
    let d = dir.to_string_lossy().into_owned();
    let blocked = write(&dir, "file-not-folder", "x");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec![], "Usage"),
        (vec!["frobnicate"], "unrecognized subcommand"),
        (vec!["check"], "FILE"),
        (vec!["convert", &good], "--to"),
        (vec!["convert", &good, "--to", "csv"], "possible values"),
        (
            vec!["convert", &good, "--to", "spanmark", "--bogus"],
            "--bogus",
        ),
        (vec!["stats", &good, "--map", "PER"], "FOREIGN=LABEL"),
        (vec!["check", "/no/such/file"], "/no/such/file"),
        (vec!["check", &d], "directory"),
        (vec!["stats", "/no/such/file"], "/no/such/file"),
        (
            vec!["convert", "/no/such/file", "--to", "spacy", "--out", &d],
            "/no/such/file",
        ),
        (vec!["check", "-", "-"], "once"),
        (
            vec!["convert", &good, "--to", "spanmark", "--out", &blocked],
            "could not be made",
        ),
    ];
    for (args, needle) in cases {
        let r = run(&args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains(needle),
            "{args:?}: expected {needle:?} in {}",
            r.stderr
        );
    }
    // The good file is still checked beside the missing one.
    let r = run(&["check", &good, "/no/such/file"]);
    assert_eq!(r.code, 2);
    assert!(r.out().contains(&format!("{good}: ok")), "{}", r.out());
    for sub in ["convert", "check", "stats"] {
        let r = run(&[sub, "--help"]);
        assert_eq!(r.code, 0, "{sub} --help");
        assert!(r.out().contains("Usage: spanmark"), "{sub}: {}", r.out());
    }
    let r = run(&["convert", "--help"]);
    for word in [
        "SOURCE_DATE_EPOCH",
        "d-1",
        "UAX #29",
        "--merge",
        "label-studio",
        "CoNLL BIO",
    ] {
        assert!(r.out().contains(word), "convert --help mentions {word}");
    }
}
