//! DOM selection ↔ code point offsets. The rendered article marks every line
//! (`.chunk`) and every run (`.seg`) with `data-o`/`data-e`, their code point
//! range; a boundary inside a run's text node is converted from the DOM's
//! UTF-16 offset here, the one place where UTF-16 meets the core.

use wasm_bindgen::JsCast;
use web_sys::{Element, Node, Range};

use spanmark_core::text::utf16::{self, Round};
use spanmark_core::text::{Span, Text};

fn attr(el: &Element, name: &str) -> Option<usize> {
    el.get_attribute(name)?.parse().ok()
}

/// First code point offset inside `node`, if it holds any marked element.
fn start_of(node: &Node) -> Option<usize> {
    if let Some(el) = node.dyn_ref::<Element>() {
        if let Some(o) = attr(el, "data-o") {
            return Some(o);
        }
    }
    let kids = node.child_nodes();
    (0..kids.length()).find_map(|i| kids.item(i).and_then(|k| start_of(&k)))
}

/// Last code point offset inside `node`, if it holds any marked element.
fn end_of(node: &Node) -> Option<usize> {
    if let Some(el) = node.dyn_ref::<Element>() {
        if let Some(e) = attr(el, "data-e") {
            return Some(e);
        }
    }
    let kids = node.child_nodes();
    (0..kids.length())
        .rev()
        .find_map(|i| kids.item(i).and_then(|k| end_of(&k)))
}

/// The offset of the gap before child `idx` of `parent`: the start of what
/// follows it for a span start, the end of what precedes it for a span end,
/// falling back to the other side and then to the enclosing elements.
fn gap(parent: &Node, idx: u32, round: Round) -> Option<usize> {
    let kids = parent.child_nodes();
    let after = || (idx..kids.length()).find_map(|i| kids.item(i).and_then(|k| start_of(&k)));
    let before = || {
        (0..idx)
            .rev()
            .find_map(|i| kids.item(i).and_then(|k| end_of(&k)))
    };
    let found = match round {
        Round::Down => after().or_else(before),
        Round::Up => before().or_else(after),
    };
    if found.is_some() {
        return found;
    }
    let el = parent.dyn_ref::<Element>()?;
    match round {
        Round::Down => attr(el, "data-o"),
        Round::Up => attr(el, "data-e"),
    }
    .or_else(|| {
        let up = parent.parent_node()?;
        let kids = up.child_nodes();
        let pos = (0..kids.length()).find(|&i| kids.item(i).as_ref() == Some(parent))?;
        gap(&up, if round == Round::Up { pos + 1 } else { pos }, round)
    })
}

/// Code point offset of a DOM boundary point (`node`, `offset`) inside the
/// article. `round` decides boundaries that fall inside a surrogate pair or
/// between lines.
pub fn boundary(node: &Node, offset: u32, round: Round) -> Option<usize> {
    if node.node_type() == Node::TEXT_NODE {
        let run = node.parent_element()?;
        if let Some(base) = attr(&run, "data-o") {
            let text = node.text_content().unwrap_or_default();
            return Some(base + utf16::to_cp(&text, offset as usize, round));
        }
        // A text node outside any run: use the gap where it sits.
        let parent = node.parent_node()?;
        let kids = parent.child_nodes();
        let pos = (0..kids.length()).find(|&i| kids.item(i).as_ref() == Some(node))?;
        return gap(
            &parent,
            if round == Round::Up { pos + 1 } else { pos },
            round,
        );
    }
    gap(node, offset, round)
}

/// The code point span a DOM range covers within `article`, clamped to it.
/// `None` for a collapsed range or one outside the article.
pub fn range_to_span(range: &Range, article: &Element) -> Option<Span> {
    if range.collapsed() {
        return None;
    }
    let whole = web_sys::window()?.document()?.create_range().ok()?;
    whole.select_node_contents(article).ok()?;
    let before_start = range
        .compare_boundary_points(Range::START_TO_START, &whole)
        .ok()?
        <= 0;
    let after_end = range
        .compare_boundary_points(Range::END_TO_END, &whole)
        .ok()?
        >= 0;
    if range
        .compare_boundary_points(Range::END_TO_START, &whole)
        .ok()?
        >= 0
        || range
            .compare_boundary_points(Range::START_TO_END, &whole)
            .ok()?
            <= 0
    {
        return None; // entirely before or after the article
    }
    let start = if before_start {
        0
    } else {
        boundary(
            &range.start_container().ok()?,
            range.start_offset().ok()?,
            Round::Down,
        )?
    };
    let end = if after_end {
        end_of(article)?
    } else {
        boundary(
            &range.end_container().ok()?,
            range.end_offset().ok()?,
            Round::Up,
        )?
    };
    Span::new(start, end)
}

