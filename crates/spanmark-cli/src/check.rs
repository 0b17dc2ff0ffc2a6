//! `spanmark check`: is a file one the app imports, and if not, every
//! problem in it. The verdict is the importer's ([`crate::input::parse`]).
//! The importer stops at the first problem, so a refused file is cut into
//! pieces — its records (lines, records, tasks, documents) and within a
//! record its spans — and each piece goes through the same importer again
//! inside a file of the same kind; halves that pass are not looked into
//! further, so a few bad spans among many cost a few dozen parses. The JSON
//! shape is read here only to cut; every message is the core's, with its
//! record and span numbers put back to those of the whole file. A problem
//! between pieces (two documents with one id, annotations out of order)
//! shows as the message of the smallest stretch that has it.

use serde_json::{Map, Value};
use spanmark_core::import::doccano::{offsets_for, Offsets};
use spanmark_core::import::{self, text, Kind};

use crate::input::{self, Input, APP_MAX_BYTES};
use crate::labels::{self, Answers};

/// What `check` found in one file.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// As given on the command line.
    pub file: String,
    /// The format the importer read it as ("spanmark", "doccano", …), when
    /// it read it.
    pub format: Option<&'static str>,
    pub documents: usize,
    pub spans: usize,
    /// What the app's confirmation would mention (relations left out, …).
    pub notes: Vec<String>,
    /// Foreign labels without a suggestion: `convert` needs `--map` for them.
    pub unmapped: Vec<(String, usize)>,
    /// Every problem, each a sentence completing "<file>: ".
    pub problems: Vec<String>,
}

