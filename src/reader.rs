//! Reading an admin's JSON — the config, and each provider entry in it —
//! into checked values: every problem becomes one line naming its path
//! (`config.sources[1].timeoutMs: …`), and a number out of range is clamped
//! with a warning, never an error (a slip in a number must not switch
//! enrichment off). `config` and `providers::spec` both read through it.

use crate::json::{Map, Value};
use crate::pieces::Piece;
use crate::prelude::*;
use concat::cat;

/// What reading found: errors (the config is refused) and warnings (a value was adjusted).
#[derive(Default)]
pub struct Reader {
    /// `path: why`, one per problem.
    pub errors: Vec<String>,
    /// `path: what was done`, one per adjusted value.
    pub warnings: Vec<String>,
}

impl Reader {
    /// A problem at `path`.
    pub fn err(&mut self, path: &str, msg: impl Piece) {
        self.errors.push(cat!("{path}: {msg}"));
    }

    /// `v` as an object, or an error.
    pub fn object<'v>(&mut self, path: &str, v: &'v Value) -> Option<&'v Map> {
        let o = v.as_object();
        if o.is_none() {
            self.err(path, cat!("expected an object, got {}", v.kind()));
        }
        o
    }

    /// `v` as a string, or an error.
    pub fn string(&mut self, path: &str, v: &Value) -> Option<String> {
        let s = v.as_str().map(str::to_string);
        if s.is_none() {
            self.err(path, "expected a string");
        }
        s
    }

    /// `v` as an array of strings, or an error (and none).
    pub fn strings(&mut self, path: &str, v: &Value) -> Vec<String> {
        v.as_strings().unwrap_or_else(|| {
            self.err(path, "expected an array of strings");
            vec![]
        })
    }

    /// `v` as true or false, or an error (and false).
    pub fn flag(&mut self, path: &str, v: &Value) -> bool {
        match v {
            Value::Bool(b) => *b,
            _ => {
                self.err(path, "expected true or false");
                false
            }
        }
    }

    /// `v` as an object of strings, or an error (and none).
    pub fn string_map(&mut self, path: &str, v: &Value) -> Vec<(String, String)> {
        match v.as_object() {
            Some(m) if m.iter().all(|(_, v)| v.is_string()) => {
                m.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string())).collect()
            }
            _ => {
                self.err(path, "expected an object of strings");
                vec![]
            }
        }
    }

    /// `v` as a number within `lo..=hi`: out of range, the nearest bound and a
    /// warning saying so; not a number, `None` (the caller says what it wanted).
    pub fn clamped(&mut self, path: &str, v: &Value, lo: f64, hi: f64) -> Option<f64> {
        let n = v.as_f64()?;
        let c = n.clamp(lo, hi);
        if c != n {
            let int = |n: f64| crate::pieces::int(n as i64);
            let side = if n < lo { "below" } else { "above" };
            self.warnings.push(cat!("{path}: {} is {side} {}..{}; {} is used", v.to_json(), int(lo), int(hi), int(c)));
        }
        Some(c)
    }
}
