//! The core's conversation with its host, one message each way: `start`
//! (the event, the config, the run's options) answers with a `Step`; the
//! host does what it says and reports each request's outcome with
//! `answer`, which answers with the next `Step`. A Step names the requests
//! to send now — each with its source's name and input, whether it carries
//! a key, its timeout and the delay before it (a retry) — the requests to
//! abort (no longer needed), or the final answer. The host keeps no rule of
//! its own: which source, in what order, retried or not, all is decided here.

use crate::json::{Map, Value};
use crate::prelude::*;
use crate::providers::Input;
use crate::session::{Limits, NoAnswer, Session, Timing, BODY_CAP};
use concat::cat;

/// One run between its `start` and its final answer.
pub struct Run {
    session: Option<Session>,
    /// Requests sent and not yet answered.
    running: Vec<usize>,
    explain: bool,
}

/// How the host reports a request: an HTTP answer, or why there is none.
pub enum Outcome<'a> {
    /// An HTTP answer.
    Http {
        /// Its status.
        status: u16,
        /// Its `Retry-After`, if any.
        retry_after: Option<&'a str>,
        /// Its body, read up to `BODY_CAP`.
        body: &'a str,
    },
    /// No answer: why, and a known cause of a network error.
    None(NoAnswer, &'a str),
}

impl Run {
    /// Read the event and the config; `options`: `{"explain": bool,
    /// "deadlineCapMs": n, "elapsedMs": n}` (`Limits`). Returns the run and its first Step.
    pub fn start(event: &str, config: &str, options: &str) -> (Run, Value) {
        let opts = crate::json::parse(options).unwrap_or(Value::Null);
        let ms = |k: &str| opts.get(k).and_then(Value::as_f64).unwrap_or(0.0).clamp(0.0, u32::MAX as f64) as u32;
        let limits = Limits { cap_ms: ms("deadlineCapMs"), elapsed_ms: ms("elapsedMs") };
        let session = Session::start_with(event, config, limits);
        let mut run =
            Run { session: Some(session), running: vec![], explain: opts.get("explain") == Some(&Value::Bool(true)) };
        let step = run.next(vec![], vec![]);
        (run, step)
    }

    /// `id`'s outcome, after `t` (ms since the hook was called, and the attempt's own).
    pub fn answer(&mut self, id: usize, outcome: Outcome, t: Timing) -> Value {
        let Some(s) = self.session.as_mut() else { return done_again() };
        if !self.running.contains(&id) {
            return self.next(vec![], vec![]);
        }
        self.running.retain(|&r| r != id);
        let retry = match outcome {
            Outcome::Http { status, retry_after, body } => s.on_response(id, status, retry_after, body, t),
            Outcome::None(NoAnswer::Deadline, _) => {
                // The deadline is the run's: every request still out is over.
                for r in core::mem::take(&mut self.running).into_iter().chain([id]) {
                    s.on_error(r, NoAnswer::Deadline, "", t);
                }
                return self.finish();
            }
            Outcome::None(kind, detail) => s.on_error(id, kind, detail, t),
        };
        let again = retry.map(|delay| (id, delay)).into_iter().collect();
        // Requests no longer needed: the host aborts them; they count as abandoned, not failed.
        let abort: Vec<usize> = s.unneeded().into_iter().filter(|i| self.running.contains(i)).collect();
        for &i in &abort {
            s.on_error(i, NoAnswer::Unneeded, "", t);
            self.running.retain(|&r| r != i);
        }
        self.next(again, abort)
    }

