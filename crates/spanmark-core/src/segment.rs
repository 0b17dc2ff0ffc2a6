//! Overlap segmentation for rendering: a line of text becomes runs of code
//! points covered by the same set of annotations, and each annotation gets a
//! lane (a stacking level) so that nested and overlapping spans are drawn as
//! separate underlines and none hides another.

use super::label::Label;
use super::model::Annotation;

/// One annotation's presence in a segment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layer {
    /// 0 is the outermost (drawn lowest); lanes are local to one line.
    pub lane: usize,
    pub label: Label,
    pub id: String,
}

/// A run `start..end` (code points, absolute in the document) covered by
/// exactly the annotations in `layers` (sorted by lane).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub start: usize,
    pub end: usize,
    pub layers: Vec<Layer>,
}

/// Cuts `start..end` into segments. `anns` are the annotations overlapping
/// the range (any order); parts of them outside the range are ignored.
/// Returns one empty-layer segment for a range without annotations, and no
/// segment at all for an empty range.
pub fn segments(start: usize, end: usize, anns: &[&Annotation]) -> Vec<Segment> {
    if start >= end {
        return Vec::new();
    }
    // Lanes: longest-first greedy interval colouring, so a containing span
    // sits below the spans it contains.
    // By start, longest first, then label.
    let order: Vec<&Annotation> = super::order_by(
        anns.iter()
            .map(|a| [a.span.start(), usize::MAX - a.span.end(), a.label as usize]),
    )
    .into_iter()
    .map(|i| anns[i])
    .collect();
    let mut lane_ends: Vec<usize> = Vec::new();
    let mut placed: Vec<(usize, &Annotation)> = Vec::with_capacity(order.len());
    for a in order {
        // Above every span already placed that contains this one (those
        // come first in `order`), even when a lower lane is free again.
        let floor = placed
            .iter()
            .filter(|(_, p)| p.span.start() <= a.span.start() && a.span.end() <= p.span.end())
            .map(|&(l, _)| l + 1)
            .max()
            .unwrap_or(0);
        let free = lane_ends[floor..].iter().position(|&e| e <= a.span.start());
        let lane = match free {
            Some(l) => floor + l,
            None => {
                lane_ends.push(0);
                lane_ends.len() - 1
            }
        };
        lane_ends[lane] = a.span.end();
        placed.push((lane, a));
    }

    let mut cuts: Vec<usize> = vec![start, end];
    for a in anns {
        for p in [a.span.start(), a.span.end()] {
            if p > start && p < end {
                cuts.push(p);
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();

    cuts.windows(2)
        .map(|w| {
            let (s, e) = (w[0], w[1]);
            let here: Vec<&(usize, &Annotation)> = placed
                .iter()
                .filter(|(_, a)| a.span.start() <= s && e <= a.span.end())
                .collect();
            let layers: Vec<Layer> = super::order_by(here.iter().map(|(lane, _)| [*lane, 0, 0]))
                .into_iter()
                .map(|i| Layer {
                    lane: here[i].0,
                    label: here[i].1.label,
                    id: here[i].1.id.clone(),
                })
                .collect();
            Segment {
                start: s,
                end: e,
                layers,
            }
        })
        .collect()
}
