//! Reading picked files and downloading generated ones.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, File, HtmlAnchorElement, Url};

use super::dom::document;

/// Files larger than this are refused before reading: a native export of a
/// novel with 10,000 annotations is a few MB.
pub const MAX_IMPORT_BYTES: f64 = 64.0 * 1024.0 * 1024.0;

/// Reads a file as UTF-8 text.
pub async fn read_text(file: &File) -> Result<String, String> {
    if file.size() > MAX_IMPORT_BYTES {
        return Err(format!(
            "{} is {:.0} MB; files over {:.0} MB are refused.",
            file.name(),
            file.size() / 1048576.0,
            MAX_IMPORT_BYTES / 1048576.0
        ));
    }
    let v = JsFuture::from(file.text())
        .await
        .map_err(|e| format!("{} could not be read ({e:?}).", file.name()))?;
    v.as_string()
        .ok_or_else(|| format!("{} could not be read as text.", file.name()))
}

/// Offers `content` as a download named `name`.
pub fn download(name: &str, mime: &str, content: &str) -> Result<(), String> {
    let fail = |e: JsValue| format!("The download could not start ({e:?}).");
    let parts = js_sys::Array::of1(&JsValue::from_str(content));
    let opts = BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &opts).map_err(fail)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(fail)?;
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
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = Url::revoke_object_url(&url);
    });
    if let Some(w) = web_sys::window() {
        let _ =
            w.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 10_000);
    }
    Ok(())
}
