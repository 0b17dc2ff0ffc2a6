#![cfg(not(target_arch = "wasm32"))]
//! The heavy property suites, 10,000 cases each: offset conversion against
//! slow obvious references, overlap segmentation against brute force, edit
//! and undo sequences through the editor against a reference model, and
//! export → import round trips. Sizes are bounded so that the whole file
//! stays well inside CI's budget in a debug build.

use std::collections::BTreeMap;

use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::Value;
use spanmark_core::editor::Editor;
use spanmark_core::export::{doccano as doccano_out, label_studio as ls_out, native, Unit};
use spanmark_core::import::{self, doccano, label_studio, resolve, LabelMap};
use spanmark_core::label::Label;
use spanmark_core::model::{Annotation, Document};
use spanmark_core::ops::Edit;
use spanmark_core::segment::segments;
use spanmark_core::text::utf16::{self, Round};
use spanmark_core::text::{bytes, Span, Text};

const CASES: u32 = 10_000;

fn cfg() -> ProptestConfig {
    ProptestConfig::with_cases(CASES)
}

// ---------------------------------------------------------------------------
// Texts: ASCII, emoji with ZWJ and skin tones, flags, combining marks, CJK,
// right-to-left scripts and marks, every line end, BOM, astral and edge
// code points, plus any char at all.

const PIECES: &[&str] = &[
    "a",
    "Kyiv ",
    "the ",
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "\r\r\n",
    "\n\r",
    "😀",
    "👍🏽",
    "👩\u{200d}👩\u{200d}👧",
    "👨🏿\u{200d}🚀",
    "🇺🇦",
    "🏴\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}",
    "e\u{301}",
    "a\u{301}\u{302}\u{303}",
    "\u{301}",
    "漢字",
    "字",
    "한국어",
    "שָׁלוֹם",
    "مرحبا",
    "\u{200f}",
    "\u{202e}",
    "\u{200d}",
    "\u{feff}",
    "ß",
    "é",
    "\u{7f}",
    "\u{80}",
    "\u{7ff}",
    "\u{800}",
    "\u{ffff}",
    "\u{10000}",
    "\u{10ffff}",
    "𝔘",
    "\u{85}",
    "\u{2028}",
    "\"",
    "\\",
    "<",
];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(PIECES).prop_map(str::to_string),
        1 => any::<char>().prop_map(|c| c.to_string()),
    ]
}

fn text_of(pieces: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), pieces).prop_map(|v| v.concat())
}

/// Mostly short texts, and many past `Text`'s 256 code point index stride
/// (up to about 600 code points, a few past 512).
fn offsets_text() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => text_of(0..40),
        2 => text_of(90..200),
        1 => text_of(200..300),
    ]
}

// ---------------------------------------------------------------------------
// (a) Offset conversion against slow obvious references.

/// `u16[cp]` = UTF-16 offset of code point `cp`, for `cp` in `0..=n`, by
/// encoding each char.
fn ref_utf16_prefix(cs: &[char]) -> Vec<usize> {
    let mut out = vec![0];
    for c in cs {
        let mut buf = [0u16; 2];
        out.push(out.last().unwrap() + c.encode_utf16(&mut buf).len());
    }
    out
}

/// `b[cp]` = byte offset of code point `cp`, for `cp` in `0..=n`.
fn ref_byte_prefix(cs: &[char]) -> Vec<usize> {
    let mut out = vec![0];
    for c in cs {
        let mut buf = [0u8; 4];
        out.push(out.last().unwrap() + c.encode_utf8(&mut buf).len());
    }
    out
}

/// The code point holding byte `b` (`n` at or past the end).
fn ref_cp_of_byte(pre: &[usize], b: usize) -> usize {
    let n = pre.len() - 1;
    (0..n).find(|&i| pre[i] <= b && b < pre[i + 1]).unwrap_or(n)
}

