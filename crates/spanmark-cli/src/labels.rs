//! Labels that are not ours. The app asks in its mapping dialog, each label
//! preselected with the core's suggestion ([`import::suggest`]) or "drop";
//! here `--map FOREIGN=LABEL` answers, the suggestion stands where none is
//! given, and a label with neither is refused unless `--drop-unmapped`
//! (the dialog's default) is given.

use std::collections::BTreeMap;

use spanmark_core::import::{self, plural, Draft, LabelMap};
use spanmark_core::label::Label;

/// The `--map` answers: a foreign label to one of ours, or `None` to drop.
pub type Answers = BTreeMap<String, Option<Label>>;

/// Reads one `--map FOREIGN=LABEL` (LABEL one of ours, in any case, or
/// `drop`). Splits at the last `=`, so a foreign label may hold one.
pub fn parse_map(arg: &str) -> Result<(String, Option<Label>), String> {
    let Some((from, to)) = arg.rsplit_once('=') else {
        return Err(format!(
            "{arg:?} is not FOREIGN=LABEL (e.g. PER=actor, MISC=drop)"
        ));
    };
    if from.is_empty() {
        return Err(format!("{arg:?} names no foreign label before '='"));
    }
    if to.trim().eq_ignore_ascii_case("drop") {
        return Ok((from.to_string(), None));
    }
    match import::our_label(to) {
        Some(l) => Ok((from.to_string(), Some(l))),
        None => Err(format!(
            "{to:?} in {arg:?} is not a label: use claim, figure, actor, location or drop"
        )),
    }
}

/// The mapping for `drafts`, or the message listing the labels left
/// without one.
pub fn mapping(
    drafts: &[Draft],
    answers: &Answers,
    drop_unmapped: bool,
) -> Result<LabelMap, String> {
    let mut map = LabelMap::new();
    let mut missing = Vec::new();
    for f in import::foreign_labels(drafts) {
        let answer = match answers.get(&f.label) {
            Some(a) => *a,
            None if f.suggestion.is_some() => f.suggestion,
            None if drop_unmapped => None,
            None => {
                missing.push(format!(
                    "“{}” ({})",
                    f.label,
                    plural(f.spans, "span", "spans")
                ));
                continue;
            }
        };
        map.insert(f.label, answer);
    }
    if missing.is_empty() {
        Ok(map)
    } else {
        Err(format!(
            "{} no mapping to ours: {}. Map each with --map LABEL=claim|figure|actor|location|drop, or give --drop-unmapped to drop them (the app's dialog offers drop for these)",
            if missing.len() == 1 { "this label has" } else { "these labels have" },
            missing.join(", ")
        ))
    }
}

/// The foreign labels of `drafts` that neither `answers` nor a suggestion
/// maps, with their span counts.
pub fn unmapped(drafts: &[Draft], answers: &Answers) -> Vec<(String, usize)> {
    import::foreign_labels(drafts)
        .into_iter()
        .filter(|f| f.suggestion.is_none() && !answers.contains_key(&f.label))
        .map(|f| (f.label, f.spans))
        .collect()
}
