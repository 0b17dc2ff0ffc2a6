//! The glue of `scripts/bundle-floor.sh`: a Wasm made of the core crate and
//! `src/web` alone, with no UI at all, in which every entry point of the two
//! layers is reachable from JS with values only known at run time (so
//! nothing is folded away). Its size is a floor for any UI built on them:
//! whatever renders the toolbar, the panel, the library and the dialogs comes
//! on top. Not compiled by the tests; it follows the layers' API by hand.

use spanmark_core::{
    cursor, editor::Editor, export, find, import, label::Label, model::Annotation, ops::Edit,
    segment, seed, sync, text::Span,
};
use spanmark::web::{
    clock, dom, files, highlight, intake, persist, runs, segmenter, selection, storage, sw,
    sync as wsync, theme,
};
use wasm_bindgen::prelude::*;

fn main() {}

/// Import: parse a file, map labels, plan against the library, store.
#[wasm_bindgen]
pub fn import_file(name: String, text: String) -> String {
    let p = match import::parse(&name, &text) {
        Ok(p) => p,
        Err(e) => return e,
    };
    let foreign = import::foreign_labels(p.drafts.iter()).len();
    let map = import::LabelMap::new();
    let mut new_id = |p: &str| clock::new_id(p);
    let incoming: Vec<_> = p
        .drafts
        .into_iter()
        .map(|d| import::resolve(d, &map, &mut new_id))
        .collect();
    let same = vec![None; incoming.len()];
    let plan = import::plan(incoming, &same, import::Choice::Merge, &Default::default(), &mut new_id);
    let loaded = persist::load();
    if let Ok(lib) = persist::add_documents(&loaded.library, &plan.added, None) {
        let _ = persist::save_library(&lib);
    }
    let mut base = loaded.doc;
    let merged = plan
        .added
        .first()
        .map_or(0, |d| import::merge(&mut base, d, &mut new_id));
    format!("{} {foreign} {}", p.format, import::plural(merged, "annotation", "annotations"))
}

/// Export: every format of the open document, one of them bundled and downloaded.
#[wasm_bindgen]
pub fn export_all(id: String) -> usize {
    let loaded = persist::load();
    let seg = segmenter::best();
    let at = clock::now_iso();
    let opts = export::Options {
        name: "x",
        exported_at: &at,
        unix_time: clock::unix_seconds(),
        segmenter: &*seg,
    };
    let mut n = 0;
    for f in export::FORMATS {
        n += format!("{:?}", f.export(&[&loaded.doc], &opts)).len();
    }
    if let Some(f) = export::by_id(&id) {
        let out = export::bundle(f, &opts, vec![export::OutFile::text(id.clone(), "text/plain", id.clone())]);
        let _ = files::download(&export::slug(&id), "text/plain", out.as_str());
    }
    n
}

/// Edits with undo and redo, autosave, find, segments and the tab merge.
#[wasm_bindgen]
pub fn edit(key: String, a: usize, b: usize) -> String {
    let mut ed = Editor::new(persist::load().doc);
    let Some(span) = Span::new(a, b) else {
        return String::new();
    };
    let ann = Annotation {
        id: clock::new_id("a"),
        label: Label::from_shortcut(&key).unwrap_or(Label::Claim),
        span,
        note: String::new(),
        created_at: Some(clock::now_iso()),
    };
    let r = ed.apply(Edit::Add(ann));
    if let Ok(ch) = &r {
        let _ = persist::save_changes(ed.doc(), &ch.spans);
    }
    let _ = ed.undo();
    let _ = ed.redo();
    let _ = persist::save_all(ed.doc());
    let _ = persist::save_head(ed.doc());
    let hits = find::find_all(ed.doc().text.as_str(), &key, find::Case::Insensitive).len();
    let anns: Vec<_> = ed.doc().annotations.iter().collect();
    let segs = segment::segments(a, b, &anns).len();
    let mine: Vec<_> = anns.iter().map(|x| (*x).clone()).collect();
    let merged = sync::merge(&[], &[], &mine).len();
    format!("{r:?} {hits} {segs} {merged} {}", seed::SEED_RAW.len())
}

/// The page: selection ↔ offsets, runs, keyboard stops, highlights, theme,
/// service worker, other tabs, storage, paste and quota.
#[wasm_bindgen]
pub fn page(x: f32, y: f32) -> String {
    let Some(article) = dom::by_id("doc") else {
        return String::new();
    };
    let current = selection::current(&article);
    selection::clear();
    let cp = selection::cp_at_point(&article, x, y);
    let first = selection::first_visible_line_start(&article);
    if let Some(s) = current {
        selection::select(&article, s, (0, 1));
    }
    let stops = segmenter::stops("some words here", 0, x > 1.0);
    if let Some(p) = highlight::Painter::new("find") {
        p.clear();
    }
    runs::patch(&article, &[], &[]);
    dom::flash_selected();
    dom::scroll_to_selected();
    dom::pad_scroll_below(&article);
    dom::reveal_selection(x > 2.0);
    let _ = dom::focus_selected_entry();
    theme::apply(theme::stored());
    sw::register(sw::apply_update);
    wsync::on_change(|k, v| {
        let _ = storage::write(&k, &v.unwrap_or_default());
    });
    let _ = storage::probe();
    let quota = intake::usage().is_some();
    let pasted = intake::html_pieces("<p>x</p>").map(|p| p.0.len());
    let from = cursor::KeySel { anchor: 0, head: 0 };
    let key = cursor::key(&[(0, 10)], from, cursor::Dir::Forward, true, 64, &mut |_| stops.clone());
    format!(
        "{current:?} {cp:?} {first:?} {quota} {pasted:?} {key:?} {}",
        intake::local_time("2026")
    )
}
