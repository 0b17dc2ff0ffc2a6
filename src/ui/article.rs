//! The document text, one block per line and one run per stretch of text
//! with the same annotations. A line redraws only when its trigger fires, so
//! an edit costs the lines it touches, not the document.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::state::{short_to, AppState};
use crate::core::label::Label;
use crate::core::model::Document;
use crate::core::segment::Segment;
use crate::web::selection;

/// Pixels per stacked underline; the CSS line height leaves room for four.
const LANE_PX: usize = 5;
/// Lines per block. Blocks, not lines, carry `content-visibility: auto`:
/// the browser then tracks a few hundred boxes for visibility instead of
/// every line of a novel, which measured 2.5 ms per frame at 3,600 lines.
const BLOCK_LINES: usize = 32;
/// For the height a block is assumed to have before it is first laid out:
/// characters per rendered line and pixels per line at the article's width
/// and font (see `#doc` in the stylesheet). Once laid out, the browser keeps
/// the real height (`contain-intrinsic-size: auto`).
const EST_CHARS_PER_LINE: usize = 70;
const EST_LINE_PX: usize = 39;

#[component]
pub fn Article() -> impl IntoView {
    let st = expect_context::<AppState>();
    let blocks = move || {
        st.doc_rev.track();
        let heights: Vec<usize> = st.editor.with_value(|e| {
            e.chunks()
                .iter()
                .map(|&(s, e)| (e - s).div_ceil(EST_CHARS_PER_LINE).max(1) * EST_LINE_PX)
                .collect()
        });
        heights
            .chunks(BLOCK_LINES)
            .enumerate()
            .map(|(b, h)| {
                let first = b * BLOCK_LINES;
                let style = format!("contain-intrinsic-size:auto {}px", h.iter().sum::<usize>());
                view! {
                    <div class="block" style=style>
                        {(first..first + h.len()).map(|i| view! { <Line idx=i/> }).collect_view()}
                    </div>
                }
            })
            .collect_view()
    };
    let on_click = move |e: ev::MouseEvent| {
        // A drag that selected text is not a click on a highlight.
        let dragged = web_sys::window()
            .and_then(|w| w.get_selection().ok().flatten())
            .is_some_and(|s| !s.is_collapsed());
        if dragged {
            return;
        }
        let target = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        st.click_at(target.as_ref().and_then(selection::run_start));
    };
    let on_mouseup = move |_| {
        let span = crate::web::dom::by_id("doc").and_then(|a| selection::current(&a));
        st.pending.set(span);
    };
    view! {
        <article id="doc" aria-label="Document text" on:click=on_click on:mouseup=on_mouseup>
            {blocks}
        </article>
    }
}

/// The element of line `line` in the rendered article: found through the
/// block structure, not by searching 3,000 lines.
pub fn line_el(article: &web_sys::Element, line: usize) -> Option<web_sys::Element> {
    let block = article
        .children()
        .item(u32::try_from(line / BLOCK_LINES).ok()?)?;
    block
        .children()
        .item(u32::try_from(line % BLOCK_LINES).ok()?)
}

#[component]
fn Line(idx: usize) -> impl IntoView {
    let st = expect_context::<AppState>();
    let trigger = st.line_trigger(idx);
    let (start, end) = st
        .editor
        .with_value(|e| e.chunks().get(idx).copied())
        .unwrap_or_default();
    let runs = move || {
        trigger.track();
        let selected = st.selected.get_untracked();
        st.editor.with_value(|e| {
            e.segments(idx)
                .into_iter()
                .map(|seg| {
                    let d = e.doc();
                    let text = d.text.slice_range(seg.start, seg.end).to_string();
                    let title = hover(&seg, d);
                    run(seg, text, title, selected.as_deref())
                })
                .collect_view()
        })
    };
    view! { <div class="chunk" data-o=start data-e=end>{runs}</div> }
}

/// What hovering a run names: every annotation covering it, outermost
/// first, one per line, each with its note (plain text in an attribute).
fn hover(seg: &Segment, d: &Document) -> Option<String> {
    const NOTE_MAX: usize = 200;
    if seg.layers.is_empty() {
        return None;
    }
    let mut out = String::new();
    for l in &seg.layers {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(l.label.name());
        if let Some(a) = d.annotations.get(&l.id).filter(|a| !a.note.is_empty()) {
            out.push_str(": ");
            out.push_str(&short_to(&a.note, NOTE_MAX));
        }
    }
    Some(out)
}

/// One run. Each covering annotation is drawn as an underline in its own
/// lane, in its label's pattern (see `--u-*` in the stylesheet), with a light
/// tint of the innermost one, so that every label over a character stays
/// visible and none is told apart by colour alone. Colours come from CSS
/// variables, so a theme change restyles the text without redrawing it.
fn run(seg: Segment, text: String, title: Option<String>, selected: Option<&str>) -> impl IntoView {
    let labels: Vec<&str> = seg.layers.iter().map(|l| l.label.id()).collect();
    let is_sel = selected.is_some_and(|s| seg.layers.iter().any(|l| l.id == s));
    let mut class = String::from("seg");
    if !seg.layers.is_empty() {
        class.push_str(" hl");
    }
    if is_sel {
        class.push_str(" sel");
    }
    let style = seg.layers.last().map(|inner| {
        let lanes = seg.layers.iter().map(|l| l.lane + 1).max().unwrap_or(1);
        let mut images = String::new();
        let mut positions = String::new();
        for (i, l) in seg.layers.iter().enumerate() {
            if i > 0 {
                images.push(',');
                positions.push(',');
            }
            images.push_str(underline(l.label));
            positions.push_str("0 calc(100% - ");
            positions.push_str(&(l.lane * LANE_PX).to_string());
            positions.push_str("px)");
        }
        format!(
            "padding-bottom:{}px;background-color:{};background-image:{images};background-position:{positions}",
            lanes * LANE_PX,
            tint(inner.label),
        )
    });
    let data_labels = (!labels.is_empty()).then(|| labels.join(" "));
    view! {
        <span class=class data-o=seg.start data-e=seg.end data-labels=data_labels style=style title=title>
            {text}
        </span>
    }
}

/// The label's underline image, a CSS variable of the stylesheet.
fn underline(l: Label) -> &'static str {
    match l {
        Label::Claim => "var(--u-claim)",
        Label::Figure => "var(--u-figure)",
        Label::Actor => "var(--u-actor)",
        Label::Location => "var(--u-location)",
    }
}

/// The label's tint behind highlighted text, a CSS variable of the stylesheet.
fn tint(l: Label) -> &'static str {
    match l {
        Label::Claim => "var(--t-claim)",
        Label::Figure => "var(--t-figure)",
        Label::Actor => "var(--t-actor)",
        Label::Location => "var(--t-location)",
    }
}