/// `t[u]` = UTF-16 offset `u` as a code point, for `u` in `0..=total`,
/// rounded down or up between the halves of a pair, by walking the chars.
fn ref_to_cp_table(pre: &[usize], round: Round) -> Vec<usize> {
    let n = pre.len() - 1;
    let mut out = Vec::with_capacity(pre[n] + 1);
    for i in 0..n {
        out.push(i);
        for _ in pre[i] + 1..pre[i + 1] {
            out.push(match round {
                Round::Down => i,
                Round::Up => i + 1,
            });
        }
    }
    out.push(n);
    out
}

/// UTF-16 offset `u` as a code point; past the end is the end.
fn ref_to_cp(table: &[usize], u: usize) -> usize {
    table.get(u).copied().unwrap_or(table[table.len() - 1])
}

fn ref_slice(cs: &[char], a: usize, b: usize) -> String {
    let n = cs.len();
    let a = a.min(n);
    let b = b.min(n).max(a);
    cs[a..b].iter().collect()
}

fn ref_lines(cs: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < cs.len() {
        match cs[i] {
            '\r' if cs.get(i + 1) == Some(&'\n') => {
                out.push((start, i));
                i += 2;
                start = i;
            }
            '\r' | '\n' => {
                out.push((start, i));
                i += 1;
                start = i;
            }
            _ => i += 1,
        }
    }
    out.push((start, cs.len()));
    out
}