impl Report {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

pub fn check(input: &Input) -> Report {
    let mut r = Report {
        file: input.shown.clone(),
        ..Report::default()
    };
    if input.bytes.len() as u64 > APP_MAX_BYTES {
        r.problems.push(format!(
            "it is {} MB; the app refuses files over {} MB",
            (input.bytes.len() as u64).div_ceil(1_048_576),
            APP_MAX_BYTES / 1_048_576
        ));
    }
    let text = match text::decode(&input.bytes) {
        Ok(t) => t,
        Err(e) => {
            r.problems.push(e);
            return r;
        }
    };
    match input::parse_text(&input.name, &text) {
        Ok(p) if p.drafts.is_empty() => r.problems.push("it holds no documents".into()),
        Ok(p) => {
            r.format = Some(p.format);
            r.documents = p.drafts.len();
            r.notes = p.notes;
            r.unmapped = labels::unmapped(&p.drafts, &Answers::new());
            for (i, d) in p.drafts.iter().enumerate() {
                let len = d.doc.text.len();
                let spans = d
                    .spans
                    .iter()
                    .map(|s| s.span)
                    .chain(d.doc.annotations.iter().map(|a| a.span));
                for (j, s) in spans.enumerate() {
                    r.spans += 1;
                    // The importer checked it; a failure here is a bug in it.
                    if s.is_empty() || s.end() > len {
                        r.problems.push(format!(
                            "document {}, span {}: {}..{} does not lie in the text ({len} code points)",
                            i + 1,
                            j + 1,
                            s.start(),
                            s.end()
                        ));
                    }
                }
            }
        }
        Err(first) => {
            let mut all = pieces(&input.name, &text);
            if !all.contains(&first) {
                all.insert(0, first);
            }
            let mut seen = std::collections::HashSet::new();
            all.retain(|m| seen.insert(m.clone()));
            r.problems.extend(all);
        }
    }
    r
}

/// The importer's message for a file `name` holding `text`, if it refuses it.
fn refusal(name: &str, text: &str) -> Option<String> {
    input::parse_text(name, text).err()
}

/// `msg` with the first `<word> <n>` of each pair after the previous one
/// renumbered by its function: a piece's numbering back to the file's.
fn relocate(msg: &str, shifts: &[(&str, &dyn Fn(usize) -> usize)]) -> String {
    let mut out = msg.to_string();
    let mut from = 0;
    for (word, f) in shifts {
        let pat = format!("{word} ");
        let mut at = from;
        let found = loop {
            let Some(k) = out.get(at..).and_then(|s| s.find(&pat)) else {
                break None;
            };
            let s = at + k;
            let bounded = out[..s]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            let digits = out[s + pat.len()..]
                .bytes()
                .take_while(u8::is_ascii_digit)
                .count();
            if bounded && digits > 0 {
                break Some((s + pat.len(), digits));
            }
            at = s + pat.len();
        };
        let Some((d, n)) = found else { continue };
        let Ok(num) = out[d..d + n].parse::<usize>() else {
            continue;
        };
        let new = f(num).to_string();
        out.replace_range(d..d + n, &new);
        from = d + new.len();
    }
    out
}

/// Calls `leaf` for each single piece of `lo..hi` that `fails`, and keeps
/// the message of a stretch that fails while none of its halves does.
fn bisect(
    lo: usize,
    hi: usize,
    fails: &dyn Fn(usize, usize) -> Option<String>,
    leaf: &dyn Fn(usize, String) -> Vec<String>,
    out: &mut Vec<String>,
) {
    if lo >= hi {
        return;
    }
    let Some(msg) = fails(lo, hi) else { return };
    if hi - lo == 1 {
        out.extend(leaf(lo, msg));
        return;
    }
    let mid = lo + (hi - lo) / 2;
    let before = out.len();
    bisect(lo, mid, fails, leaf, out);
    bisect(mid, hi, fails, leaf, out);
    if out.len() == before {
        out.push(msg);
    }
}

/// The problems of a refused file, piece by piece (empty when it cannot be
/// cut: not JSON, or not records of a kind we know).
fn pieces(name: &str, text: &str) -> Vec<String> {
    let unit = offsets_for(name);
    match import::kind_of(name, text) {
        Kind::Jsonl => jsonl(unit, text),
        Kind::Json => {
            let Ok(root) = serde_json::from_str::<Value>(text) else {
                return Vec::new();
            };
            // The importer's own dispatch (`import::parse`).
            if !matches!(root.get("format"), None | Some(Value::Null)) {
                return native(root);
            }
            let first = match &root {
                Value::Array(a) => a.first(),
                v => Some(v),
            };
            let has = |k: &str| first.and_then(|v| v.get(k)).is_some();
            if has("data") {
                label_studio(root)
            } else if has("text") {
                doccano_json(unit, root)
            } else {
                Vec::new()
            }
        }
        Kind::Text | Kind::Html => Vec::new(),
    }
}

/// A file name that the importer reads as `ext` with doccano offsets in
/// `unit`, whatever the real name's extension.
fn name_for(unit: Offsets, ext: &str) -> String {
    match unit {
        Offsets::CodePoints => format!("check.doccano.{ext}"),
        Offsets::Utf16 => format!("check.{ext}"),
    }
}

fn json(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

const DOCCANO_SPANS: [&str; 3] = ["label", "labels", "entities"];

/// The problems of one doccano record; `run` reads a record alone and
/// returns the message numbered as the whole file, `msg` the record's own.
fn doccano_record(
    rec: &Map<String, Value>,
    run: &dyn Fn(&Value) -> Option<String>,
    msg: String,
) -> Vec<String> {
    let mut bare = rec.clone();
    for k in DOCCANO_SPANS {
        if let Some(Value::Array(a)) = bare.get_mut(k) {
            a.clear();
        }
    }
    if let Some(m) = run(&Value::Object(bare)) {
        return vec![m];
    }
    let mut out = Vec::new();
    for k in DOCCANO_SPANS {
        let Some(Value::Array(items)) = rec.get(k) else {
            continue;
        };
        let word = if k == "entities" { "entity" } else { "span" };
        let fails = |lo: usize, hi: usize| {
            let mut r = rec.clone();
            for other in DOCCANO_SPANS {
                r.remove(other);
            }
            r.insert(k.to_string(), Value::Array(items[lo..hi].to_vec()));
            let m = run(&Value::Object(r))?;
            Some(relocate(&m, &[(word, &|n| n + lo)]))
        };
        bisect(0, items.len(), &fails, &|_, m| vec![m], &mut out);
    }
    if out.is_empty() {
        out.push(msg);
    }
    out
}

fn jsonl(unit: Offsets, text: &str) -> Vec<String> {
    let name = name_for(unit, "jsonl");
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .collect();
    let fails = |lo: usize, hi: usize| {
        let part: Vec<&str> = lines[lo..hi].iter().map(|l| l.1).collect();
        let m = refusal(&name, &part.join("\n"))?;
        Some(relocate(
            &m,
            &[("line", &|k| {
                k.checked_sub(1)
                    .and_then(|j| lines.get(lo + j))
                    .map_or(k, |l| l.0 + 1)
            })],
        ))
    };
    let leaf = |i: usize, msg: String| {
        let Ok(Value::Object(rec)) = serde_json::from_str::<Value>(lines[i].1) else {
            return vec![msg];
        };
        let real = lines[i].0 + 1;
        let run = |r: &Value| {
            let m = refusal(&name, &json(r))?;
            Some(relocate(&m, &[("line", &|_| real)]))
        };
        doccano_record(&rec, &run, msg)
    };
    let mut out = Vec::new();
    bisect(0, lines.len(), &fails, &leaf, &mut out);
    out
}

fn doccano_json(unit: Offsets, root: Value) -> Vec<String> {
    let name = name_for(unit, "json");
    let Value::Array(items) = root else {
        let Value::Object(rec) = &root else {
            return Vec::new();
        };
        let Some(msg) = refusal(&name, &json(&root)) else {
            return Vec::new();
        };
        return doccano_record(rec, &|r| refusal(&name, &json(r)), msg);
    };
    // A valid first record keeps the importer's dispatch on doccano
    // whatever the piece's own first record holds.
    let dummy = serde_json::json!({"text": "x"});
    let with_dummy = |recs: &[Value]| {
        let mut all = vec![dummy.clone()];
        all.extend_from_slice(recs);
        json(&Value::Array(all))
    };
    let fails = |lo: usize, hi: usize| {
        let m = refusal(&name, &with_dummy(&items[lo..hi]))?;
        Some(relocate(&m, &[("record", &|k| (k + lo).saturating_sub(1))]))
    };
    let leaf = |i: usize, msg: String| {
        let Value::Object(rec) = &items[i] else {
            return vec![msg];
        };
        let run = |r: &Value| {
            let m = refusal(&name, &with_dummy(std::slice::from_ref(r)))?;
            Some(relocate(&m, &[("record", &|_| i + 1)]))
        };
        doccano_record(rec, &run, msg)
    };
    let mut out = Vec::new();
    bisect(0, items.len(), &fails, &leaf, &mut out);
    out
}

fn label_studio(root: Value) -> Vec<String> {
    let name = name_for(Offsets::Utf16, "json");
    let tasks = match root {
        Value::Array(a) => a,
        other => vec![other],
    };
    let dummy = serde_json::json!({"data": {"text": "x"}});
    let with_dummy = |ts: &[Value]| {
        let mut all = vec![dummy.clone()];
        all.extend_from_slice(ts);
        json(&Value::Array(all))
    };
    let fails = |lo: usize, hi: usize| {
        let m = refusal(&name, &with_dummy(&tasks[lo..hi]))?;
        Some(relocate(&m, &[("task", &|k| (k + lo).saturating_sub(1))]))
    };
    let leaf = |i: usize, msg: String| {
        let Value::Object(task) = &tasks[i] else {
            return vec![msg];
        };
        let Some(Value::Array(anns)) = task.get("annotations") else {
            return vec![msg];
        };
        // The importer reads the first annotation not cancelled.
        let cancelled = |a: &Value| a.get("was_cancelled").and_then(Value::as_bool) == Some(true);
        let Some(k) = anns.iter().position(|a| !cancelled(a)) else {
            return vec![msg];
        };
        let Some(Value::Array(results)) = anns[k].get("result") else {
            return vec![msg];
        };
        let with_results = |rs: &[Value]| {
            let mut t = task.clone();
            if let Some(Value::Array(a)) = t.get_mut("annotations") {
                if let Some(Value::Object(chosen)) = a.get_mut(k) {
                    chosen.insert("result".into(), Value::Array(rs.to_vec()));
                }
            }
            Value::Object(t)
        };
        let run = |t: &Value| {
            let m = refusal(&name, &with_dummy(std::slice::from_ref(t)))?;
            Some(relocate(&m, &[("task", &|_| i + 1)]))
        };
        if let Some(m) = run(&with_results(&[])) {
            return vec![m];
        }
        let mut out = Vec::new();
        let fails = |lo: usize, hi: usize| {
            let m = run(&with_results(&results[lo..hi]))?;
            Some(relocate(&m, &[("result", &|n| n + lo)]))
        };
        bisect(0, results.len(), &fails, &|_, m| vec![m], &mut out);
        if out.is_empty() {
            out.push(msg);
        }
        out
    };
    let mut out = Vec::new();
    bisect(0, tasks.len(), &fails, &leaf, &mut out);
    out
}

fn native(root: Value) -> Vec<String> {
    let name = name_for(Offsets::Utf16, "json");
    let Value::Object(root) = root else {
        return Vec::new();
    };
    let Some(Value::Array(docs)) = root.get("documents") else {
        return Vec::new();
    };
    let with_docs = |ds: &[Value]| {
        let mut r = root.clone();
        r.insert("documents".into(), Value::Array(ds.to_vec()));
        json(&Value::Object(r))
    };
    let fails = |lo: usize, hi: usize| {
        let m = refusal(&name, &with_docs(&docs[lo..hi]))?;
        Some(relocate(&m, &[("document", &|k| k + lo)]))
    };
    let leaf = |i: usize, msg: String| {
        let Value::Object(doc) = &docs[i] else {
            return vec![msg];
        };
        let Some(Value::Array(anns)) = doc.get("annotations") else {
            return vec![msg];
        };
        let with_anns = |xs: &[Value]| {
            let mut d = doc.clone();
            d.insert("annotations".into(), Value::Array(xs.to_vec()));
            Value::Object(d)
        };
        let run = |d: &Value| {
            let m = refusal(&name, &with_docs(std::slice::from_ref(d)))?;
            Some(relocate(&m, &[("document", &|_| i + 1)]))
        };
        if let Some(m) = run(&with_anns(&[])) {
            return vec![m];
        }
        let mut out = Vec::new();
        let fails = |lo: usize, hi: usize| {
            let m = run(&with_anns(&anns[lo..hi]))?;
            Some(relocate(
                &m,
                &[("document", &|n| n), ("annotation", &|n| n + lo)],
            ))
        };
        bisect(0, anns.len(), &fails, &|_, m| vec![m], &mut out);
        if out.is_empty() {
            out.push(msg);
        }
        out
    };
    let mut out = Vec::new();
    bisect(0, docs.len(), &fails, &leaf, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::relocate;

    #[test]
    fn relocate_renumbers_in_order() {
        let m = "document 1 (\"x\"), annotation 2 (\"a-1\"): start 5 is not less than end 3.";
        assert_eq!(
            relocate(m, &[("document", &|n| n + 4), ("annotation", &|n| n + 10)]),
            "document 5 (\"x\"), annotation 12 (\"a-1\"): start 5 is not less than end 3."
        );
        assert_eq!(
            relocate("subline 3: x", &[("line", &|n| n + 1)]),
            "subline 3: x"
        );
        assert_eq!(relocate("line 3: x", &[("line", &|n| n + 1)]), "line 4: x");
    }
}
