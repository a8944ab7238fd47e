//! Small DOM helpers: downloads, the fatal-error screen, theme detection.

use wasm_bindgen::JsCast;

/// Saves `text` as a file called `name` (a Blob URL clicked on an `<a download>`; nothing leaves the machine).
pub fn download(name: &str, mime: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)
        .map_err(|e| format!("{e:?}"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| format!("{e:?}"))?;
    let r = download_url(name, &url);
    let _ = web_sys::Url::revoke_object_url(&url);
    r
}

/// Copies `text` to the clipboard: the asynchronous Clipboard API where the page may use it
/// (a secure context: `https:`, `localhost`), else a hidden text area and the `copy` command
/// (a page opened from `file://`). `Err` says why neither worked.
pub async fn copy_text(text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    if window.is_secure_context() {
        let promise = window.navigator().clipboard().write_text(text);
        if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
            return Ok(());
        }
    }
    let doc: web_sys::HtmlDocument = window.document().ok_or("no document")?.unchecked_into();
    let area: web_sys::HtmlTextAreaElement = doc
        .create_element("textarea")
        .map_err(|e| format!("{e:?}"))?
        .unchecked_into();
    area.set_value(text);
    area.set_attribute("readonly", "").ok();
    area.set_attribute("style", "position:fixed;top:0;left:0;opacity:0")
        .ok();
    let body = doc.body().ok_or("no body")?;
    body.append_child(&area).map_err(|e| format!("{e:?}"))?;
    area.select();
    let copied = doc.exec_command("copy").unwrap_or(false);
    area.remove();
    if copied {
        Ok(())
    } else {
        Err("the browser did not allow copying; use Download instead".into())
    }
}

/// Saves what `url` (a `blob:` or `data:` URL made in this page) points to as `name`.
pub fn download_url(name: &str, url: &str) -> Result<(), String> {
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = doc
        .create_element("a")
        .map_err(|e| format!("{e:?}"))?
        .unchecked_into();
    a.set_href(url);
    a.set_download(name);
    a.click();
    Ok(())
}

/// Replaces the page with a readable error (used by the panic hook: the reactive system may be gone).
pub fn show_fatal(detail: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = doc.body() else { return };
    let Ok(div) = doc.create_element("div") else {
        return;
    };
    div.set_id("fatal");
    div.set_class_name("fatal");
    div.set_attribute("role", "alert").ok();
    let title = doc.create_element("h2").ok();
    if let Some(t) = &title {
        t.set_text_content(Some("Something went wrong inside driftcard"));
        let _ = div.append_child(t);
    }
    if let Ok(p) = doc.create_element("p") {
        p.set_text_content(Some("Your data never left this page. Reload to start again; if it happens again with the same files, please report the message below."));
        let _ = div.append_child(&p);
    }
    if let Ok(pre) = doc.create_element("pre") {
        pre.set_text_content(Some(detail));
        let _ = div.append_child(&pre);
    }
    let _ = body.prepend_with_node_1(&div);
}

/// `true` when the user prefers a dark colour scheme.
pub fn prefers_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// The device pixel ratio (≥ 1).
pub fn device_pixel_ratio() -> f64 {
    web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .unwrap_or(1.0)
        .max(1.0)
}
