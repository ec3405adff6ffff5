//! Minifies `src/providers/presets.json` (whitespace outside strings) into
//! OUT_DIR: the presets stay readable in the tree and cost fewer bytes in
//! the 100 KiB hook.

fn main() {
    let src = "src/providers/presets.json";
    println!("cargo:rerun-if-changed={src}");
    let text = std::fs::read_to_string(src).expect("presets.json");
    let (mut out, mut in_str, mut escaped) = (String::with_capacity(text.len()), false, false);
    for c in text.chars() {
        if in_str {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_str = false,
                _ => {}
            }
        } else if c == '"' {
            in_str = true;
            out.push(c);
        } else if !c.is_whitespace() {
            out.push(c);
        }
    }
    let dir = std::env::var("OUT_DIR").expect("OUT_DIR");
    std::fs::write(std::path::Path::new(&dir).join("presets.min.json"), out).expect("write presets.min.json");
}
