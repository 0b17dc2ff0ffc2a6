//! Browser tests (headless Chromium via wasm-bindgen-test-runner): the
//! selection → code point mapping on real DOM ranges over the rendered app,
//! and the local storage round trip.
#![cfg(target_arch = "wasm32")]

use spanmark::web::{persist, selection, storage};
use spanmark_core::label::Label;
use spanmark_core::model::{Annotation, Document};
use spanmark_core::storage::Library;
use spanmark_core::text::Span;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Node};

wasm_bindgen_test_configure!(run_in_browser);

/// Emoji (flag, skin tone, ZWJ family), combining marks, CJK, RTL and CRLF
/// line ends, with an empty line.
const TEXT: &str = "Rally 🇺🇦👍🏽 in Kyiv: 👩‍👩‍👧 met Zelenskyy.\r\nSecond é́ line 漢字 שלום مرحبا Fastiv.\r\n\r\nLast 😀 line";

fn cp_of(needle: &str) -> Span {
    let b = TEXT.find(needle).expect("needle in TEXT");
    let s = TEXT[..b].chars().count();
    Span::new(s, s + needle.chars().count()).expect("non-empty needle")
}

fn clear_storage() {
    let st = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    st.clear().unwrap();
}

fn test_doc() -> Document {
    let mut d = Document::new("d-test".into(), "Test doc".into(), TEXT.into());
    for (needle, label, id) in [
        ("Kyiv", Label::Location, "a-1"),
        ("Rally 🇺🇦👍🏽 in Kyiv", Label::Claim, "a-2"),
    ] {
        d.add(Annotation {
            id: id.into(),
            label,
            span: cp_of(needle),
            note: String::new(),
            created_at: None,
        })
        .unwrap();
    }
    d
}

/// Stores the test document as the open one and mounts the real app.
async fn mount_app() -> Element {
    clear_storage();
    let lib = persist::add_documents(&Library::new(), &[test_doc()], Some("d-test")).unwrap();
    assert_eq!(lib.documents.len(), 1);
    let doc = web_sys::window().unwrap().document().unwrap();
    // One app per test: earlier tests' apps are taken out of the page.
    let old = doc.query_selector_all(".test-host").unwrap();
    for i in 0..old.length() {
        let el: Element = old.item(i).unwrap().unchecked_into();
        el.remove();
    }
    let host: web_sys::HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    host.set_class_name("test-host");
    doc.body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.clone(), spanmark::ui::App);
    std::mem::forget(handle);
    leptos::task::tick().await;
    host.query_selector("#doc")
        .unwrap()
        .expect("the article is rendered")
}

/// The DOM point of code point `cp` (in a run's text node), found through
/// the DOM's own UTF-16 lengths rather than through the code under test.
fn dom_point(article: &Element, cp: usize) -> (Node, u32) {
    let runs = article.query_selector_all(".seg").unwrap();
    for i in 0..runs.length() {
        let run: Element = runs.item(i).unwrap().unchecked_into();
        let o: usize = run.get_attribute("data-o").unwrap().parse().unwrap();
        let e: usize = run.get_attribute("data-e").unwrap().parse().unwrap();
        if o <= cp && cp < e {
            let text = run.first_child().unwrap();
            let prefix: String = text.text_content().unwrap().chars().take(cp - o).collect();
            return (text, prefix.encode_utf16().count() as u32);
        }
    }
    panic!("no run holds code point {cp}");
}

fn range(article: &Element, span: Span) -> web_sys::Range {
    let doc = web_sys::window().unwrap().document().unwrap();
    let r = doc.create_range().unwrap();
    let (sn, so) = dom_point(article, span.start());
    // The end point is the gap after the last code point.
    let (en, eo) = dom_point(article, span.end() - 1);
    let last = TEXT.chars().nth(span.end() - 1).unwrap();
    r.set_start(&sn, so).unwrap();
    r.set_end(&en, eo + last.len_utf16() as u32).unwrap();
    r
}

#[wasm_bindgen_test]
async fn article_text_is_the_document_text() {
    let article = mount_app().await;
    let rendered = article.text_content().unwrap();
    let expected: String = TEXT.chars().filter(|c| *c != '\r' && *c != '\n').collect();
    assert_eq!(rendered, expected);
    assert_eq!(article.query_selector_all(".chunk").unwrap().length(), 4);
}

