//! Merging what another tab stored into the open document. Each tab keeps,
//! per annotation bucket, the state it last read or wrote (the base); a
//! three-way merge by annotation id then keeps both tabs' work: additions
//! from either side survive, a deletion on either side stays deleted, and a
//! local change wins over an unchanged remote copy.

use std::collections::BTreeMap;

use super::model::Annotation;

/// The merged contents of one bucket, in no particular order. Two
/// annotations with the same span and label (both tabs labelled the same
/// text) collapse into the one with the smaller id.
pub fn merge(base: &[Annotation], mine: &[Annotation], theirs: &[Annotation]) -> Vec<Annotation> {
    // Inserts rather than `collect`, whose stable sort would be one more
    // copy of the sort code in the Wasm; a repeated id keeps the last, as
    // `collect` does.
    let by_id = |v: &[Annotation]| -> BTreeMap<String, Annotation> {
        let mut m = BTreeMap::new();
        for a in v {
            m.insert(a.id.clone(), a.clone());
        }
        m
    };
    let (base, mine, theirs) = (by_id(base), by_id(mine), by_id(theirs));
    let mut ids: Vec<&String> = mine.keys().collect();
    ids.extend(theirs.keys().filter(|k| !mine.contains_key(*k)));
    ids.sort_unstable();
    let mut out: Vec<Annotation> = Vec::new();
    for id in ids {
        let kept = match (base.get(id), mine.get(id), theirs.get(id)) {
            // Deleted on one side while the base had it: stays deleted.
            (Some(_), None, _) | (Some(_), _, None) => None,
            (Some(b), Some(m), Some(t)) => Some(if m != b { m } else { t }),
            // New on one side (or, improbably, both with one id): keep it.
            (None, Some(m), _) => Some(m),
            (None, None, Some(t)) => Some(t),
            (_, None, None) => None,
        };
        if let Some(a) = kept {
            if !out.iter().any(|o| o.span == a.span && o.label == a.label) {
                out.push(a.clone());
            }
        }
    }
    out
}
