//! Live sources are data: a provider spec says how to build the request, how
//! to tell success from failure, and where each enriched field is in the
//! answer. One engine (`request`, `response`) runs every spec: the built-in
//! presets (`presets.json`) and any the admin declares in the config.

mod request;
mod response;
mod spec;

pub use request::{build, Inputs, Request};
pub use response::{judge, Verdict};
pub use spec::{parse_entry, Extract, Input, Provider, DEFAULT_TIMEOUT_MS, EXTRACT_KEYS, KEYS, TIMEOUT_MS};

/// The presets, as JSON in the same format an admin writes (`presets.json`).
/// Minified by `build.rs`.
pub const PRESETS: &str = include_str!(concat!(env!("OUT_DIR"), "/presets.min.json"));
