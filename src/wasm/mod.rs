//! The wasm boundary: one message each way (src/step.rs). `start` reads the
//! event and the config and answers with the first Step; `answer` takes one
//! request's outcome and answers with the next. Steps are JSON strings; a run
//! still going carries its number (`"run"`), which `answer` takes back. Every
//! call is synchronous, so a trap surfaces as an exception at the call site,
//! where the TypeScript (js-shim/driver.ts) catches it.

use crate::prelude::*;
mod alloc;

use crate::json::Value;
use crate::step::Run;
use core::cell::RefCell;
use wasm_bindgen::prelude::*;

/// A panic is a bug: trap, and let the shim start a fresh instance.
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

/// The runs between their `start` and their final Step, by number. A host
/// may run several at once (the backfill does); a finished run's slot is reused.
struct Runs(RefCell<Vec<Option<Run>>>);
// wasm32 without threads: one caller at a time.
unsafe impl Sync for Runs {}
static RUNS: Runs = Runs(RefCell::new(Vec::new()));

/// A Step as JSON; a run still going is kept, and the Step carries its number.
fn keep(run: Run, mut step: Value, slot: Option<usize>) -> String {
    if !run.is_done() {
        let mut runs = RUNS.0.borrow_mut();
        let n = slot.or_else(|| runs.iter().position(Option::is_none)).unwrap_or(runs.len());
        if n == runs.len() {
            runs.push(None);
        }
        runs[n] = Some(run);
        if let Value::Object(m) = &mut step {
            m.insert("run", Value::Number(crate::pieces::int(n as i64)));
        }
    }
    step.to_json()
}

/// Read the event and the config (JSON) and plan: the first Step.
/// `options`: `{"explain"?, "deadlineCapMs"?, "elapsedMs"?}` (`Run::start`).
#[wasm_bindgen]
pub fn start(event: &str, config: &str, options: &str) -> String {
    let (run, step) = Run::start(event, config, options);
    keep(run, step, None)
}

/// Request `id` of run `run` ended (`outcome` as `Run::answer_json` reads
/// it; `body`: the answer's body, read up to the Step's `bodyCap`): the next Step.
#[wasm_bindgen]
pub fn answer(run: u32, id: u32, outcome: &str, body: &str) -> String {
    let taken = RUNS.0.borrow_mut().get_mut(run as usize).and_then(Option::take);
    let Some(mut r) = taken else {
        return crate::step::done_again().to_json();
    };
    let step = r.answer_json(id as usize, outcome, body);
    keep(r, step, Some(run as usize))
}

/// The config's problems, as the hook would log them (the Node twin only:
/// the backfill and local tools check a config before using it):
/// `{"errors": [...], "warnings": [...], "custom": {...}}`; no errors, a config the hook runs.
#[cfg(feature = "explain")]
#[wasm_bindgen(js_name = checkConfig)]
pub fn check_config(config: &str) -> String {
    crate::config::check(config).to_json()
}

/// The tables a config is written from (the configurator page, through the
/// Node twin): `configurator::catalog`.
#[cfg(feature = "explain")]
#[wasm_bindgen]
pub fn catalog() -> String {
    crate::configurator::catalog().to_json()
}

/// Authgear's verdict on an answer, as the core models Authgear
/// (`configurator::verdict`): `{"ok", "lines"}`.
#[cfg(feature = "explain")]
#[wasm_bindgen]
pub fn verdict(event: &str, config: &str, response: &str, project: &str) -> String {
    crate::configurator::verdict(event, config, response, project).to_json()
}