/// Offsets worth probing in a text of `n` units: both ends, just past the
/// end, the neighbourhoods of the index stride, plus random ones.
fn probes(n: usize, random: &[Index]) -> Vec<usize> {
    let mut out: Vec<usize> = [0, 1, 2, 255, 256, 257, 511, 512, 513]
        .into_iter()
        .chain([n.saturating_sub(1), n, n + 1, n + 7])
        .chain(random.iter().map(|i| i.index(n + 3)))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

proptest! {
    #![proptest_config(cfg())]

    #[test]
    fn prop_offsets_match_the_slow_references(
        s in offsets_text(),
        random in prop::collection::vec(any::<Index>(), 24),
        pairs in prop::collection::vec((any::<Index>(), any::<Index>()), 6),
    ) {
        let cs: Vec<char> = s.chars().collect();
        let n = cs.len();
        let u16s = ref_utf16_prefix(&cs);
        let bs = ref_byte_prefix(&cs);
        let total16 = u16s[n];
        prop_assert_eq!(total16, s.encode_utf16().count());
        prop_assert_eq!(bs[n], s.len());

        // UTF-16 length and the batch conversions, over every offset.
        prop_assert_eq!(utf16::len(&s), total16);
        let all_cps: Vec<usize> = (0..=n + 2).collect();
        let want: Vec<usize> = all_cps.iter().map(|&c| u16s[c.min(n)]).collect();
        prop_assert_eq!(utf16::from_cps(&s, &all_cps), want);
        let all_units: Vec<usize> = (0..=total16 + 2).collect();
        let down = ref_to_cp_table(&u16s, Round::Down);
        let up = ref_to_cp_table(&u16s, Round::Up);
        prop_assert_eq!(down.len(), total16 + 1);
        let want: Vec<usize> = all_units.iter().map(|&u| ref_to_cp(&down, u)).collect();
        prop_assert_eq!(utf16::to_cps(&s, &all_units), want);

        // One at a time, on a sample of offsets.
        let text = Text::new(s.clone());
        prop_assert_eq!(text.len(), n);
        prop_assert_eq!(text.is_empty(), n == 0);
        prop_assert_eq!(text.as_str(), s.as_str());
        for cp in probes(n, &random) {
            let c = cp.min(n);
            prop_assert_eq!(utf16::from_cp(&s, cp), u16s[c], "from_cp {}", cp);
            prop_assert_eq!(bytes::cp_to_byte(&s, cp), bs[c], "cp_to_byte {}", cp);
            prop_assert_eq!(text.byte_of(cp), bs[c], "byte_of {}", cp);
            prop_assert!(s.is_char_boundary(text.byte_of(cp)));
            // Code point → UTF-16 → code point is the identity, either way.
            for round in [Round::Down, Round::Up] {
                prop_assert_eq!(utf16::to_cp(&s, u16s[c], round), c);
            }
        }
        for u in probes(total16, &random) {
            prop_assert_eq!(utf16::to_cp(&s, u, Round::Down), ref_to_cp(&down, u), "to_cp {} down", u);
            prop_assert_eq!(utf16::to_cp(&s, u, Round::Up), ref_to_cp(&up, u), "to_cp {} up", u);
        }
        for b in probes(s.len(), &random) {
            let want = ref_cp_of_byte(&bs, b);
            prop_assert_eq!(text.cp_of_byte(b), want, "cp_of_byte {}", b);
            prop_assert_eq!(bytes::byte_to_cp(&s, b), want, "byte_to_cp {}", b);
        }
        for (a, b) in &pairs {
            let (a, b) = (a.index(n + 3), b.index(n + 3));
            let want = ref_slice(&cs, a, b);
            prop_assert_eq!(text.slice_range(a, b), want.as_str());
            if let Some(span) = Span::new(a, b) {
                prop_assert_eq!(text.slice(span), want.as_str());
            }
        }
        prop_assert_eq!(text.lines(), ref_lines(&cs));
    }
}

// ---------------------------------------------------------------------------
// (b) Segmentation against brute force.

fn label() -> impl Strategy<Value = Label> {
    prop::sample::select(Label::ALL.to_vec())
}

fn ann(id: String, label: Label, span: Span) -> Annotation {
    Annotation {
        id,
        label,
        span,
        note: String::new(),
        created_at: None,
    }
}

/// Up to 24 annotations in `0..200`: free spans, spans nested inside an
/// earlier one, and exact copies of an earlier span under another label.
fn seg_anns() -> impl Strategy<Value = Vec<Annotation>> {
    prop::collection::vec(
        (
            0u8..4,
            0usize..200,
            1usize..80,
            any::<Index>(),
            any::<Index>(),
            label(),
        ),
        0..24,
    )
    .prop_map(|raw| {
        let mut out: Vec<Annotation> = Vec::new();
        for (i, (kind, a, len, p, q, l)) in raw.into_iter().enumerate() {
            let span = match (kind, out.len()) {
                // Inside an earlier span (possibly equal to it).
                (0 | 1, k) if k > 0 => {
                    let outer = out[p.index(k)].span;
                    let s = outer.start() + q.index(outer.len());
                    let e = s + 1 + p.index(outer.end() - s);
                    Span::new(s, e.min(outer.end())).unwrap()
                }
                // The same span as an earlier one.
                (2, k) if k > 0 => out[p.index(k)].span,
                _ => Span::new(a, a + len).unwrap(),
            };
            if out.iter().any(|x| x.span == span && x.label == l) {
                continue;
            }
            out.push(ann(format!("a{i}"), l, span));
        }
        out
    })
}

/// The runs of `start..end` over which the set of covering annotations is
/// constant, with that set (ids, sorted), code point by code point.
fn brute_segments(
    start: usize,
    end: usize,
    anns: &[&Annotation],
) -> Vec<(usize, usize, Vec<String>)> {
    let mut out: Vec<(usize, usize, Vec<String>)> = Vec::new();
    for cp in start..end {
        let mut at: Vec<String> = anns
            .iter()
            .filter(|a| a.span.start() <= cp && cp < a.span.end())
            .map(|a| a.id.clone())
            .collect();
        at.sort();
        match out.last_mut() {
            Some(last) if last.2 == at => last.1 = cp + 1,
            _ => out.push((cp, cp + 1, at)),
        }
    }
    out
}

proptest! {
    #![proptest_config(cfg())]

    #[test]
    fn prop_segments_match_brute_force(
        list in seg_anns(),
        start in 0usize..240,
        len in 0usize..160,
        shuffle in prop::collection::vec(any::<Index>(), 24),
    ) {
        let end = start + len;
        let range = Span::new(start, end);
        let inside: Vec<&Annotation> = list
            .iter()
            .filter(|a| range.is_some_and(|r| a.span.overlaps(r)))
            .collect();
        let segs = segments(start, end, &inside);
        if range.is_none() {
            prop_assert!(segs.is_empty());
            return Ok(());
        }
        // Exactly the brute-force runs: a tiling of start..end, maximal,
        // each with exactly the annotations covering every code point of it.
        let got: Vec<(usize, usize, Vec<String>)> = segs
            .iter()
            .map(|s| {
                let mut ids: Vec<String> = s.layers.iter().map(|l| l.id.clone()).collect();
                ids.sort();
                (s.start, s.end, ids)
            })
            .collect();
        prop_assert_eq!(got, brute_segments(start, end, &inside));

        // Lanes: distinct and ascending within a segment, one per
        // annotation, never shared by overlapping annotations, and a
        // strictly containing annotation drawn below what it contains.
        let mut lane: BTreeMap<&str, usize> = BTreeMap::new();
        for s in &segs {
            prop_assert!(s.layers.windows(2).all(|w| w[0].lane < w[1].lane));
            for l in &s.layers {
                let a = inside.iter().find(|a| a.id == l.id).unwrap();
                prop_assert_eq!(l.label, a.label);
                let prev = lane.insert(a.id.as_str(), l.lane);
                prop_assert!(prev.is_none() || prev == Some(l.lane), "{} changes lane", a.id);
            }
        }
        prop_assert_eq!(lane.len(), inside.len(), "every annotation has a segment");
        for (i, a) in inside.iter().enumerate() {
            for b in &inside[i + 1..] {
                let (la, lb) = (lane[a.id.as_str()], lane[b.id.as_str()]);
                if a.span.overlaps(b.span) {
                    prop_assert_ne!(la, lb, "{:?} and {:?}", a, b);
                }
                let a_in_b = b.span.start() <= a.span.start() && a.span.end() <= b.span.end();
                let b_in_a = a.span.start() <= b.span.start() && b.span.end() <= a.span.end();
                if a_in_b && !b_in_a {
                    prop_assert!(lb < la, "{:?} inside {:?}", a, b);
                }
                if b_in_a && !a_in_b {
                    prop_assert!(la < lb, "{:?} inside {:?}", b, a);
                }
            }
        }
        // The order the annotations come in does not matter.
        let mut shuffled = inside.clone();
        for (i, j) in shuffle.iter().enumerate() {
            if shuffled.is_empty() {
                break;
            }
            let k = shuffled.len();
            shuffled.swap(i % k, j.index(k));
        }
        prop_assert_eq!(segments(start, end, &shuffled), segs);
    }
}

// ---------------------------------------------------------------------------
// (c) Edit sequences, undo and redo, against a reference model.

/// One step of a session: the edits pick from a small pool of ids, spans and
/// labels so that many collide and are refused.
#[derive(Clone, Debug)]
enum Step {
    Add(usize, (Index, Index), Label, String),
    /// `None`: remove the current copy; `Some`: a possibly stale copy.
    Remove(usize, Option<((Index, Index), Label)>),
    /// `None` for `from`: the current label.
    Relabel(usize, Option<Label>, Label),
    /// `None` for `from`: the current span; `Some`: a possibly stale one.
    Resize(usize, Option<(Index, Index)>, (Index, Index)),
    Batch(Vec<Step>),
    Undo,
    Redo,
}

const POOL: usize = 10;

fn span_pick() -> impl Strategy<Value = (Index, Index)> {
    (any::<Index>(), any::<Index>())
}

fn note() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => Just(String::new()),
        1 => prop::sample::select(NOTES).prop_map(str::to_string),
        1 => ".{0,12}",
    ]
}

