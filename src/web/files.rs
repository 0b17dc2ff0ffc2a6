//! Reading picked files and downloading generated ones.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, File, HtmlAnchorElement, Url};

use super::dom::document;

/// Files larger than this are refused before reading: a native export of a
/// novel with 10,000 annotations is a few MB.
pub const MAX_IMPORT_MB: u32 = 64;

/// Reads a file as UTF-8 text.
pub async fn read_text(file: &File) -> Result<String, String> {
    let mb = (file.size() / 1_048_576.0).ceil() as u32;
    if mb > MAX_IMPORT_MB {
        return Err(format!(
            "{} is {mb} MB; files over {MAX_IMPORT_MB} MB are refused.",
            file.name()
        ));
    }
    let v = JsFuture::from(file.text())
        .await
        .map_err(|e| format!("{} could not be read ({}).", file.name(), reason(&e)))?;
    v.as_string()
        .ok_or_else(|| format!("{} could not be read as text.", file.name()))
}

fn reason(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

/// Offers `content` as a download named `name`.
pub fn download(name: &str, mime: &str, content: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(content));
    let blob = Blob::new_with_str_sequence_and_options(&parts, &props(mime)).map_err(fail)?;
    offer(name, &blob)
}

/// Offers `bytes` as a download named `name` (exports that are not one
/// string, such as a tar archive).
pub fn download_bytes(name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &props(mime)).map_err(fail)?;
    offer(name, &blob)
}

fn props(mime: &str) -> BlobPropertyBag {
    let opts = BlobPropertyBag::new();
    opts.set_type(mime);
    opts
}

fn fail(e: JsValue) -> String {
    format!("The download could not start ({}).", reason(&e))
}

fn offer(name: &str, blob: &Blob) -> Result<(), String> {
    let url = Url::create_object_url_with_blob(blob).map_err(fail)?;
    let doc = document().ok_or("no document")?;
    let a: HtmlAnchorElement = doc
        .create_element("a")
        .map_err(fail)?
        .dyn_into()
        .map_err(|_| "no anchor element".to_string())?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // Revoking at once can cancel the download; give the browser a moment.
    super::dom::later(10_000, move || {
        let _ = Url::revoke_object_url(&url);
    });
    Ok(())
}
