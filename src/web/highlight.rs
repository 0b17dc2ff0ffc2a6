//! The CSS Custom Highlight API (`CSS.highlights`, `new Highlight()`,
//! `::highlight(name)` in the stylesheet): paints ranges of the article
//! without changing its DOM, so the renderer's runs and the selection code
//! stay as they are. web-sys has these bindings only behind its unstable
//! flag, so the three calls needed are declared here. Where the browser has
//! no such API, [`Painter::new`] gives `None` and the caller falls back.

use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use web_sys::Range;

#[wasm_bindgen]
extern "C" {
    type Highlight;
    #[wasm_bindgen(constructor, catch)]
    fn new() -> Result<Highlight, JsValue>;
    #[wasm_bindgen(method)]
    fn add(this: &Highlight, range: &Range);
    #[wasm_bindgen(method)]
    fn clear(this: &Highlight);

    type Registry;
    #[wasm_bindgen(method)]
    fn set(this: &Registry, name: &str, h: &Highlight);
}

/// One named highlight registered with the page.
pub struct Painter(Highlight);

impl Painter {
    /// Registers (or replaces) the highlight `name`; `None` without the API.
    pub fn new(name: &str) -> Option<Painter> {
        let global = js_sys::global();
        let ctor = Reflect::get(&global, &JsValue::from_str("Highlight")).ok()?;
        let css = Reflect::get(&global, &JsValue::from_str("CSS")).ok()?;
        let reg = Reflect::get(&css, &JsValue::from_str("highlights")).ok()?;
        if !ctor.is_function() || reg.is_undefined() || reg.is_null() {
            return None;
        }
        let h = Highlight::new().ok()?;
        reg.unchecked_into::<Registry>().set(name, &h);
        Some(Painter(h))
    }

    pub fn add(&self, range: &Range) {
        self.0.add(range);
    }

    pub fn clear(&self) {
        self.0.clear();
    }
}
