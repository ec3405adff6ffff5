//! One hook invocation: event + config in, Authgear response out, with
//! diagnostics and an explanation. Every failure degrades to
//! `{"is_allowed": true}`; nothing here can make the signup fail.

use crate::merge::Explained;
use crate::{config, diag, event, merge, sources};
use crate::json::{Map, Value};

pub struct Outcome {
    pub response: Value,
    pub diagnostics: Vec<String>,
    pub explained: Vec<Explained>,
    /// Event-wide notes for explain: which sources gave nothing and why.
    pub notes: Vec<String>,
}

pub fn handle(event_json: &str, config_json: &str) -> Outcome {
    let mut out = Outcome { response: allowed(None), diagnostics: vec![], explained: vec![], notes: vec![] };
    let cfg = match config::parse(config_json) {
        Ok(c) => c,
        Err(errors) => {
            let n = errors.len();
            let more = if n > 1 { format!(" (and {} more: {})", n - 1, errors[1..].join("; ")) } else { String::new() };
            out.diagnostics.push(format!("bad config, enrichment is off: {}{more}", errors[0]));
            return out;
        }
    };
    let parsed = crate::json::parse(event_json)
        .map_err(|e| format!("event is not JSON: {e}"))
        .and_then(|v| event::parse(&v, &mut out.diagnostics));
    let ev = match parsed {
        Ok(ev) => ev,
        Err(e) => {
            out.diagnostics.push(format!("malformed event, answering without enrichment: {e}"));
            return out;
        }
    };
    if ev.kind != "user.pre_create" {
        out.notes.push(format!("event type {}: nothing to do", ev.kind));
        return out;
    }
    let cands = sources::collect(&ev, &cfg, &mut out.notes);
    let (user, explained) = merge::merge(&ev.user, &cfg.targets, &cands, &mut out.diagnostics);
    out.explained = explained;
    if !user.is_empty() {
        out.response = allowed(Some(user));
    }
    out
}

/// `{"is_allowed": true}`, with `mutations.user` when there is something to change.
fn allowed(user: Option<Map>) -> Value {
    let mut r = Map::new();
    r.insert("is_allowed", Value::Bool(true));
    if let Some(user) = user {
        let mut m = Map::new();
        m.insert("user", Value::Object(user));
        r.insert("mutations", Value::Object(m));
    }
    Value::Object(r)
}

impl Outcome {
    /// `{"response", "diagnostics", "explain"?, "notes"?}` as one JSON
    /// string: one crossing of the wasm boundary each way.
    pub fn to_json(&self, explain: bool) -> String {
        let scrubbed = |lines: &[String]| Value::from(lines.iter().map(|d| diag::scrub(d)).collect::<Vec<_>>());
        let mut o = Map::new();
        o.insert("response", self.response.clone());
        o.insert("diagnostics", scrubbed(&self.diagnostics));
        if explain {
            let rows = self.explained.iter().map(|e| {
                let mut r = Map::new();
                r.insert("attribute", Value::from(e.attribute.as_str()));
                r.insert("field", Value::from(e.field));
                r.insert("outcome", Value::from(e.outcome));
                r.insert("value", e.value.clone().unwrap_or(Value::Null));
                r.insert("source", Value::from(e.source.clone()));
                r.insert("notes", scrubbed(&e.notes));
                Value::Object(r)
            });
            o.insert("explain", Value::Array(rows.collect()));
            o.insert("notes", scrubbed(&self.notes));
        }
        let mut s = String::new();
        Value::Object(o).write(&mut s);
        s
    }
}