/// The span of the window's current selection within `article`.
pub fn current(article: &Element) -> Option<Span> {
    let sel = web_sys::window()?.get_selection().ok()??;
    if sel.range_count() == 0 || sel.is_collapsed() {
        return None;
    }
    range_to_span(&sel.get_range_at(0).ok()?, article)
}

/// Clears the window's text selection.
pub fn clear() {
    if let Some(Ok(Some(sel))) = web_sys::window().map(|w| w.get_selection()) {
        let _ = sel.remove_all_ranges();
    }
}

/// The start offset of the run an event target sits in, if it is a run.
pub fn run_start(target: &Element) -> Option<usize> {
    let run = target.closest(".seg").ok()??;
    attr(&run, "data-o")
}

/// The DOM point of code point `cp` inside line element `chunk` (a `.chunk`
/// with its runs): a text node and a UTF-16 offset into it. On an edge
/// between runs, an `end` point takes the run before `cp`, a start point the
/// run after it (the last run at the line's end); an empty line is its own
/// point. The one routine every code point → DOM conversion goes through;
/// with the document `text` at hand the offset is counted there instead of
/// copying the run's text out of the DOM (find paints thousands of ranges).
fn point(chunk: &Element, cp: usize, end: bool, text: Option<&Text>) -> Option<(Node, u32)> {
    let runs = chunk.children();
    let n = runs.length();
    for i in 0..n {
        let Some(run) = runs.item(i) else { continue };
        let (Some(o), Some(e)) = (attr(&run, "data-o"), attr(&run, "data-e")) else {
            continue;
        };
        if o <= cp && (cp < e || (cp == e && (end || i + 1 == n))) {
            // The run's text node (drag handles may sit beside it).
            let kids = run.child_nodes();
            let node = (0..kids.length())
                .filter_map(|k| kids.item(k))
                .find(|k| k.node_type() == Node::TEXT_NODE)?;
            let units = match text {
                Some(t) => utf16::len(t.slice_range(o, cp)),
                None => utf16::from_cp(&node.text_content().unwrap_or_default(), cp - o),
            };
            return Some((node, u32::try_from(units).ok()?));
        }
    }
    Some((chunk.clone().into(), 0))
}

/// Sets the window's selection to the code points `anchor`..`head` (either
/// order: the browser keeps the direction), each given with the line
/// element holding it. Returns the run element at the head, to scroll to.
pub fn set(
    (anchor_chunk, anchor): (&Element, usize),
    (head_chunk, head): (&Element, usize),
) -> Option<Element> {
    let sel = web_sys::window()?.get_selection().ok()??;
    let forward = anchor <= head;
    let (an, ao) = point(anchor_chunk, anchor, !forward, None)?;
    let (hn, ho) = point(head_chunk, head, forward, None)?;
    sel.set_base_and_extent(&an, ao, &hn, ho).ok()?;
    match hn.dyn_into::<Element>() {
        Ok(el) => Some(el),
        Err(text) => text.parent_element(),
    }
}

/// Vertical step, in CSS pixels, between the points probed for the first
/// visible line: under a line's height, so no line is stepped over.
const PROBE_STEP: f64 = 12.0;