fn edit_step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0..POOL, span_pick(), label(), note()).prop_map(|(i, s, l, n)| Step::Add(i, s, l, n)),
        2 => (0..POOL, prop::option::of((span_pick(), label()))).prop_map(|(i, st)| Step::Remove(i, st)),
        3 => (0..POOL, prop::option::of(label()), label()).prop_map(|(i, f, t)| Step::Relabel(i, f, t)),
        3 => (0..POOL, prop::option::of(span_pick()), span_pick()).prop_map(|(i, f, t)| Step::Resize(i, f, t)),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        8 => edit_step(),
        2 => prop::collection::vec(edit_step(), 0..5).prop_map(Step::Batch),
        2 => Just(Step::Undo),
        1 => Just(Step::Redo),
    ]
}

fn pick_span(n: usize, (a, l): (Index, Index)) -> Span {
    let a = a.index(n);
    Span::new(a, a + 1 + l.index((n - a).min(40))).unwrap()
}

fn to_edit(st: &Step, doc: &Document) -> Edit {
    let n = doc.text.len();
    let mk = |i: usize, s: Span, l: Label, note: &str| Annotation {
        id: format!("a{i}"),
        label: l,
        span: s,
        note: note.to_string(),
        created_at: (i % 3 == 0).then(|| "2026-01-02T03:04:05Z".to_string()),
    };
    match st {
        Step::Add(i, s, l, note) => Edit::Add(mk(*i, pick_span(n, *s), *l, note)),
        Step::Remove(i, Some((s, l))) => Edit::Remove(mk(*i, pick_span(n, *s), *l, "")),
        Step::Remove(i, None) => match doc.annotations.get(&format!("a{i}")) {
            Some(cur) => Edit::Remove(cur.clone()),
            None => Edit::Remove(mk(*i, Span::new(0, 1).unwrap(), Label::Claim, "")),
        },
        Step::Relabel(i, from, to) => {
            let id = format!("a{i}");
            let cur = doc.annotations.get(&id).map(|a| a.label);
            Edit::Relabel {
                id,
                from: from.or(cur).unwrap_or(Label::Actor),
                to: *to,
            }
        }
        Step::Resize(i, from, to) => {
            let id = format!("a{i}");
            let cur = doc.annotations.get(&id).map(|a| a.span);
            Edit::Resize {
                id,
                from: from
                    .map(|f| pick_span(n, f))
                    .or(cur)
                    .unwrap_or(Span::new(0, 1).unwrap()),
                to: pick_span(n, *to),
            }
        }
        Step::Batch(v) => Edit::Batch(v.iter().map(|s| to_edit(s, doc)).collect()),
        Step::Undo | Step::Redo => unreachable!(),
    }
}

