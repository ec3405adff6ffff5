//! enrich-hook: profile enrichment for Authgear blocking hooks.
//!
//! The crate is a sans-IO core — plan, parse, validate, merge — that native
//! `cargo test` covers whole; `wasm` (wasm32 only) binds it to the JS host.
//!
//! Flow: `hook::handle` reads the `config` and the `event`, asks each of
//! `sources` for candidate values of enriched `field`s, and `merge` writes,
//! per configured attribute, the first candidate that `validate` accepts.

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
pub mod providers;
pub mod session;
pub mod sources;
pub mod validate;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use hook::{handle, Outcome};
