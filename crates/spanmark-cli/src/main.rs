//! `spanmark convert | check | stats`: arguments, output and exit status.
//! Exit status: 0 all well; 1 a problem in the data (a refused file, a
//! label without a mapping); 2 the command could not do what was asked
//! (a usage error, an input that cannot be read, an output that cannot be
//! written). The worst one wins.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use clap::builder::{PossibleValue, PossibleValuesParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use spanmark_core::export::{self, OutFile};
use spanmark_core::import::{plural, Draft};
use spanmark_core::label::Label;

use spanmark_cli::check::{self, Report};
use spanmark_cli::convert;
use spanmark_cli::input::{self, Input};
use spanmark_cli::labels::{self, Answers};
use spanmark_cli::segment::Uax29;
use spanmark_cli::stats::Figures;
use spanmark_cli::time;

const OK: u8 = 0;
const DATA: u8 = 1;
const TROUBLE: u8 = 2;

#[derive(Parser)]
#[command(
    name = "spanmark",
    version,
    about = "Convert, check and count span annotation files with the spanmark app's own core.",
    long_about = "Convert, check and count span annotation files with the spanmark app's own core: \
the files it reads are the files the app imports (spanmark JSON, doccano JSONL/JSON, Label Studio \
JSON, .txt/.md, .html), and the files it writes are byte for byte the app's downloads of the same \
documents. Offsets count Unicode code points everywhere.",
    after_help = "Exit status: 0 all well; 1 a problem in the data (a refused file, a label with no \
mapping); 2 the command could not do what was asked (bad arguments, an input that cannot be read, \
an output that cannot be written). See docs/CLI.md."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Convert(ConvertArgs),
    Check(CheckArgs),
    Stats(StatsArgs),
}

/// How output files are named.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Names {
    /// As the app names its download: the title's slug for one document,
    /// spanmark-library for several.
    App,
    /// After the input file, less its extensions (train.jsonl → train.spacy.jsonl).
    Input,
}

#[derive(Args)]
struct Common {
    /// The file name standard input (`-`) stands for: its extension picks the kind
    /// (.json, .jsonl, .txt, .md, .html) and `.doccano.jsonl` code-point offsets, as a
    /// real file's name does. Without it the content decides, and doccano offsets
    /// count UTF-16 units.
    #[arg(long, value_name = "NAME")]
    stdin_name: Option<String>,
}

/// Convert files to one of the app's export formats.
#[derive(Args)]
#[command(
    long_about = "Convert files to one of the app's export formats, byte for byte as the app's \
Export downloads the same documents.\n\n\
Each input gives one output, named as the app names its download: <slug of the title>.<format>… \
for a file of one document, spanmark-library.<format>… for a file of several (the app's \
whole-library export). --merge writes one export of all inputs, in input order; --names input \
names outputs after their inputs instead. Formats of several files (brat, CoNLL) are one .tar.\n\n\
What the app takes from the browser is chosen here:\n\
- time: exported_at and the tar entries' time come from --exported-at, else \
SOURCE_DATE_EPOCH, else the clock (written as the browser writes it, 2026-11-26T15:04:05.123Z).\n\
- ids: documents without an id get d-1, d-2, … in the order of each export; annotations \
without one a-1, a-2, … per document; ids a file gives are kept (the app makes random ids).\n\
- labels: labels that are not ours take --map, else the app's suggestion (PER → actor, GPE → \
location, MONEY → figure, …); any other is refused unless --drop-unmapped (the app's dialog \
default).\n\
- CoNLL: words and sentences by Unicode's UAX #29 rules; the app uses the browser's \
Intl.Segmenter (ICU), which cuts Chinese, Japanese and Thai into dictionary words where UAX #29 \
cuts them character by character: CoNLL tokens of such text may differ.\n\
- HTML: the visible text as the app's DOMParser walk finds it, from an HTML5 parser \
(html5ever).\n\n\
To reproduce a browser download exactly, export spanmark JSON from the app, then convert that \
file with --exported-at set to its \"exported_at\".",
    after_help = "Examples:\n  spanmark convert data/*.jsonl --to spacy --out train/\n  \
spanmark convert export.json --to conll --out - | tar -t\n  \
spanmark convert a.json b.jsonl --merge --to label-studio --map MISC=drop\n  \
cat page.html | spanmark convert - --stdin-name page.html --to spanmark --out -"
)]
struct ConvertArgs {
    /// Input files; `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<String>,
    /// The export format.
    #[arg(long, short = 't', value_name = "FORMAT", value_parser = formats())]
    to: String,
    /// The folder to write into (made when missing); `-` writes the one output to
    /// standard output.
    #[arg(long, short = 'o', value_name = "DIR", default_value = ".")]
    out: String,
    /// One export of all inputs, in input order (the app's whole-library export):
    /// nothing is written when any input is refused.
    #[arg(long)]
    merge: bool,
    /// How outputs are named.
    #[arg(long, value_enum, default_value_t = Names::App)]
    names: Names,
    /// Maps a label that is not ours: PER=actor, MISC=drop (repeatable). LABEL is
    /// claim, figure, actor, location or drop.
    #[arg(long = "map", value_name = "FOREIGN=LABEL", value_parser = labels::parse_map)]
    map: Vec<(String, Option<Label>)>,
    /// Drop the spans of foreign labels that neither --map nor a suggestion maps,
    /// instead of refusing the input.
    #[arg(long)]
    drop_unmapped: bool,
    /// The export time, ISO 8601 (e.g. an app download's "exported_at"); default:
    /// SOURCE_DATE_EPOCH, else now.
    #[arg(long, value_name = "TIME")]
    exported_at: Option<String>,
    /// No line per written file on standard error.
    #[arg(long, short = 'q')]
    quiet: bool,
    #[command(flatten)]
    common: Common,
}