type State = Vec<Annotation>;

fn snapshot(d: &Document) -> State {
    d.annotations.iter().cloned().collect()
}

fn sort_state(v: &mut State) {
    v.sort_by_key(|a| (a.span, a.label));
}

/// What an edit does to a list of annotations, written out plainly; `None`
/// when it must be refused.
fn ref_apply(state: &State, edit: &Edit, len: usize) -> Option<State> {
    let mut v = state.clone();
    match edit {
        Edit::Add(a) => {
            let clash = v
                .iter()
                .any(|x| (x.span == a.span && x.label == a.label) || x.id == a.id);
            if a.span.end() > len || clash {
                return None;
            }
            v.push(a.clone());
        }
        Edit::Remove(a) => {
            let i = v.iter().position(|x| x == a)?;
            v.remove(i);
        }
        Edit::Relabel { id, from, to } => {
            let i = v.iter().position(|x| &x.id == id && x.label == *from)?;
            let span = v[i].span;
            if v.iter().any(|x| x.span == span && x.label == *to) {
                return None;
            }
            v[i].label = *to;
        }
        Edit::Note { id, from, to } => {
            let i = v.iter().position(|x| &x.id == id && &x.note == from)?;
            v[i].note = to.clone();
        }
        Edit::Resize { id, from, to } => {
            let i = v.iter().position(|x| &x.id == id && x.span == *from)?;
            let label = v[i].label;
            if to.end() > len || v.iter().any(|x| x.span == *to && x.label == label) {
                return None;
            }
            v[i].span = *to;
        }
        Edit::Batch(edits) => {
            for e in edits {
                v = ref_apply(&v, e, len)?;
            }
        }
    }
    sort_state(&mut v);
    Some(v)
}

