//! Running the real binary, and scratch folders.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use spanmark_core::export::{self, Options, OutFile};
use spanmark_core::label::Label;
use spanmark_core::model::{Annotation, Document};
use spanmark_core::text::Span;

pub struct Run {
    pub code: i32,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

impl Run {
    pub fn out(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
}

/// Runs `spanmark args…` with `stdin` and the environment less
/// `SOURCE_DATE_EPOCH` (unless `env` sets it).
pub fn run_env(args: &[&str], stdin: &[u8], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_spanmark"));
    cmd.args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("the binary runs");
    {
        let mut si = child.stdin.take().expect("stdin");
        // The binary may exit before reading everything (a usage error).
        let _ = si.write_all(stdin);
    }
    let out = child.wait_with_output().expect("the binary finishes");
    Run {
        // A signal (no code) counts as a crash, like a panic's 101.
        code: out.status.code().unwrap_or(-1),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn run(args: &[&str]) -> Run {
    run_env(args, b"", &[])
}

/// A fresh empty folder under the system's temporary folder.
pub fn scratch(tag: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "spanmark-cli-test-{}-{tag}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("fixture written");
    p.to_string_lossy().into_owned()
}

pub fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// What the core's export API gives for `docs`, as the app's export menu
/// calls it, with the CLI's segmenter.
pub fn expected(id: &str, docs: &[Document], name: &str, iso: &str, unix: u64) -> OutFile {
    let f = export::by_id(id).expect("a format");
    let refs: Vec<&Document> = docs.iter().collect();
    let seg = spanmark_cli::segment::Uax29;
    let opts = Options {
        name,
        exported_at: iso,
        unix_time: unix,
        segmenter: &seg,
    };
    let out = f.export(&refs, &opts);
    export::bundle(f, &opts, out.files)
}

pub fn cp(s: &str, needle: &str) -> (usize, usize) {
    let b = s.find(needle).expect("needle in text");
    let a = s[..b].chars().count();
    (a, a + needle.chars().count())
}

pub fn utf16(s: &str, needle: &str) -> (usize, usize) {
    let b = s.find(needle).expect("needle in text");
    let a = s[..b].encode_utf16().count();
    (a, a + needle.encode_utf16().count())
}

pub fn add(d: &mut Document, id: &str, label: Label, needle: &str, note: &str) {
    let (a, b) = cp(d.text.as_str(), needle);
    d.add(Annotation {
        id: id.into(),
        label,
        span: Span::new(a, b).expect("a span"),
        note: note.into(),
        created_at: Some("2026-01-02T03:04:05Z".into()),
    })
    .expect("annotation added");
}

/// Emoji (astral, a flag, a family), combining marks, CJK, RTL, CRLF, a
/// line separator, overlapping and nested spans, notes and metadata.
pub const RALLY: &str = "Rally 🇺🇦👍🏽 in Kyiv: 👩‍👩‍👧 families met Zelenskyy, who said “585 drones hit Fastiv”.\r\nSecond line é́ 漢字 東京 مرحبا Odesa.\u{2028}Third part, 30 missiles.";

pub fn rally() -> Document {
    let mut d = Document::new(
        "d-rally".into(),
        "Emoji rally: 🇺🇦 in Kyiv".into(),
        RALLY.into(),
    );
    d.meta.insert("date".into(), "2025-12-07".into());
    add(&mut d, "a-kyiv", Label::Location, "Kyiv", "the capital");
    add(&mut d, "a-zel", Label::Actor, "Zelenskyy", "");
    add(&mut d, "a-fig", Label::Figure, "585 drones", "");
    add(&mut d, "a-fastiv", Label::Location, "Fastiv", "");
    add(
        &mut d,
        "a-claim",
        Label::Claim,
        "585 drones hit Fastiv",
        "a note\nover two lines",
    );
    add(
        &mut d,
        "a-cross",
        Label::Claim,
        "Fastiv”.\r\nSecond line",
        "",
    );
    add(&mut d, "a-tokyo", Label::Location, "東京", "");
    add(&mut d, "a-odesa", Label::Location, "Odesa", "");
    add(&mut d, "a-30", Label::Figure, "30 missiles", "");
    add(&mut d, "a-30n", Label::Figure, "30", "");
    d
}

pub fn second() -> Document {
    let mut d = Document::new(
        "d-second".into(),
        "Second document".into(),
        "Olena Kovalenko reached Lisbon.\n".into(),
    );
    add(&mut d, "a-1", Label::Actor, "Olena Kovalenko", "");
    add(&mut d, "a-2", Label::Location, "Lisbon", "");
    d
}

pub const FORMAT_IDS: [&str; 8] = [
    "spanmark",
    "doccano",
    "doccano-utf16",
    "spacy",
    "label-studio",
    "w3c",
    "brat",
    "conll",
];
