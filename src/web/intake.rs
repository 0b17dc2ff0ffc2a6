//! Files and text coming in: the bytes of picked, dropped or pasted files;
//! the visible text of an HTML page, parsed inert with `DOMParser` (never
//! inserted into the page, its scripts never run, its images never loaded);
//! the local-storage figures of the library panel; local times.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{DataTransfer, DomParser, Element, File, FileList, Node, SupportedType};

use super::files::MAX_IMPORT_MB;
use spanmark_core::import::text::{page_pieces, PageNode, PageView, Piece};
use spanmark_core::text::utf16;

/// Reads a file's bytes (text is decoded by the core, which refuses what is
/// not text).
pub async fn read_bytes(file: &File) -> Result<Vec<u8>, String> {
    let mb = (file.size() / 1_048_576.0).ceil() as u32;
    if mb > MAX_IMPORT_MB {
        return Err(format!(
            "it is {mb} MB; files over {MAX_IMPORT_MB} MB are refused"
        ));
    }
    let buf = JsFuture::from(file.array_buffer())
        .await
        .map_err(|e| format!("it could not be read ({})", reason(&e)))?;
    Ok(js_sys::Uint8Array::new(&buf).to_vec())
}

fn reason(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

/// Every file of a file list, in order.
pub fn files_of(list: Option<FileList>) -> Vec<File> {
    let Some(list) = list else {
        return Vec::new();
    };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// True when a drag carries files (not text dragged within the page).
pub fn carries_files(dt: Option<DataTransfer>) -> bool {
    dt.is_some_and(|dt| {
        dt.types()
            .iter()
            .any(|t| t.as_string().as_deref() == Some("Files"))
    })
}

/// The pieces of an HTML page's visible text, and its title (`<title>`,
/// else its first `<h1>`). The page is parsed into a detached document.
pub fn html_pieces(html: &str) -> Result<(Vec<Piece>, Option<String>), String> {
    let parser = DomParser::new().map_err(|e| format!("it could not be read ({})", reason(&e)))?;
    let doc = parser
        .parse_from_string(html, SupportedType::TextHtml)
        .map_err(|e| format!("it could not be read as HTML ({})", reason(&e)))?;
    let title = Some(doc.title())
        .filter(|t| !t.trim().is_empty())
        .or_else(|| {
            doc.query_selector("h1")
                .ok()
                .flatten()
                .and_then(|h| h.text_content())
        });
    let root: Node = match doc.body() {
        Some(b) => b.into(),
        None => match doc.document_element() {
            Some(e) => e.into(),
            None => return Ok((Vec::new(), title)),
        },
    };
    Ok((page_pieces(Dom(root)), title))
}

/// The browser's DOM as the core's walk sees a page.
struct Dom(Node);

impl PageNode for Dom {
    fn view(&self) -> PageView {
        match self.0.node_type() {
            Node::TEXT_NODE | Node::CDATA_SECTION_NODE => {
                PageView::Text(self.0.node_value().unwrap_or_default())
            }
            Node::ELEMENT_NODE => match self.0.dyn_ref::<Element>() {
                Some(el) => PageView::Element {
                    tag: el.local_name().to_ascii_lowercase(),
                    hidden: el.has_attribute("hidden"),
                },
                None => PageView::Other,
            },
            _ => PageView::Other,
        }
    }

    fn children(&self) -> Vec<Dom> {
        let kids = self.0.child_nodes();
        (0..kids.length())
            .filter_map(|i| kids.item(i))
            .map(Dom)
            .collect()
    }

    fn text_content(&self) -> String {
        self.0.text_content().unwrap_or_default()
    }
}

/// Local storage in bytes: what spanmark's keys take and what all keys of
/// this site take, counting 2 bytes per UTF-16 code unit of keys and values
/// (as browsers count them).
pub struct Usage {
    pub ours: u64,
    pub all: u64,
}

/// What browsers commonly allow a site in local storage (5 MiB): an
/// estimate, as no browser tells.
pub const QUOTA_ESTIMATE: u64 = 5 * 1_048_576;

pub fn usage() -> Option<Usage> {
    let st = web_sys::window()?.local_storage().ok()??;
    let n = st.length().ok()?;
    let (mut ours, mut all) = (0, 0);
    for i in 0..n {
        let Some(key) = st.key(i).ok().flatten() else {
            continue;
        };
        // The value's length without copying it out of JavaScript.
        let len = js_sys::Reflect::get(&st, &JsValue::from_str(&key))
            .ok()
            .and_then(|v| v.dyn_into::<js_sys::JsString>().ok())
            .map(|s| u64::from(s.length()))
            .or_else(|| {
                st.get_item(&key)
                    .ok()
                    .flatten()
                    .map(|v| utf16::len(&v) as u64)
            })
            .unwrap_or(0);
        let bytes = 2 * (utf16::len(&key) as u64 + len);
        all += bytes;
        if key.starts_with(spanmark_core::storage::PREFIX) {
            ours += bytes;
        }
    }
    Some(Usage { ours, all })
}

/// An ISO 8601 time as the browser's local `YYYY-MM-DD HH:MM`.
pub fn local_time(iso: &str) -> String {
    let d = js_sys::Date::new(&JsValue::from_str(iso));
    if d.get_time().is_nan() {
        return iso.to_string();
    }
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}