/// Invariants of the editor's document after any step.
fn check_editor(e: &Editor, cs: &[char], bs: &[usize]) -> Result<(), TestCaseError> {
    let d = e.doc();
    let s = d.text.as_str();
    for a in d.annotations.iter() {
        let (st, en) = (a.span.start(), a.span.end());
        prop_assert!(st < en && en <= cs.len(), "{:?} outside the text", a);
        // Offsets land on char boundaries, at the reference byte offsets.
        prop_assert_eq!(d.text.byte_of(st), bs[st]);
        prop_assert_eq!(d.text.byte_of(en), bs[en]);
        prop_assert!(s.is_char_boundary(bs[st]) && s.is_char_boundary(bs[en]));
        let want = ref_slice(cs, st, en);
        prop_assert_eq!(d.quote(a), want.as_str());
        prop_assert_eq!(d.annotations.get(&a.id), Some(a));
        prop_assert_eq!(d.annotations.find(a.span, a.label), Some(a));
    }
    Ok(())
}

fn edit_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => text_of(1..30),
        1 => text_of(60..120),
    ]
    .prop_filter("non-empty", |s| !s.is_empty())
}

proptest! {
    #![proptest_config(cfg())]

    #[test]
    fn prop_edit_undo_redo_sequences(
        s in edit_text(),
        pre in prop::collection::vec((span_pick(), label()), 0..5),
        steps in prop::collection::vec(step(), 0..36),
        probe in any::<Index>(),
    ) {
        let cs: Vec<char> = s.chars().collect();
        let bs = ref_byte_prefix(&cs);
        let n = cs.len();
        let mut d = Document::new("d".into(), "T".into(), s.clone());
        for (i, (sp, l)) in pre.iter().enumerate() {
            let _ = d.add(ann(format!("p{i}"), *l, pick_span(n, *sp)));
        }
        let initial = d.clone();
        let mut e = Editor::new(d);
        let lines = ref_lines(&cs);
        prop_assert_eq!(e.chunks(), lines.as_slice());
        // states[0..=cursor] is the undo history, states[cursor + 1..] the
        // redo one.
        let mut states: Vec<State> = vec![snapshot(&initial)];
        let mut cursor = 0;
        for st in &steps {
            match st {
                Step::Undo => {
                    let r = e.undo();
                    if cursor == 0 {
                        prop_assert!(r.is_none());
                    } else {
                        prop_assert!(r.unwrap().is_ok());
                        cursor -= 1;
                    }
                }
                Step::Redo => {
                    let r = e.redo();
                    if cursor + 1 == states.len() {
                        prop_assert!(r.is_none());
                    } else {
                        prop_assert!(r.unwrap().is_ok());
                        cursor += 1;
                    }
                }
                _ => {
                    let edit = to_edit(st, e.doc());
                    let want = ref_apply(&states[cursor], &edit, n);
                    let before = e.doc().clone();
                    match e.apply(edit.clone()) {
                        Ok(change) => {
                            prop_assert!(want.is_some(), "{:?} was accepted", edit);
                            prop_assert!(change.chunks.windows(2).all(|w| w[0] < w[1]));
                            prop_assert!(change.chunks.iter().all(|&c| c < e.chunks().len()));
                            for sp in &change.spans {
                                for c in e.chunks_of(*sp) {
                                    prop_assert!(change.chunks.contains(&c));
                                }
                            }
                            states.truncate(cursor + 1);
                            states.push(want.unwrap());
                            cursor += 1;
                        }
                        Err(err) => {
                            prop_assert!(want.is_none(), "{:?} was refused: {}", edit, err);
                            prop_assert_eq!(e.doc(), &before, "a refused edit changed the document");
                        }
                    }
                }
            }
            prop_assert_eq!(&snapshot(e.doc()), &states[cursor]);
            prop_assert_eq!(e.history().can_undo(), cursor > 0);
            prop_assert_eq!(e.history().can_redo(), cursor + 1 < states.len());
            check_editor(&e, &cs, &bs)?;
        }
        // Clicks cycle innermost first; segments show what covers each run.
        let cp = probe.index(n);
        let mut want: Vec<&Annotation> = e
            .doc()
            .annotations
            .iter()
            .filter(|a| a.span.contains(cp))
            .collect();
        want.sort_by_key(|a| (a.span.len(), a.span.start(), a.label));
        prop_assert_eq!(e.covering(cp), want);
        let line = probe.index(e.chunks().len());
        for seg in e.segments(line) {
            let mut got: Vec<&str> = seg.layers.iter().map(|l| l.id.as_str()).collect();
            got.sort_unstable();
            let mut want: Vec<&str> = e
                .doc()
                .annotations
                .iter()
                .filter(|a| a.span.start() <= seg.start && seg.end <= a.span.end())
                .map(|a| a.id.as_str())
                .collect();
            want.sort_unstable();
            prop_assert_eq!(got, want);
        }

        // Undo everything: exactly the initial document; redo everything:
        // exactly the latest state.
        let latest = states.len() - 1;
        let mut undone = 0;
        while let Some(r) = e.undo() {
            prop_assert!(r.is_ok());
            undone += 1;
            check_editor(&e, &cs, &bs)?;
        }
        prop_assert_eq!(undone, cursor);
        prop_assert_eq!(snapshot(e.doc()), snapshot(&initial));
        prop_assert_eq!(e.doc(), &initial);
        let mut redone = 0;
        while let Some(r) = e.redo() {
            prop_assert!(r.is_ok());
            redone += 1;
        }
        prop_assert_eq!(redone, latest);
        prop_assert_eq!(&snapshot(e.doc()), &states[latest]);
        check_editor(&e, &cs, &bs)?;
    }
}

