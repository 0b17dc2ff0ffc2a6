//! Browser tests (headless Chromium via wasm-bindgen-test-runner): an HTML
//! page's visible text through the real `DOMParser` (nothing of it run or
//! inserted), and library changes stored all or nothing in real local
//! storage.
#![cfg(target_arch = "wasm32")]

use spanmark::web::library_store::{document_keys, Tx};
use spanmark::web::{intake, storage};
use spanmark_core::import::text::{html, Piece};
use spanmark_core::model::Document;
use spanmark_core::storage::{doc_key, text_key, Library};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const PAGE: &str = r#"<!doctype html><html><head><title>  The
 title </title><style>p{}</style><script>window.__ran = 1</script></head>
<body><h1>Headline</h1>
<p>One   <i>two</i>
 three &amp; four&nbsp;five</p><script>window.__ran = 2</script>
<img src="x" onerror="window.__ran = 3"><template><p>template</p></template>
<noscript>noscript</noscript><div hidden>hidden</div>
<pre>  kept
   as is</pre><ul><li>a<br>b</li><li>c</li></ul></body></html>"#;

#[wasm_bindgen_test]
fn html_visible_text_only() {
    let (pieces, title) = intake::html_pieces(PAGE).unwrap();
    let draft = html(&pieces, title).unwrap();
    assert_eq!(draft.doc.title, "The title");
    assert_eq!(
        draft.doc.text.as_str(),
        "Headline\n\nOne two three & four\u{a0}five\n\n  kept\n   as is\n\na\nb\nc"
    );
    assert!(pieces.iter().all(|p| match p {
        Piece::Text(t) | Piece::Pre(t) => !t.contains("__ran") && !t.contains("template"),
        Piece::Break(_) => true,
    }));
    let ran =
        js_sys::Reflect::get(&web_sys::window().unwrap(), &JsValue::from_str("__ran")).unwrap();
    assert!(ran.is_undefined(), "the page's scripts never run");
    let doc = web_sys::window().unwrap().document().unwrap();
    assert!(
        doc.query_selector("img[src=x]").unwrap().is_none(),
        "nothing is inserted"
    );
}

#[wasm_bindgen_test]
fn html_without_body_text_is_refused() {
    let (pieces, title) =
        intake::html_pieces("<title>Only a title</title><script>x()</script>").unwrap();
    assert!(html(&pieces, title).is_err());
}

fn clear() {
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
}

#[wasm_bindgen_test]
fn transactions_roll_back_to_the_byte() {
    clear();
    storage::write("spanmark:other", "keep me").unwrap();
    let doc = Document::new("d-x:1".into(), "X".into(), "Some text".into());
    let mut tx = Tx::new();
    tx.store_document(&doc).unwrap();
    tx.save_library(&Library::new()).unwrap();
    tx.remove("spanmark:other").unwrap();
    assert_eq!(storage::read("spanmark:other").unwrap(), None);
    assert!(storage::read(&text_key("d-x:1")).unwrap().is_some());
    tx.rollback();
    assert_eq!(storage::keys(), vec!["spanmark:other".to_string()]);
    assert_eq!(
        storage::read("spanmark:other").unwrap().as_deref(),
        Some("keep me")
    );

    let mut tx = Tx::new();
    tx.store_document(&doc).unwrap();
    let keys = document_keys("d-x:1");
    assert_eq!(keys.last(), Some(&text_key("d-x:1")), "the text goes last");
    assert!(keys.contains(&doc_key("d-x:1")));
    // An id that is a prefix of another is not mixed up with it.
    let other = Document::new("d-x".into(), "Y".into(), "Other".into());
    tx.store_document(&other).unwrap();
    assert_eq!(document_keys("d-x").len(), 2);
    tx.remove_document("d-x:1").unwrap();
    assert!(document_keys("d-x:1").is_empty());
    assert_eq!(document_keys("d-x").len(), 2);
    clear();
}

#[wasm_bindgen_test]
fn storage_use_counts_two_bytes_per_character() {
    clear();
    storage::write("spanmark:a", "👍🏽xy").unwrap();
    storage::write("other", "abc").unwrap();
    let u = intake::usage().unwrap();
    // "spanmark:a" is 10 units, "👍🏽xy" 6; "other" 5, "abc" 3.
    assert_eq!(u.ours, 2 * 16);
    assert_eq!(u.all, 2 * (16 + 8));
    clear();
}
