//! The wasm boundary: the sans-IO `Session` behind a handle the JS shim
//! holds. Every call is synchronous, so a trap surfaces as an exception at
//! the call site, where the shim catches it. The shim owns the waiting
//! (racing answers against the deadline); the core decides everything else
//! and performs each request through the host's `fetch` (`host`).

use crate::prelude::*;
mod alloc;
mod host;

use crate::session::{Session, Timing};

fn retry(delay: Option<u32>) -> i32 {
    delay.map_or(-1, |d| d as i32)
}
use js_sys::Promise;
use wasm_bindgen::prelude::*;

/// A panic is a bug: trap, and let the shim start a fresh instance.
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

#[wasm_bindgen]
pub struct Hook {
    session: Session,
}

/// Parse event and config (JSON), run the offline sources, plan live requests.
#[wasm_bindgen]
pub fn start(event: &str, config: &str) -> Hook {
    Hook { session: Session::start(event, config) }
}

#[wasm_bindgen]
impl Hook {
    /// Ids of the planned requests (empty: nothing to fetch).
    pub fn planned(&self) -> Vec<u32> {
        self.session.pending_ids().map(|id| id as u32).collect()
    }

    /// Overall deadline in ms, counted from the hook's call.
    pub fn deadline_ms(&self) -> u32 {
        self.session.deadline_ms()
    }

    /// Per-attempt timeout of request `id` in ms.
    pub fn timeout_ms(&self, id: u32) -> u32 {
        self.session.request(id as usize).map_or(0, |r| r.timeout_ms)
    }

    /// Send request `id` through the host's `fetch`, abortable by `signal`.
    pub fn fetch(&self, id: u32, signal: &web_sys::AbortSignal) -> Option<Promise> {
        self.session.request(id as usize).map(|r| host::fetch(r, signal))
    }

    /// An HTTP answer (body already read, capped). Returns the ms after
    /// which to try `id` again, or -1: the core decides (`Session::on_response`).
    pub fn on_response(
        &mut self,
        id: u32,
        status: u16,
        retry_after: Option<String>,
        body: &str,
        elapsed_ms: f64,
        attempt_ms: f64,
    ) -> i32 {
        let t = Timing { elapsed_ms, attempt_ms };
        retry(self.session.on_response(id as usize, status, retry_after.as_deref(), body, t))
    }

    /// No HTTP answer: network error, timeout, oversized body, deadline.
    /// Returns as `on_response`.
    pub fn on_error(&mut self, id: u32, why: &str, network: bool, elapsed_ms: f64, attempt_ms: f64) -> i32 {
        retry(self.session.on_error(id as usize, why, network, Timing { elapsed_ms, attempt_ms }))
    }

    /// Pending requests that can no longer change the result (abort them).
    pub fn unneeded(&self) -> Vec<u32> {
        self.session.unneeded().into_iter().map(|i| i as u32).collect()
    }

    pub fn abandon(&mut self, id: u32, why: &str) {
        self.session.abandon(id as usize, why);
    }

    /// `{"response", "diagnostics", "explain"?, "notes"?}` as one JSON string.
    pub fn finish(self, explain: bool) -> String {
        self.session.finish().to_json(explain)
    }
}