// ---------------------------------------------------------------------------
// (d) Export → import → export.

const AT: &str = "2026-03-04T05:06:07Z";

/// Hostile and awkward note, title and id payloads.
const NOTES: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "</textarea><b>bold</b>",
    "\"quoted\" and 'single'",
    "line one\nline two\r\nline three\rfour",
    "back\\slash \\u0041 \\n",
    "tab\there",
    "nul \u{0} inside",
    "\u{2028}\u{2029}\u{85}",
    "{\"format\": \"spanmark\"}",
    "]}],\"x\":[{",
    "👩\u{200d}👩\u{200d}👧 e\u{301} 漢字 שלום",
    "javascript:alert(1)",
    "${7*7} {{7*7}}",
    "\u{feff}bom",
    " ",
];

const STAMPS: &[&str] = &[
    "2026-01-02T03:04:05Z",
    "2026-01-02T03:04:05.123Z",
    "2026-01-02T03:04:05+02:00",
    "1999-12-31T23:59:59.999999-11:30",
    "not a date",
    "",
];

fn free_string() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => prop::sample::select(NOTES).prop_map(str::to_string),
        2 => ".{0,16}",
        1 => text_of(0..6),
    ]
}

fn round_doc(idx: usize) -> impl Strategy<Value = Document> {
    (
        prop_oneof![4 => text_of(0..40), 1 => text_of(40..110)],
        free_string(),
        prop::option::of(free_string()),
        prop::collection::btree_map(free_string(), free_string(), 0..4),
        prop::collection::vec(
            (
                span_pick(),
                label(),
                prop::option::of(free_string()),
                prop_oneof![3 => Just(String::new()), 2 => free_string()],
                prop::option::of(prop::sample::select(STAMPS)),
            ),
            0..12,
        ),
    )
        .prop_map(move |(t, title, id_tail, meta, anns)| {
            let id = format!("d{idx}{}", id_tail.unwrap_or_default());
            let mut d = Document::new(id, title, t);
            d.meta = meta;
            let n = d.text.len();
            if n == 0 {
                return d;
            }
            for (i, (sp, l, id, note, stamp)) in anns.into_iter().enumerate() {
                let id = match id {
                    Some(s) if !s.is_empty() => s,
                    _ => format!("a{i}"),
                };
                let _ = d.add(Annotation {
                    id,
                    label: l,
                    span: pick_span(n, sp),
                    note,
                    created_at: stamp.map(str::to_string),
                });
            }
            d
        })
}

fn ids() -> impl FnMut(&str) -> String {
    let mut n = 0;
    move |p: &str| {
        n += 1;
        format!("{p}-new-{n}")
    }
}

