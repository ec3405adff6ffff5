//! The one host call the core makes itself: the global `fetch` (Deno 1.41+,
//! Deno 2, Node 20 all have it; none of them need `window`). Declared here
//! rather than taken from web-sys, so the glue holds just this call.

use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch, catch)]
    fn global_fetch(url: &str, init: &Object) -> Result<Promise, JsValue>;
}

fn set(obj: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &key.into(), value);
}

/// Start `req` with the caller's abort `signal`; never follows redirects (a
/// redirect could lead to a private host or to another provider).
pub fn fetch(req: &crate::providers::Request, signal: &web_sys::AbortSignal) -> Promise {
    let init = Object::new();
    set(&init, "method", &req.method.as_str().into());
    let headers = Object::new();
    for (k, v) in &req.headers {
        set(&headers, k, &v.as_str().into());
    }
    set(&init, "headers", &headers);
    if let Some(b) = &req.body {
        set(&init, "body", &b.as_str().into());
    }
    set(&init, "redirect", &"manual".into());
    set(&init, "signal", signal);
    // A host that throws instead of rejecting still fails only this source.
    global_fetch(&req.url, &init).unwrap_or_else(|e| Promise::reject(&e))
}