/// Check files as the app's import does, and list every problem.
#[derive(Args)]
#[command(
    long_about = "Check files as the app's import does (the same reader and rules: quotes, offsets \
in range and on character boundaries, UTF-16 units converted and checked, sorted and unique \
annotations), and list every problem, one line each: \"<file>: <record>, <span>: <reason>\". The \
import stops at a file's first problem; check goes on through every record and span. A file the \
app would refuse as over 64 MB is a problem too.\n\n\
Exit status: 0 every file is imported as it is; 1 some file has a problem; 2 bad arguments or a \
file that cannot be read (missing, a directory, no permission) — the other files are still checked."
)]
struct CheckArgs {
    /// Files to check; `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<String>,
    /// One JSON object on standard output: {"ok": …, "files": [{"file", "ok", "format",
    /// "documents", "spans", "problems", "notes", "unmapped"}]}.
    #[arg(long)]
    json: bool,
    /// Print only the problems.
    #[arg(long, short = 'q')]
    quiet: bool,
    #[command(flatten)]
    common: Common,
}

/// Count documents, characters, annotations per label and overlaps.
#[derive(Args)]
#[command(
    long_about = "Count what the app would store for each file: documents, characters \
(code points), annotations per label and overlaps (annotations sharing a code point with another \
in the same document), per file and in total. Foreign labels are mapped as convert maps them \
(--map, else the app's suggestion); spans of labels left unmapped are counted apart. A refused \
file is named on standard error and left out (exit status 1)."
)]
struct StatsArgs {
    /// Files to count; `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<String>,
    /// One JSON object on standard output: {"files": [{"file", "format", …}], "total": {…}}.
    #[arg(long)]
    json: bool,
    /// Maps a label that is not ours, as for convert.
    #[arg(long = "map", value_name = "FOREIGN=LABEL", value_parser = labels::parse_map)]
    map: Vec<(String, Option<Label>)>,
    #[command(flatten)]
    common: Common,
}

fn formats() -> PossibleValuesParser {
    PossibleValuesParser::new(
        export::FORMATS
            .iter()
            .map(|f| PossibleValue::new(f.id()).help(f.name())),
    )
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Convert(a) => run_convert(a),
        Command::Check(a) => run_check(a),
        Command::Stats(a) => run_stats(a),
    };
    ExitCode::from(code)
}

fn usage(msg: impl std::fmt::Display) -> u8 {
    eprintln!("spanmark: {msg}");
    TROUBLE
}

