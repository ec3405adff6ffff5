//! Every answer a Rust test produces goes through the executable model of
//! Authgear's write path (`tests/oracle`, Go, built by `scripts/setup.sh`):
//! the response schema of the event type, both attribute maps re-validated
//! as authgear-server does after any mutation, stored values unchanged
//! unless the config's policy lets the hook write them. Tests call
//! `support::handle` and `support::start` instead of the crate's own entry
//! points (tests/layout.rs fails a test file that does not).

#![allow(dead_code)] // each test binary uses part of it

use enrich_hook::json::{self, Map, Value};
use enrich_hook::session::Session;
use enrich_hook::Outcome;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Mutex;

/// Where scripts/setup.sh builds it; `ENRICH_ORACLE` overrides (the fuzz crate).
fn oracle_path() -> String {
    std::env::var("ENRICH_ORACLE")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/target/oracle/authgear-oracle").into())
}

struct Oracle {
    _child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

static ORACLE_PROCESS: Mutex<Option<Oracle>> = Mutex::new(None);

fn spawn() -> Oracle {
    let path = oracle_path();
    if !std::path::Path::new(&path).exists() {
        // `cargo test` alone, without scripts/setup.sh first: build it.
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/oracle");
        let ok = Command::new("go").args(["build", "-o", &path, "."]).current_dir(dir).status();
        assert!(ok.is_ok_and(|s| s.success()), "cannot build the write-path oracle: run scripts/setup.sh");
    }
    let mut child =
        Command::new(&path).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().expect("the write-path oracle starts");
    let stdin = child.stdin.take().unwrap();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    Oracle { _child: child, stdin, stdout }
}

/// The oracle's verdict on `response` (the hook's answer text) to `event`
/// under `config` (the hook's config text); `project` declares custom
/// attributes the config does not (`{"name": {"type": …}}`), or is empty.
pub fn verdict(event: &str, config: &str, project: &str, response: &str) -> (bool, Vec<String>) {
    let mut req = Map::new();
    req.insert("event", Value::from(event));
    req.insert("response", Value::from(response));
    req.insert("config", json::parse(config).unwrap_or(Value::Null));
    let mut p = Map::new();
    p.insert("custom", json::parse(project).unwrap_or(Value::Object(Map::new())));
    req.insert("project", Value::Object(p));
    let line = Value::Object(req).to_json() + "\n";

    let mut guard = ORACLE_PROCESS.lock().unwrap_or_else(|e| e.into_inner());
    let oracle = guard.get_or_insert_with(spawn);
    oracle.stdin.write_all(line.as_bytes()).expect("oracle stdin");
    let mut answer = String::new();
    oracle.stdout.read_line(&mut answer).expect("oracle stdout");
    let v = json::parse(&answer).unwrap_or_else(|e| panic!("oracle answered {answer:?}: {e}"));
    let ok = v.get("ok") == Some(&Value::Bool(true));
    let errors = v.get("errors").and_then(Value::as_strings).unwrap_or_default();
    (ok, errors)
}

/// Fails the test unless Authgear would take `out` as the answer to `event`.
pub fn assert_accepted(event: &str, config: &str, project: &str, out: &Outcome) {
    let (ok, errors) = verdict(event, config, project, &out.response.to_json());
    assert!(ok, "Authgear's write path refuses {}:\n  {}", out.response, errors.join("\n  "));
}

/// `enrich_hook::handle`, its answer checked by the oracle.
pub fn handle(event: &str, config: &str) -> Outcome {
    handle_in(event, config, "")
}

/// `handle` for a project that declares more custom attributes than the config.
pub fn handle_in(event: &str, config: &str, project: &str) -> Outcome {
    let out = enrich_hook::handle(event, config);
    assert_accepted(event, config, project, &out);
    out
}

/// A session whose `finish` is checked by the oracle.
pub struct Checked {
    session: Session,
    event: String,
    config: String,
}

pub fn start(event: &str, config: &str) -> Checked {
    Checked { session: Session::start(event, config), event: event.into(), config: config.into() }
}

impl Checked {
    pub fn finish(self) -> Outcome {
        let out = self.session.finish();
        assert_accepted(&self.event, &self.config, "", &out);
        out
    }
}

impl std::ops::Deref for Checked {
    type Target = Session;
    fn deref(&self) -> &Session {
        &self.session
    }
}
impl std::ops::DerefMut for Checked {
    fn deref_mut(&mut self) -> &mut Session {
        &mut self.session
    }
}

/// A run through the Step boundary (src/step.rs), its final Step's answer
/// checked by the oracle whenever one comes.
pub struct CheckedRun {
    run: enrich_hook::step::Run,
    event: String,
    config: String,
}

/// `Run::start`: the run and its first Step (checked if it is the last).
pub fn run(event: &str, config: &str, options: &str) -> (CheckedRun, Value) {
    let (run, step) = enrich_hook::step::Run::start(event, config, options);
    let r = CheckedRun { run, event: event.into(), config: config.into() };
    r.check(&step);
    (r, step)
}

impl CheckedRun {
    /// `Run::answer_json`, its Step checked if it is the last.
    pub fn answer(&mut self, id: usize, outcome: &str, body: &str) -> Value {
        let step = self.run.answer_json(id, outcome, body);
        self.check(&step);
        step
    }

    /// Whether the run has given its final answer.
    pub fn is_done(&self) -> bool {
        self.run.is_done()
    }

    fn check(&self, step: &Value) {
        if let Some(response) = step.get("done").and_then(|d| d.get("response")) {
            let (ok, errors) = verdict(&self.event, &self.config, "", &response.to_json());
            assert!(ok, "Authgear's write path refuses {response}:\n  {}", errors.join("\n  "));
        }
    }
}