/// The start of the line shown at the top of the article's visible part:
/// where the keyboard selection starts when there is none yet, and where
/// find paints around. Points are probed downwards from below the sticky
/// header until one lands on a line (a dialog's backdrop may cover the
/// rest; lines just scrolled to may not be laid out yet).
pub fn first_visible_line_start(article: &Element) -> Option<usize> {
    let doc = web_sys::window()?.document()?;
    let (covered, window_bottom) = super::dom::visible_band()?;
    let rect = article.get_bounding_client_rect();
    let bottom = rect.bottom().min(window_bottom);
    let x = (rect.left() + 24.0) as f32;
    let mut y = rect.top().max(covered) + PROBE_STEP / 2.0;
    while y < bottom {
        let chunk = doc
            .element_from_point(x, y as f32)
            .and_then(|hit| hit.closest(".chunk").ok().flatten());
        if let Some(o) = chunk.as_ref().and_then(|c| attr(c, "data-o")) {
            return Some(o);
        }
        y += PROBE_STEP;
    }
    None
}

/// The line element (`.chunk`) starting at code point `line_start`.
fn line_at(article: &Element, line_start: usize) -> Option<Element> {
    let sel = [".chunk[data-o=\"", &line_start.to_string(), "\"]"].concat();
    article.query_selector(&sel).ok()?
}

/// Makes the window's selection cover `span` (whose ends lie in the lines
/// starting at `lines.0` and `lines.1`); false when the text is not
/// rendered there.
pub fn select(article: &Element, span: Span, lines: (usize, usize)) -> bool {
    let point_in =
        |line: usize, cp: usize, end: bool| point(&line_at(article, line)?, cp, end, None);
    let (Some((a, ao)), Some((b, bo))) = (
        point_in(lines.0, span.start(), false),
        point_in(lines.1, span.end(), true),
    ) else {
        return false;
    };
    let Some(Ok(Some(sel))) = web_sys::window().map(|w| w.get_selection()) else {
        return false;
    };
    sel.set_base_and_extent(&a, ao, &b, bo).is_ok()
}

/// The code point where a caret would go at viewport point (`x`, `y`), if
/// that is inside `article`.
pub fn cp_at_point(article: &Element, x: f32, y: f32) -> Option<usize> {
    let pos = web_sys::window()?
        .document()?
        .caret_position_from_point(x, y)?;
    let node = pos.offset_node()?;
    if !article.contains(Some(&node)) {
        return None;
    }
    boundary(&node, pos.offset(), Round::Down)
}

/// The article's lines (`.chunk` elements) looked up once, for turning
/// many code point spans into DOM ranges: finding matches' places costs a
/// binary search over `lines` and a walk over one line's runs, never a
/// search of the whole article.
pub struct Runs {
    chunks: web_sys::NodeList,
    doc: web_sys::Document,
}

impl Runs {
    pub fn new(article: &Element) -> Option<Runs> {
        Some(Runs {
            chunks: article.query_selector_all(".chunk").ok()?,
            doc: web_sys::window()?.document()?,
        })
    }

    /// The DOM boundary point of code point `cp`: inside the run holding it
    /// (as a UTF-16 offset into its text node), or at the start of an empty
    /// line. `end` picks the line and run ending at `cp` when `cp` is on an
    /// edge. `text` is the document text and `lines` its line ranges
    /// (`Editor::chunks`), which the rendered chunks follow one for one.
    fn point(
        &self,
        text: &Text,
        lines: &[(usize, usize)],
        cp: usize,
        end: bool,
    ) -> Option<(Node, u32)> {
        let i = if end {
            lines.partition_point(|&(_, e)| e < cp)
        } else {
            lines.partition_point(|&(_, e)| e <= cp)
        }
        .min(lines.len().checked_sub(1)?);
        let (s, e) = *lines.get(i)?;
        let chunk = self.chunks.item(u32::try_from(i).ok()?)?;
        point(chunk.dyn_ref::<Element>()?, cp.clamp(s, e), end, Some(text))
    }

    /// A DOM range over `span` of the rendered article.
    pub fn range(&self, text: &Text, lines: &[(usize, usize)], span: Span) -> Option<Range> {
        let (sn, so) = self.point(text, lines, span.start(), false)?;
        let (en, eo) = self.point(text, lines, span.end(), true)?;
        let r = self.doc.create_range().ok()?;
        r.set_start(&sn, so).ok()?;
        r.set_end(&en, eo).ok()?;
        Some(r)
    }
}
