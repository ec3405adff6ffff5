//! enrich-hook: profile enrichment for Authgear blocking hooks.
//!
//! The crate is a sans-IO core — plan, parse, validate, merge — that native
//! `cargo test` covers whole; `wasm` (wasm32 only) binds it to the JS host.
//!
//! Flow, one way: `event` and `config` are read (into `model`'s types);
//! `session` plans the `sources` (offline ones answer at once, live ones are
//! `providers` specs whose requests the host performs), extracts candidate
//! values of enriched `field`s from the answers, and `merge` writes, per
//! configured attribute, the first candidate `validate` accepts; the
//! `outcome` is the answer to Authgear.

// The wasm build has no use for std (its panic and allocator machinery cost
// more than the rest of the hook): core + alloc, a trapping panic handler and
// a small allocator (wasm/alloc.rs). Native builds and tests use std.
#![cfg_attr(target_arch = "wasm32", no_std)]
// Every public item says what it is for (clippy's -D warnings makes it an error).
#![warn(missing_docs)]
extern crate alloc;

/// A line for explain mode (`enrich(e, { explain: true })`), pushed onto
/// `$notes`. Compiled out of the pasted hook, which answers and logs but
/// never explains: only the Node twin's wasm (feature `explain`) and native
/// builds keep the text and the work of making it.
macro_rules! note {
    ($notes:expr, $line:expr) => {
        #[cfg(any(feature = "explain", not(target_arch = "wasm32")))]
        $notes.push($line);
    };
}

/// What std's prelude gives, for the no_std build.
mod prelude {
    pub use alloc::boxed::Box;
    pub use alloc::string::{String, ToString};
    pub use alloc::vec;
    pub use alloc::vec::Vec;
}

pub mod config;
#[cfg(any(feature = "explain", not(target_arch = "wasm32")))]
pub mod configurator;
pub mod data;
pub mod diag;
pub mod digest;
pub mod event;
pub mod field;
pub mod json;
pub mod login;
pub mod merge;
pub mod model;
pub mod net;
pub mod outcome;
pub mod pieces;
pub mod progressive;
pub mod providers;
pub mod reader;
pub mod revalidation;
pub mod session;
pub mod sources;
pub mod status;
pub mod step;
pub mod validate;

#[cfg(target_arch = "wasm32")]
mod wasm;

/// The wasm allocator, run natively by `crosscheck` over a stand-in arena.
#[cfg(all(test, not(target_arch = "wasm32")))]
#[path = "wasm/alloc.rs"]
mod alloc_under_test;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod crosscheck;

pub use outcome::Outcome;
pub use session::handle;
