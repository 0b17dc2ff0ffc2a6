//! The document text, one block per line and one run per stretch of text
//! with the same annotations. A line redraws only when its trigger fires, so
//! an edit costs the lines it touches, not the document.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::resize::selection_unit;
use super::state::{short_to, AppState};
use crate::web::runs::{self, Handle, Run};
use crate::web::{dom, selection};
use spanmark_core::label::Label;
use spanmark_core::model::Document;
use spanmark_core::segment::Segment;
use spanmark_core::text::bounds::{Edge, Unit};
use spanmark_core::text::Span;

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
    // A drag handle being dragged (which edge), and whether the click that
    // ends a drag is still to come (it must not select another annotation).
    let drag: StoredValue<Option<Edge>> = StoredValue::new(None);
    let dropped = StoredValue::new(false);
    let on_mousedown = move |e: ev::MouseEvent| {
        dropped.set_value(false);
        let handle = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.closest(".handle").ok().flatten());
        if let Some(h) = handle {
            // No text selection starts on a handle.
            e.prevent_default();
            let edge = if h.class_list().contains("handle-start") {
                Edge::Start
            } else {
                Edge::End
            };
            drag.set_value(Some(edge));
        }
    };
    // While dragging, the span the drop would give is shown as the text
    // selection.
    let unit_of = |e: &ev::MouseEvent| {
        if e.alt_key() {
            Unit::Grapheme
        } else {
            Unit::Word
        }
    };
    let cp_of = |e: &ev::MouseEvent| {
        let a = dom::by_id("doc")?;
        let cp = selection::cp_at_point(&a, e.client_x() as f32, e.client_y() as f32)?;
        Some((a, cp))
    };
    let moved = window_event_listener(ev::mousemove, move |e| {
        let Some(edge) = drag.get_value() else {
            return;
        };
        let preview =
            cp_of(&e).and_then(|(a, cp)| Some((a, st.drag_preview(edge, cp, unit_of(&e))?)));
        match preview {
            Some((a, s)) => {
                let lines = (
                    st.line_start(st.line_of(s.start())),
                    st.line_start(st.line_of(s.end())),
                );
                if let (Some(x), Some(y)) = lines {
                    selection::select(&a, s, (x, y));
                }
            }
            None => selection::clear(),
        }
    });
    let up = window_event_listener(ev::mouseup, move |e| {
        let Some(edge) = drag.try_update_value(Option::take).flatten() else {
            return;
        };
        dropped.set_value(true);
        selection::clear();
        // Dropped on a handle: where it was (or onto the other edge, which
        // could only empty the span).
        let on_handle = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|t| t.closest(".handle").ok().flatten().is_some());
        if on_handle {
            return;
        }
        if let Some((_, cp)) = cp_of(&e) {
            st.drop_edge(edge, cp, unit_of(&e));
        }
    });
    on_cleanup(move || {
        moved.remove();
        up.remove();
    });
    let on_click = move |e: ev::MouseEvent| {
        if dropped.get_value() {
            dropped.set_value(false);
            return;
        }
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
    let on_mouseup = move |e: ev::MouseEvent| {
        if drag.with_value(Option::is_some) {
            return;
        }
        let Some(article) = dom::by_id("doc") else {
            return;
        };
        let raw = selection::current(&article);
        // Grown to whole words (graphemes with Alt or "Snap to words" off),
        // and shown so: what is selected is what 1–4 will label.
        let span = raw.and_then(|s| st.snap_selection(s, selection_unit(e.alt_key())));
        // Shown as the hull of the drag and the snapped span: whitespace the
        // drag took in stays selected (labelling trims it, as always).
        let shown = match (raw, span) {
            (Some(r), Some(s)) => Span::new(r.start().min(s.start()), r.end().max(s.end())),
            _ => None,
        };
        if let Some(s) = shown.filter(|&s| Some(s) != raw) {
            let a = st.line_start(st.line_of(s.start()));
            let b = st.line_start(st.line_of(s.end()));
            if let (Some(a), Some(b)) = (a, b) {
                selection::select(&article, s, (a, b));
            }
        }
        st.pending.set(span);
    };
    view! {
        <article id="doc" aria-label="Document text" on:click=on_click on:mouseup=on_mouseup
            on:mousedown=on_mousedown>
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
    let el = NodeRef::<leptos::html::Div>::new();
    // What the line shows, so that a redraw replaces only the runs that
    // changed (web::runs).
    let shown = StoredValue::new(Vec::<Run>::new());
    Effect::new(move |_| {
        trigger.track();
        let Some(el) = el.get() else { return };
        let selected = st.selected.get_untracked();
        let new = st.editor.with_value(|e| {
            let sel = selected
                .as_deref()
                .and_then(|id| e.doc().annotations.get(id))
                .map(|a| (a.span, a.label));
            e.segments(idx)
                .into_iter()
                .map(|seg| {
                    let d = e.doc();
                    let text = d.text.slice_range(seg.start, seg.end).to_string();
                    let title = hover(&seg, d);
                    run(seg, text, title, selected.as_deref(), sel)
                })
                .collect::<Vec<_>>()
        });
        shown.update_value(|old| {
            runs::patch(&el, old, &new);
            *old = new;
        });
    });
    view! { <div class="chunk" data-o=start data-e=end node_ref=el></div> }
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

/// A drag handle on one edge of the selected annotation. The keyboard does
/// the same with Shift+←/→ (end) and Ctrl+Shift+←/→ (start).
fn handle(edge: Edge, label: Label) -> Handle {
    let (class, which, keys) = match edge {
        Edge::Start => (
            "handle handle-start",
            "start",
            "Control+Shift+ArrowLeft Control+Shift+ArrowRight",
        ),
        Edge::End => (
            "handle handle-end",
            "end",
            "Shift+ArrowLeft Shift+ArrowRight",
        ),
    };
    Handle {
        class,
        name: [
            "Drag to move the ",
            which,
            " of this ",
            label.id(),
            " annotation",
        ]
        .concat(),
        keys,
        style: ["--c:", label.color()].concat(),
    }
}

/// One run. Each covering annotation is drawn as an underline in its own
/// lane, in its label's pattern (see `--u-*` in the stylesheet), with a light
/// tint of the innermost one, so that every label over a character stays
/// visible and none is told apart by colour alone. Colours come from CSS
/// variables, so a theme change restyles the text without redrawing it. The
/// selected annotation's first and last runs carry its drag handles.
fn run(
    seg: Segment,
    text: String,
    title: Option<String>,
    selected: Option<&str>,
    sel: Option<(Span, Label)>,
) -> Run {
    let start_handle = sel
        .filter(|(s, _)| s.start() == seg.start)
        .map(|(_, l)| handle(Edge::Start, l));
    let end_handle = sel
        .filter(|(s, _)| s.end() == seg.end)
        .map(|(_, l)| handle(Edge::End, l));
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
    Run {
        start: seg.start,
        end: seg.end,
        class,
        labels: (!labels.is_empty()).then(|| labels.join(" ")),
        style,
        title,
        text,
        handles: [start_handle, end_handle],
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