fn keys(d: &Document) -> Vec<(usize, usize, String)> {
    d.annotations
        .iter()
        .map(|a| (a.span.start(), a.span.end(), a.label.id().to_string()))
        .collect()
}

proptest! {
    #![proptest_config(cfg())]

    #[test]
    fn prop_export_import_round_trip(
        docs in prop::collection::vec((0usize..3).prop_flat_map(round_doc), 1..3),
    ) {
        // Document ids are unique within a file.
        let docs: Vec<Document> = docs
            .into_iter()
            .enumerate()
            .map(|(i, mut d)| {
                d.id = format!("{i}:{}", d.id);
                d
            })
            .collect();
        let refs: Vec<&Document> = docs.iter().collect();
        let first = native::export(&refs, AT);
        let back = native::import(&first).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&back, &docs);
        let back_refs: Vec<&Document> = back.iter().collect();
        prop_assert_eq!(native::export(&back_refs, AT), first.clone());

        // Every quote is the code point slice of its text; hostile strings
        // stay JSON strings.
        let v: Value = serde_json::from_str(&first).unwrap();
        for (d, jd) in docs.iter().zip(v["documents"].as_array().unwrap()) {
            prop_assert_eq!(jd["title"].as_str(), Some(d.title.as_str()));
            prop_assert_eq!(jd["text"].as_str(), Some(d.text.as_str()));
            let cs: Vec<char> = d.text.as_str().chars().collect();
            let janns = jd["annotations"].as_array().unwrap();
            prop_assert_eq!(janns.len(), d.annotations.len());
            for (a, ja) in d.annotations.iter().zip(janns) {
                let (s, e) = (a.span.start(), a.span.end());
                prop_assert_eq!(ja["start"].as_u64(), Some(s as u64));
                prop_assert_eq!(ja["end"].as_u64(), Some(e as u64));
                let quote = ref_slice(&cs, s, e);
                prop_assert_eq!(ja["text"].as_str(), Some(quote.as_str()));
                prop_assert_eq!(ja["note"].as_str(), Some(a.note.as_str()));
            }
        }

        // The import dispatcher reads it as ours, unchanged.
        let p = import::parse("library.spanmark.json", &first)
            .map_err(TestCaseError::fail)?;
        prop_assert_eq!(p.format, "spanmark");
        let parsed: Vec<&Document> = p.drafts.iter().map(|d| &d.doc).collect();
        prop_assert_eq!(parsed, refs.clone());

        // The other formats that read back: doccano in both units keeps the
        // spans and labels; Label Studio keeps ids and notes too.
        for d in &docs {
            for (unit, off) in [
                (Unit::CodePoint, doccano::Offsets::CodePoints),
                (Unit::Utf16, doccano::Offsets::Utf16),
            ] {
                let line = doccano_out::line(d, unit);
                let p = doccano::parse_jsonl(&line, off).map_err(TestCaseError::fail)?;
                prop_assert_eq!(p.drafts.len(), 1);
                let dr = &p.drafts[0];
                prop_assert_eq!(dr.doc.text.as_str(), d.text.as_str());
                let got: Vec<(usize, usize, String)> = dr
                    .spans
                    .iter()
                    .map(|s| (s.span.start(), s.span.end(), s.label.clone()))
                    .collect();
                prop_assert_eq!(got, keys(d), "{:?}", unit);
            }
            let task = format!("[{}]", ls_out::task(d));
            let root: serde_json::Value = serde_json::from_str(&task).unwrap();
            let p = label_studio::parse(root).map_err(TestCaseError::fail)?;
            let dr = p.drafts.into_iter().next().unwrap();
            prop_assert_eq!(&dr.doc.id, &d.id);
            prop_assert_eq!(dr.doc.text.as_str(), d.text.as_str());
            let inc = resolve(dr, &LabelMap::new(), &mut ids());
            prop_assert_eq!(inc.dropped, 0);
            let want: Vec<Annotation> = d
                .annotations
                .iter()
                .map(|a| Annotation { created_at: None, ..a.clone() })
                .collect();
            prop_assert_eq!(snapshot(&inc.doc), want);
        }
    }
}