    /// `answer` with the outcome as the host writes it: `{"status", "retryAfter"?,
    /// "elapsedMs", "ms"}` for an HTTP answer (its `body` apart: no escaping),
    /// or `{"error": <NoAnswer name>, "detail"?, "elapsedMs", "ms"}`.
    pub fn answer_json(&mut self, id: usize, outcome: &str, body: &str) -> Value {
        let o = crate::json::parse(outcome).unwrap_or(Value::Null);
        // A timing the core cannot read (absent, or not exact: the host sends
        // whole ms) counts as all the time spent: nothing new starts on a
        // clock it cannot read.
        let num = |k: &str| o.get(k).and_then(Value::as_f64).unwrap_or(f64::INFINITY);
        let t = Timing { elapsed_ms: num("elapsedMs"), attempt_ms: num("ms") };
        let text = |k: &str| o.get(k).and_then(Value::as_str);
        let outcome = match (o.get("status").and_then(Value::as_f64), text("error")) {
            (Some(status), None) if (0.0..=999.0).contains(&status) => {
                Outcome::Http { status: status as u16, retry_after: text("retryAfter"), body }
            }
            (None, Some(name)) => match NoAnswer::named(name) {
                Some(kind) => Outcome::None(kind, text("detail").unwrap_or_default()),
                None => Outcome::None(NoAnswer::Network, "an outcome the core does not know"),
            },
            _ => Outcome::None(NoAnswer::Network, "an outcome the core does not know"),
        };
        self.answer(id, outcome, t)
    }

    /// The Step after an answer: `again` (retries, with their delays), the
    /// newly released requests, the aborts; or, with nothing out, the end.
    fn next(&mut self, again: Vec<(usize, u32)>, abort: Vec<usize>) -> Value {
        let Some(s) = self.session.as_ref() else { return done_again() };
        let mut send: Vec<(usize, u32)> = again;
        for id in s.pending_ids() {
            if !self.running.contains(&id) && !send.iter().any(|(i, _)| *i == id) {
                send.push((id, 0));
            }
        }
        self.running.extend(send.iter().map(|(i, _)| *i));
        if self.running.is_empty() {
            return self.finish();
        }
        let num = |n: u32| Value::Number(crate::pieces::int(n as i64));
        let requests = send.into_iter().filter_map(|(id, delay)| {
            let (r, p) = (s.request(id)?, s.provider(id)?);
            let mut o = Map::new();
            o.insert("id", num(id as u32));
            o.insert("source", Value::from(p.name.as_str()));
            o.insert(
                "input",
                Value::from(match p.input {
                    Input::Ip => "ip",
                    Input::Email => "email",
                    Input::Domain => "domain",
                }),
            );
            o.insert("keyed", Value::Bool(p.key.as_deref().is_some_and(|k| !k.is_empty())));
            o.insert("method", Value::from(r.method.as_str()));
            o.insert("url", Value::from(r.url.as_str()));
            o.insert(
                "headers",
                Value::Object(r.headers.iter().map(|(k, v)| (k.clone(), Value::from(v.as_str()))).collect()),
            );
            if let Some(b) = &r.body {
                o.insert("body", Value::from(b.as_str()));
            }
            o.insert("timeoutMs", num(r.timeout_ms));
            o.insert("delayMs", num(delay));
            Some(Value::Object(o))
        });
        let mut step = Map::new();
        step.insert("send", Value::Array(requests.collect()));
        step.insert("abort", Value::Array(abort.into_iter().map(|i| num(i as u32)).collect()));
        step.insert("deadlineMs", num(s.deadline_ms()));
        step.insert("bodyCap", num(BODY_CAP));
        Value::Object(step)
    }

    /// The final Step: `{"done": {"response", "diagnostics", "explain"?, "notes"?}}`.
    fn finish(&mut self) -> Value {
        let Some(s) = self.session.take() else { return done_again() };
        self.running.clear();
        let out = s.finish();
        let mut step = Map::new();
        step.insert("done", out.to_value(self.explain));
        Value::Object(step)
    }

    /// Whether the run has given its final answer.
    pub fn is_done(&self) -> bool {
        self.session.is_none()
    }
}

/// A call after the end (or for a run that does not exist): the host's mistake, said, and the safe answer.
pub fn done_again() -> Value {
    let mut done = Map::new();
    let mut r = Map::new();
    r.insert("is_allowed", Value::Bool(true));
    done.insert("response", Value::Object(r));
    done.insert("diagnostics", Value::from(vec![cat!("internal error: an answer after the run ended")]));
    let mut step = Map::new();
    step.insert("done", Value::Object(done));
    Value::Object(step)
}