/// Standard input can be read once.
fn stdin_once(files: &[String]) -> Result<(), u8> {
    if files.iter().filter(|f| *f == "-").count() > 1 {
        return Err(usage("`-` (standard input) can be given once"));
    }
    Ok(())
}

/// Reads every argument; the unreadable ones are named on standard error.
fn read_all(files: &[String], common: &Common, worst: &mut u8) -> Vec<Result<Input, String>> {
    files
        .iter()
        .map(|f| {
            input::read(f, common.stdin_name.as_deref()).map_err(|e| {
                eprintln!("spanmark: {}", e.0);
                *worst = (*worst).max(TROUBLE);
                e.0
            })
        })
        .collect()
}

fn answers(map: &[(String, Option<Label>)]) -> Answers {
    map.iter().cloned().collect()
}

/// Warns of `--map` labels that no input has (a typo, most likely).
fn unused_maps(answers: &Answers, drafts: &[&Draft]) {
    for label in answers.keys() {
        let used = drafts
            .iter()
            .any(|d| d.spans.iter().any(|s| &s.label == label));
        if !used {
            eprintln!("spanmark: warning: --map {label}=…: no input has the label “{label}”");
        }
    }
}

struct Output {
    source: String,
    file: OutFile,
    note: Option<String>,
    documents: usize,
    annotations: usize,
    dropped: usize,
}

fn run_convert(a: ConvertArgs) -> u8 {
    if let Err(code) = stdin_once(&a.files) {
        return code;
    }
    // Empty counts as unset, as most tools that read it take it.
    let sde = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .filter(|s| !s.trim().is_empty());
    let stamp = match time::stamp(a.exported_at.as_deref(), sde.as_deref()) {
        Ok(s) => s,
        Err(e) => return usage(e),
    };
    let Some(format) = export::by_id(&a.to) else {
        return usage(format!("unknown format {:?}", a.to));
    };
    let answers = answers(&a.map);
    let mut worst = OK;
    let mut parsed = Vec::new();
    for inp in read_all(&a.files, &a.common, &mut worst)
        .into_iter()
        .flatten()
    {
        match input::parse(&inp) {
            Ok(p) => parsed.push((inp, p)),
            Err(e) => {
                eprintln!(
                    "{} was not imported: {}.",
                    inp.shown,
                    e.trim_end_matches('.')
                );
                worst = worst.max(DATA);
            }
        }
    }
    {
        let drafts: Vec<&Draft> = parsed.iter().flat_map(|(_, p)| &p.drafts).collect();
        unused_maps(&answers, &drafts);
    }
    if a.merge && worst != OK {
        eprintln!("spanmark: nothing was written: with --merge, every input must be read");
        return worst;
    }
    // (what it came from, its input's name, its drafts)
    let groups: Vec<(String, String, Vec<Draft>)> = if a.merge {
        let sources: Vec<String> = parsed.iter().map(|(i, _)| i.shown.clone()).collect();
        let drafts = parsed.into_iter().flat_map(|(_, p)| p.drafts).collect();
        vec![(sources.join(", "), String::new(), drafts)]
    } else {
        parsed
            .into_iter()
            .map(|(i, p)| (i.shown, i.name, p.drafts))
            .collect()
    };
    let mut outputs = Vec::new();
    for (source, name, drafts) in groups {
        let map = match labels::mapping(&drafts, &answers, a.drop_unmapped) {
            Ok(m) => m,
            Err(e) => {
                eprintln!("{source}: {e}. Nothing was written for it.");
                worst = worst.max(DATA);
                continue;
            }
        };
        let (docs, dropped) = convert::documents(drafts, &map);
        let stem = match a.names {
            Names::Input if !a.merge => convert::input_stem(&name),
            _ => convert::app_name(&docs),
        };
        let (file, note) = convert::export(format, &docs, &stem, &stamp, &Uax29);
        outputs.push(Output {
            source,
            file,
            note,
            documents: docs.len(),
            annotations: docs.iter().map(|d| d.annotations.len()).sum(),
            dropped,
        });
    }
    // Outputs of one run never overwrite each other.
    let mut by_name: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for o in &outputs {
        by_name.entry(&o.file.name).or_default().push(&o.source);
    }
    let clashes: Vec<String> = by_name
        .iter()
        .filter(|(_, s)| s.len() > 1)
        .map(|(n, s)| format!("{n} (from {})", s.join(", ")))
        .collect();
    if !clashes.is_empty() {
        return usage(format!(
            "nothing was written: several inputs would be written to the same file: {}. Give --names input to name outputs after their inputs, or --merge for one export of all",
            clashes.join("; ")
        ));
    }
    if a.out == "-" {
        match outputs.as_slice() {
            [] => return worst,
            [o] => {
                let mut out = std::io::stdout().lock();
                if let Err(e) = out.write_all(&o.file.bytes).and_then(|()| out.flush()) {
                    return usage(format!("standard output could not be written ({e})"));
                }
                if !a.quiet {
                    report_written(o, "standard output");
                }
            }
            many => {
                return usage(format!(
                    "nothing was written: --out - writes one file, and these inputs give {}; give --merge for one export of all, or a folder",
                    many.len()
                ))
            }
        }
        return worst;
    }
    let dir = Path::new(&a.out);
    if let Err(e) = std::fs::create_dir_all(dir) {
        return usage(format!(
            "the folder {} could not be made ({e})",
            dir.display()
        ));
    }
    for o in &outputs {
        let path = dir.join(&o.file.name);
        match std::fs::write(&path, &o.file.bytes) {
            Ok(()) if !a.quiet => report_written(o, &path.display().to_string()),
            Ok(()) => {}
            Err(e) => {
                eprintln!("spanmark: {} could not be written ({e})", path.display());
                worst = worst.max(TROUBLE);
            }
        }
    }
    worst
}

