//! The runs of one line of the article, kept in the DOM by hand: an edit
//! replaces only the runs that differ from what the line shows (an insertion
//! in a long paragraph touches two or three of its runs, not all of them),
//! and the text nodes of the others stay, with any selection or find range
//! in them. Runs carry no event handlers (the article delegates), so nothing
//! here needs the view framework.

use web_sys::{Document, Element, Node};

/// A drag handle inside a run (the selected annotation's first or last run).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Handle {
    pub class: &'static str,
    pub name: String,
    pub keys: &'static str,
    pub style: String,
}

/// One run as it is drawn: a `span.seg` with its attributes and text.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Run {
    pub start: usize,
    pub end: usize,
    pub class: String,
    pub labels: Option<String>,
    pub style: Option<String>,
    pub title: Option<String>,
    pub text: String,
    pub handles: [Option<Handle>; 2],
}

/// Makes `line` show `new`, given that it shows `old`: the runs both share
/// at the start and at the end stay; the ones between are replaced. If the
/// line does not hold `old.len()` runs (something else changed it), it is
/// drawn anew.
pub fn patch(line: &Element, old: &[Run], new: &[Run]) {
    let Some(doc) = line.owner_document() else {
        return;
    };
    let (keep_head, keep_tail) = if line.child_element_count() as usize == old.len() {
        let head = old.iter().zip(new).take_while(|(a, b)| a == b).count();
        let room = old.len().min(new.len()) - head;
        let tail = old
            .iter()
            .rev()
            .zip(new.iter().rev())
            .take(room)
            .take_while(|(a, b)| a == b)
            .count();
        (head, tail)
    } else {
        line.set_text_content(None);
        (0, 0)
    };
    let kids = line.children();
    let stale = old.len().saturating_sub(keep_head + keep_tail);
    for _ in 0..stale {
        if let Some(k) = kids.item(keep_head as u32) {
            k.remove();
        }
    }
    let before: Option<Node> = kids.item(keep_head as u32).map(Into::into);
    for r in &new[keep_head..new.len() - keep_tail] {
        if let Some(el) = build(&doc, r) {
            let _ = line.insert_before(&el, before.as_ref());
        }
    }
}

fn build(doc: &Document, r: &Run) -> Option<Element> {
    let el = doc.create_element("span").ok()?;
    let _ = el.set_attribute("class", &r.class);
    let _ = el.set_attribute("data-o", &r.start.to_string());
    let _ = el.set_attribute("data-e", &r.end.to_string());
    for (name, value) in [
        ("data-labels", &r.labels),
        ("style", &r.style),
        ("title", &r.title),
    ] {
        if let Some(v) = value {
            let _ = el.set_attribute(name, v);
        }
    }
    let [start, end] = &r.handles;
    if let Some(h) = start {
        let _ = el.append_child(handle(doc, h)?.as_ref());
    }
    let _ = el.append_child(&doc.create_text_node(&r.text));
    if let Some(h) = end {
        let _ = el.append_child(handle(doc, h)?.as_ref());
    }
    Some(el)
}

fn handle(doc: &Document, h: &Handle) -> Option<Element> {
    let el = doc.create_element("span").ok()?;
    let _ = el.set_attribute("class", h.class);
    let _ = el.set_attribute("role", "button");
    let _ = el.set_attribute("aria-label", &h.name);
    let _ = el.set_attribute("aria-keyshortcuts", h.keys);
    let _ = el.set_attribute("style", &h.style);
    Some(el)
}
