//! enrich-hook: profile enrichment for Authgear blocking hooks.
//!
//! The crate is a sans-IO core — plan, parse, validate, merge — that native
//! `cargo test` covers whole; `wasm` (wasm32 only) binds it to the JS host.
//!
//! Flow: `hook::handle` reads the `config` and the `event`, asks each of
//! `sources` for candidate values of enriched `field`s, and `merge` writes,
//! per configured attribute, the first candidate that `validate` accepts.

// The wasm build has no use for std (its panic and allocator machinery cost
// more than the rest of the hook): core + alloc, a trapping panic handler and
// a small allocator (wasm/alloc.rs). Native builds and tests use std.
#![cfg_attr(target_arch = "wasm32", no_std)]
extern crate alloc;

/// What std's prelude gives, for the no_std build.
mod prelude {
    pub use alloc::boxed::Box;
    pub use alloc::string::{String, ToString};
    pub use alloc::vec;
    pub use alloc::vec::Vec;
}

pub mod config;
pub mod data;
pub mod diag;
pub mod event;
pub mod field;
pub mod hash;
pub mod hook;
pub mod json;
pub mod merge;
pub mod net;
pub mod progressive;
pub mod providers;
pub mod session;
pub mod sources;
pub mod text;
pub mod validate;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use hook::{handle, Outcome};
