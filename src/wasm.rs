//! The wasm boundary: JSON strings in, one JSON string out. One crossing each
//! way keeps the glue small and the call cheap.

use wasm_bindgen::prelude::*;

/// Run the hook on `event` (JSON) with `config` (JSON). Returns
/// `{"response": …, "diagnostics": […], "explain"?: […], "notes"?: […]}`.
#[wasm_bindgen]
pub fn handle(event: &str, config: &str, explain: bool) -> String {
    crate::hook::handle(event, config).to_json(explain)
}
