//! The outcome of one hook invocation: the Authgear response, diagnostics
//! and an explanation. Every failure degrades to `{"is_allowed": true}`.

use crate::diag;
use crate::json::{Map, Value};
use crate::merge::Explained;
use crate::prelude::*;

/// One invocation's result: the answer to Authgear and what to log.
pub struct Outcome {
    /// The hook's answer (`is_allowed`, `mutations`).
    pub response: Value,
    /// One line each for the log, scrubbed on the way out.
    pub diagnostics: Vec<String>,
    /// Per configured attribute, for explain mode.
    pub explained: Vec<Explained>,
    /// Event-wide notes for explain: which sources gave nothing and why.
    pub notes: Vec<String>,
    /// A login run's budget (`adminApi.timeoutMs` as read): the host's
    /// Admin API calls fit in what the run has not used of it.
    pub login_budget_ms: Option<u32>,
}

impl Outcome {
    /// `{"is_allowed": true}`, nothing else.
    pub fn allow() -> Outcome {
        Outcome {
            response: allowed(None),
            diagnostics: vec![],
            explained: vec![],
            notes: vec![],
            login_budget_ms: None,
        }
    }
}

/// `{"is_allowed": true}`, with `mutations` when there is something to change.
pub(crate) fn allowed(mutations: Option<Map>) -> Value {
    let mut r = Map::new();
    r.insert("is_allowed", Value::Bool(true));
    if let Some(m) = mutations {
        r.insert("mutations", Value::Object(m));
    }
    Value::Object(r)
}

impl Outcome {
    /// `{"response", "diagnostics", "login"?, "explain"?, "notes"?}` as one JSON
    /// string: one crossing of the wasm boundary each way.
    /// Without the `explain` feature (the pasted hook's wasm), `explain` is ignored.
    pub fn to_json(&self, explain: bool) -> String {
        self.to_value(explain).to_json()
    }

    /// The same, as a value (the final Step carries it).
    pub fn to_value(&self, _explain: bool) -> Value {
        let scrubbed = |lines: &[String]| Value::from(lines.iter().map(|d| diag::scrub(d)).collect::<Vec<_>>());
        let mut o = Map::new();
        o.insert("response", self.response.clone());
        o.insert("diagnostics", scrubbed(&self.diagnostics));
        if let Some(ms) = self.login_budget_ms {
            let mut l = Map::new();
            l.insert("budgetMs", Value::Number(crate::pieces::int(ms as i64)));
            o.insert("login", Value::Object(l));
        }
        #[cfg(any(feature = "explain", not(target_arch = "wasm32")))]
        if _explain {
            let rows = self.explained.iter().map(|e| {
                let mut r = Map::new();
                r.insert("attribute", Value::from(e.attribute.as_str()));
                r.insert("field", Value::from(e.field));
                r.insert("outcome", Value::from(e.outcome.name()));
                r.insert("value", e.value.clone().unwrap_or(Value::Null));
                r.insert("source", Value::from(e.source.clone()));
                r.insert("notes", scrubbed(&e.notes));
                Value::Object(r)
            });
            o.insert("explain", Value::Array(rows.collect()));
            o.insert("notes", scrubbed(&self.notes));
        }
        Value::Object(o)
    }
}
