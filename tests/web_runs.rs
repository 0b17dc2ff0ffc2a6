//! Browser tests: a line patched with `web::runs::patch` shows exactly what
//! drawing it anew shows, and the runs an edit leaves alone keep their
//! elements (and so their text nodes and any selection in them).
#![cfg(target_arch = "wasm32")]

use spanmark::web::runs::{patch, Handle, Run};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn run(start: usize, text: &str, label: Option<&str>) -> Run {
    Run {
        start,
        end: start + text.chars().count(),
        class: if label.is_some() { "seg hl" } else { "seg" }.to_string(),
        labels: label.map(str::to_string),
        style: label.map(|l| format!("background-color:var(--t-{l})")),
        title: label.map(|l| format!("{l} <b>&amp;</b>")),
        text: text.to_string(),
        handles: [None, None],
    }
}

fn line() -> web_sys::Element {
    let doc = web_sys::window().unwrap().document().unwrap();
    let el = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&el).unwrap();
    el
}

fn fresh(runs: &[Run]) -> String {
    let el = line();
    patch(&el, &[], runs);
    let html = el.inner_html();
    el.remove();
    html
}

fn kids(el: &web_sys::Element) -> Vec<web_sys::Element> {
    let c = el.children();
    (0..c.length()).filter_map(|i| c.item(i)).collect()
}

/// A line drawn with `before`, then patched to `after`: checks that it shows
/// what drawing `after` anew shows, and returns it with its run elements
/// before and after the patch.
fn patched(
    before: &[Run],
    after: &[Run],
) -> (
    web_sys::Element,
    Vec<web_sys::Element>,
    Vec<web_sys::Element>,
) {
    let el = line();
    patch(&el, &[], before);
    let old = kids(&el);
    patch(&el, before, after);
    assert_eq!(el.inner_html(), fresh(after));
    let new = kids(&el);
    (el, old, new)
}

#[wasm_bindgen_test]
fn a_new_annotation_replaces_only_the_run_it_cuts() {
    let before = vec![
        run(0, "Café 👍🏽 ", None),
        run(8, "東京", Some("location")),
        run(10, " said <b>hi</b> to ", None),
        run(28, "Zoë", Some("actor")),
        run(31, " today.", None),
    ];
    // "hi" labelled: the third run becomes three.
    let after = vec![
        before[0].clone(),
        before[1].clone(),
        run(10, " said <b>", None),
        run(19, "hi", Some("claim")),
        run(21, "</b> to ", None),
        before[3].clone(),
        before[4].clone(),
    ];
    let (el, old, new) = patched(&before, &after);
    assert_eq!(new.len(), 7);
    for (o, n) in [(0, 0), (1, 1), (3, 5), (4, 6)] {
        assert!(old[o].is_same_node(Some(&new[n])), "run {o} was redrawn");
    }
    assert!(!old[2].is_same_node(Some(&new[2])));
    // Text stays text: markup in it and in titles is not parsed.
    assert_eq!(el.query_selector_all("b").unwrap().length(), 0);
    assert_eq!(new[3].text_content().unwrap(), "hi");
    assert_eq!(
        new[1].get_attribute("title").unwrap(),
        "location <b>&amp;</b>"
    );

    // And back (undo): the same three runs become one again.
    patch(&el, &after, &before);
    assert_eq!(el.inner_html(), fresh(&before));
    let back = kids(&el);
    assert!(new[0].is_same_node(Some(&back[0])));
    assert!(new[6].is_same_node(Some(&back[4])));
    el.remove();
}

#[wasm_bindgen_test]
fn handles_and_a_changed_selection_redraw_only_their_runs() {
    let plain = vec![
        run(0, "a ", None),
        run(2, "b", Some("actor")),
        run(3, " c", None),
    ];
    let mut selected = plain.clone();
    selected[1].class.push_str(" sel");
    selected[1].handles = [
        Some(Handle {
            class: "handle handle-start",
            name: "Drag to move the start of this actor annotation".into(),
            keys: "Control+Shift+ArrowLeft",
            style: "--c:red".into(),
        }),
        None,
    ];
    let (el, old, new) = patched(&plain, &selected);
    assert!(old[0].is_same_node(Some(&new[0])) && old[2].is_same_node(Some(&new[2])));
    let h = new[1].first_element_child().unwrap();
    assert_eq!(h.get_attribute("role").as_deref(), Some("button"));
    assert_eq!(new[1].text_content().unwrap(), "b");
    el.remove();
}

#[wasm_bindgen_test]
fn a_line_changed_behind_its_back_is_drawn_anew() {
    let runs = vec![run(0, "one ", None), run(4, "two", Some("figure"))];
    let el = line();
    patch(&el, &[], &runs);
    // Something else removed a run: the record no longer matches the DOM.
    el.first_element_child().unwrap().remove();
    let mut next = runs.clone();
    next[1].class.push_str(" sel");
    patch(&el, &runs, &next);
    assert_eq!(el.inner_html(), fresh(&next));
    // Emptied (a line with no text has no runs).
    patch(&el, &next, &[]);
    assert_eq!(el.child_nodes().length(), 0);
    el.remove();
}