fn report_written(o: &Output, to: &str) {
    let mut msg = format!(
        "{} → {to} ({}, {})",
        o.source,
        plural(o.documents, "document", "documents"),
        plural(o.annotations, "annotation", "annotations")
    );
    if o.dropped > 0 {
        msg.push_str(&format!(
            "; {} with a dropped label left out",
            plural(o.dropped, "span", "spans")
        ));
    }
    if let Some(n) = &o.note {
        msg.push(' ');
        msg.push_str(n);
    }
    eprintln!("{msg}");
}

fn report_json(r: &Report) -> serde_json::Value {
    let unmapped: serde_json::Map<String, serde_json::Value> = r
        .unmapped
        .iter()
        .map(|(l, n)| (l.clone(), (*n).into()))
        .collect();
    serde_json::json!({
        "file": r.file,
        "ok": r.ok(),
        "format": r.format,
        "documents": r.documents,
        "spans": r.spans,
        "problems": r.problems,
        "notes": r.notes,
        "unmapped": unmapped,
    })
}

fn run_check(a: CheckArgs) -> u8 {
    if let Err(code) = stdin_once(&a.files) {
        return code;
    }
    let mut worst = OK;
    let mut json_files = Vec::new();
    let (mut good, mut bad, mut unreadable) = (0, 0, 0);
    let mut out = std::io::stdout().lock();
    let read = read_all(&a.files, &a.common, &mut worst);
    for (arg, res) in a.files.iter().zip(read) {
        let inp = match res {
            Ok(i) => i,
            Err(e) => {
                unreadable += 1;
                json_files.push(serde_json::json!({"file": arg, "ok": false, "error": e}));
                continue;
            }
        };
        let r = check::check(&inp);
        if r.ok() {
            good += 1;
        } else {
            bad += 1;
            worst = worst.max(DATA);
        }
        if a.json {
            json_files.push(report_json(&r));
            continue;
        }
        let mut lines: Vec<String> = r
            .problems
            .iter()
            .map(|p| format!("{}: {p}", r.file))
            .collect();
        if !a.quiet {
            if r.ok() {
                let mut l = format!(
                    "{}: ok ({}, {}, {})",
                    r.file,
                    r.format.unwrap_or("?"),
                    plural(r.documents, "document", "documents"),
                    plural(r.spans, "span", "spans")
                );
                if !r.notes.is_empty() {
                    l.push_str(&format!("; note: {}", r.notes.join("; ")));
                }
                lines.push(l);
            } else {
                lines.push(format!(
                    "{}: refused ({})",
                    r.file,
                    plural(r.problems.len(), "problem", "problems")
                ));
            }
            if !r.unmapped.is_empty() {
                let l: Vec<String> = r
                    .unmapped
                    .iter()
                    .map(|(l, n)| format!("“{l}” ({})", plural(*n, "span", "spans")))
                    .collect();
                lines.push(format!(
                    "{}: note: convert needs --map (or --drop-unmapped) for {}",
                    r.file,
                    l.join(", ")
                ));
            }
        }
        for l in lines {
            let _ = writeln!(out, "{l}");
        }
    }
    if a.json {
        let v = serde_json::json!({"ok": worst == OK, "files": json_files});
        let _ = writeln!(out, "{v:#}");
    } else if !a.quiet && a.files.len() > 1 {
        let _ = writeln!(
            out,
            "{}: {good} ok, {bad} with problems{}",
            plural(a.files.len(), "file", "files"),
            if unreadable > 0 {
                format!(", {unreadable} unreadable")
            } else {
                String::new()
            }
        );
    }
    worst
}