#[wasm_bindgen_test]
async fn ranges_map_to_code_points() {
    let article = mount_app().await;
    for needle in [
        "Zelenskyy",
        "👩‍👩‍👧",
        "👍🏽",
        "é́ line",
        "漢字",
        "שלום مرحبا",
        "Fastiv",
        "😀 line",
        // Starting and ending inside existing highlights.
        "🇺🇦👍🏽 in Ky",
        "iv: 👩",
        // Across CRLF line breaks and the empty line.
        "Zelenskyy.\r\nSecond",
        "Fastiv.\r\n\r\nLast",
    ] {
        let want = cp_of(needle);
        let got = selection::range_to_span(&range(&article, want), &article);
        assert_eq!(got, Some(want), "range over {needle:?}");
    }
}

#[wasm_bindgen_test]
async fn element_boundaries_and_surrogate_halves() {
    let article = mount_app().await;
    let doc = web_sys::window().unwrap().document().unwrap();
    let lines = article.query_selector_all(".chunk").unwrap();
    let second: Node = lines.item(1).unwrap();
    let last: Node = lines.item(3).unwrap();
    // From the start of line 2 (an element boundary) to the end of line 4.
    let r = doc.create_range().unwrap();
    r.set_start(&second, 0).unwrap();
    r.set_end(&last, last.child_nodes().length()).unwrap();
    let second_start = TEXT.split("\r\n").next().unwrap().chars().count() + 2;
    assert_eq!(
        selection::range_to_span(&r, &article),
        Span::new(second_start, TEXT.chars().count())
    );
    // A boundary between the two halves of 😀 rounds outward.
    let emoji = cp_of("😀");
    let (node, off) = dom_point(&article, emoji.start());
    let r = doc.create_range().unwrap();
    r.set_start(&node, off + 1).unwrap();
    r.set_end(&node, off + 1 + 5).unwrap();
    let got = selection::range_to_span(&r, &article).unwrap();
    assert_eq!(got.start(), emoji.start());
    // A collapsed range is no selection.
    r.collapse_with_to_start(true);
    assert_eq!(selection::range_to_span(&r, &article), None);
}

#[wasm_bindgen_test]
async fn highlights_show_every_covering_label() {
    let article = mount_app().await;
    let kyiv = cp_of("Kyiv");
    let run = article
        .query_selector(&format!(".seg[data-o=\"{}\"]", kyiv.start()))
        .unwrap()
        .expect("a run starts at Kyiv");
    assert_eq!(run.text_content().unwrap(), "Kyiv");
    assert_eq!(run.get_attribute("data-labels").unwrap(), "claim location");
}

#[wasm_bindgen_test]
async fn storage_round_trip() {
    clear_storage();
    storage::probe().expect("local storage works in the test browser");
    let doc = test_doc();
    persist::add_documents(&Library::new(), std::slice::from_ref(&doc), Some(&doc.id)).unwrap();
    let back = persist::load_document(&doc.id).unwrap();
    assert_eq!(back, doc);
    let loaded = persist::load();
    assert_eq!(loaded.mode, persist::Mode::Saving);
    assert_eq!(loaded.doc, doc);
    // An edit rewrites only the bucket of the removed annotation, never the
    // text key.
    let text_before = storage::read("spanmark:doc:d-test:text").unwrap();
    assert!(text_before.is_some());
    let mut edited = doc.clone();
    let removed = edited.annotations.remove("a-1").unwrap();
    persist::save_changes(&edited, &[removed.span]).unwrap();
    assert_eq!(
        storage::read("spanmark:doc:d-test:text").unwrap(),
        text_before
    );
    assert_eq!(persist::load_document(&doc.id).unwrap(), edited);
    // Removing the last annotation removes its bucket's key.
    let last = edited.annotations.remove("a-2").unwrap();
    persist::save_changes(&edited, &[last.span]).unwrap();
    assert_eq!(storage::read("spanmark:doc:d-test:anns:0").unwrap(), None);
    assert_eq!(
        storage::read("spanmark:doc:d-test:text").unwrap(),
        text_before
    );
    assert_eq!(persist::load_document(&doc.id).unwrap(), edited);
}

#[wasm_bindgen_test]
async fn a_span_set_as_the_selection_reads_back_as_itself() {
    let article = mount_app().await;
    let second = TEXT.split("\r\n").next().unwrap().chars().count() + 2;
    for (needle, lines) in [
        ("👩‍👩‍👧 met", (0, 0)),
        ("Rally 🇺🇦👍🏽", (0, 0)),
        ("é́ line 漢字", (second, second)),
        ("Zelenskyy.\r\nSecond é́", (0, second)),
    ] {
        let want = cp_of(needle);
        assert!(
            selection::select(&article, want, lines),
            "{needle:?} selected"
        );
        assert_eq!(selection::current(&article), Some(want), "{needle:?}");
    }
    // A line start that is not rendered: nothing is selected.
    assert!(!selection::select(
        &article,
        cp_of("Fastiv"),
        (999_999, 999_999)
    ));
    selection::clear();
}
