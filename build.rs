//! Minifies `src/providers/presets.json` into OUT_DIR with a real JSON
//! parser (serde_json, a build dependency: nothing of it enters the wasm):
//! the presets stay readable in the tree and cost fewer bytes in the
//! 100 KiB hook. Key order is kept (`preserve_order`): the core lists
//! presets in the order the file gives them.

fn main() {
    let src = "src/providers/presets.json";
    println!("cargo:rerun-if-changed={src}");
    let text = std::fs::read_to_string(src).expect("presets.json");
    let value: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{src}: {e}"));
    let dir = std::env::var("OUT_DIR").expect("OUT_DIR");
    let min = serde_json::to_string(&value).expect("JSON");
    std::fs::write(std::path::Path::new(&dir).join("presets.min.json"), min).expect("write presets.min.json");
}