fn run_stats(a: StatsArgs) -> u8 {
    if let Err(code) = stdin_once(&a.files) {
        return code;
    }
    let answers = answers(&a.map);
    let mut worst = OK;
    let mut rows: Vec<(String, &'static str, Figures)> = Vec::new();
    for inp in read_all(&a.files, &a.common, &mut worst)
        .into_iter()
        .flatten()
    {
        let p = match input::parse(&inp) {
            Ok(p) => p,
            Err(e) => {
                eprintln!(
                    "{} was not imported: {}.",
                    inp.shown,
                    e.trim_end_matches('.')
                );
                worst = worst.max(DATA);
                continue;
            }
        };
        let unmapped = labels::unmapped(&p.drafts, &answers);
        // Unmapped labels drop here, so always Ok.
        let map = labels::mapping(&p.drafts, &answers, true).unwrap_or_default();
        let (docs, _) = convert::documents(p.drafts, &map);
        let mut f = Figures::of(&docs);
        f.unmapped = unmapped.into_iter().collect();
        rows.push((inp.shown, p.format, f));
    }
    let mut total = Figures::default();
    for (_, _, f) in &rows {
        total.add(f);
    }
    let mut out = std::io::stdout().lock();
    if a.json {
        let files: Vec<serde_json::Value> = rows
            .iter()
            .map(|(file, format, f)| {
                let mut v = f.json();
                v["file"] = file.clone().into();
                v["format"] = (*format).into();
                v
            })
            .collect();
        let v = serde_json::json!({"files": files, "total": total.json()});
        let _ = writeln!(out, "{v:#}");
        return worst;
    }
    let mut table: Vec<Vec<String>> = vec![["file", "documents", "characters", "annotations"]
        .iter()
        .map(|s| s.to_string())
        .chain(Label::ALL.iter().map(|l| l.id().to_string()))
        .chain(["overlaps".to_string()])
        .collect()];
    let row = |name: &str, f: &Figures| -> Vec<String> {
        [name.to_string()]
            .into_iter()
            .chain([f.documents, f.characters, f.annotations].map(|n| n.to_string()))
            .chain(Label::ALL.map(|l| f.labels[l as usize].to_string()))
            .chain([f.overlaps.to_string()])
            .collect()
    };
    for (file, _, f) in &rows {
        table.push(row(file, f));
    }
    if rows.len() > 1 {
        table.push(row("total", &total));
    }
    let widths: Vec<usize> = (0..table[0].len())
        .map(|c| {
            table
                .iter()
                .map(|r| r[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for r in &table {
        let cells: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(c, s)| {
                if c == 0 {
                    format!("{s:<w$}", w = widths[c])
                } else {
                    format!("{s:>w$}", w = widths[c])
                }
            })
            .collect();
        let _ = writeln!(out, "{}", cells.join("  ").trim_end());
    }
    for (file, _, f) in &rows {
        if !f.unmapped.is_empty() {
            let l: Vec<String> = f
                .unmapped
                .iter()
                .map(|(l, n)| format!("“{l}” ({})", plural(*n, "span", "spans")))
                .collect();
            let _ = writeln!(out, "{file}: not counted, no mapping: {}", l.join(", "));
        }
    }
    worst
}
