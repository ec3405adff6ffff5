//! The wasm boundary: the sans-IO `Session` behind a handle the JS shim
//! holds. Every call is synchronous, so a trap surfaces as an exception at
//! the call site, where the shim catches it. The core plans (`plan`: one
//! object with every request, its timeout and the deadline) and decides;
//! the shim performs the requests with the host's `fetch`, waits, and
//! reports each outcome back by id: an HTTP answer, or a `NoAnswer` code.

use crate::prelude::*;
mod alloc;

use crate::session::{NoAnswer, Session, Timing};
use wasm_bindgen::prelude::*;

fn retry(delay: Option<u32>) -> i32 {
    delay.map_or(-1, |d| d as i32)
}

/// A panic is a bug: trap, and let the shim start a fresh instance.
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

#[wasm_bindgen]
pub struct Hook {
    session: Session,
}

/// Parse event and config (JSON), run the offline sources, plan live
/// requests; `deadline_cap_ms` (0: none) shortens the config's deadline.
#[wasm_bindgen]
pub fn start(event: &str, config: &str, deadline_cap_ms: u32) -> Hook {
    Hook { session: Session::start_capped(event, config, deadline_cap_ms) }
}

/// The config's problems, as the hook would log them (the Node twin only:
/// the backfill and local tools check a config before using it):
/// `{"errors": [...], "warnings": [...]}`; no errors, a config the hook runs.
#[cfg(feature = "explain")]
#[wasm_bindgen(js_name = checkConfig)]
pub fn check_config(config: &str) -> String {
    crate::config::check(config).to_json()
}

#[wasm_bindgen]
impl Hook {
    /// The plan as JSON (`Session::host_plan`); no requests: nothing to fetch.
    pub fn plan(&self) -> String {
        self.session.host_plan().to_json()
    }

    /// An HTTP answer (body already read, capped). Returns the ms after
    /// which to try `id` again, or -1: the core decides (`Session::on_response`).
    #[wasm_bindgen(js_name = onResponse)]
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

    /// No HTTP answer, and why (`detail`: a network error's known cause).
    /// Returns as `onResponse`.
    #[wasm_bindgen(js_name = onError)]
    pub fn on_error(&mut self, id: u32, kind: NoAnswer, detail: &str, elapsed_ms: f64, attempt_ms: f64) -> i32 {
        retry(self.session.on_error(id as usize, kind, detail, Timing { elapsed_ms, attempt_ms }))
    }

    /// Pending requests that can no longer change the result (abort them,
    /// then report each as `NoAnswer.Unneeded`).
    pub fn unneeded(&self) -> Vec<u32> {
        self.session.unneeded().into_iter().map(|i| i as u32).collect()
    }

    /// `{"response", "diagnostics", "explain"?, "notes"?}` as one JSON string.
    pub fn finish(self, explain: bool) -> String {
        self.session.finish().to_json(explain)
    }
}
