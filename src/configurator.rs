//! What the configurator page asks the core besides a run (the Node twin's
//! core only, feature `explain`): the tables its form is built from — the
//! same ones the hook reads a config with — and Authgear's verdict on an
//! answer, as the core models Authgear (`revalidation`), against the
//! project's custom attributes when the admin gave them. Nothing here is a
//! second copy of a rule: each entry is read off the table the core uses.

use crate::config::{self, Config};
use crate::event::{self, Kind, Via};
use crate::field::Field;
use crate::json::{Map, Value};
use crate::model::{self, Policy};
use crate::prelude::*;
use crate::providers::{self, Input};
use crate::sources::{Offline, Source};
use crate::validate::AttrType;
use concat::cat;

fn strings<'a>(v: impl IntoIterator<Item = &'a str>) -> Value {
    Value::Array(v.into_iter().map(Value::from).collect())
}

fn num(n: u32) -> Value {
    Value::Number(crate::pieces::int(n as i64))
}

fn range((lo, hi): (u32, u32)) -> Value {
    Value::Array(vec![num(lo), num(hi)])
}

/// Every vocabulary, preset, default and limit a config is written from.
pub fn catalog() -> Value {
    let defaults = Config::default();
    let mut d = Map::new();
    d.insert("requestFieldsFor", strings(defaults.request_fields_for.iter().map(String::as_str)));
    d.insert("sources", strings(defaults.sources.iter().map(Source::name)));
    d.insert("deadlineMs", num(defaults.deadline_ms));
    d.insert("timeoutMs", num(providers::DEFAULT_TIMEOUT_MS));
    d.insert("progressiveCount", num(model::DEFAULT_COUNT as u32));
    d.insert("claim", Value::from(model::DEFAULT_CLAIM));
    d.insert("adminApiTimeoutMs", num(crate::login::DEFAULT_BUDGET_MS));
    let mut limits = Map::new();
    limits.insert("deadlineMs", range(config::DEADLINE_MS));
    limits.insert("timeoutMs", range(providers::TIMEOUT_MS));
    limits.insert("progressiveCount", range(config::PROGRESSIVE_COUNT));
    limits.insert("adminApiTimeoutMs", range(crate::login::BUDGET_MS));

    let mut c = Map::new();
    c.insert("fields", strings(Field::ALL.iter().map(|f| f.name())));
    c.insert("offlineSources", strings(Offline::ALL.iter().map(|o| o.name())));
    c.insert("presets", Value::Object(presets()));
    c.insert("customTypes", strings(AttrType::CUSTOM.iter().copied()));
    c.insert("policies", strings(Policy::NAMES.iter().map(|(n, _)| *n)));
    c.insert("triggers", strings(config::TRIGGERS.iter().copied()));
    c.insert("standard", strings(model::standard_names().filter(|n| *n != "address")));
    c.insert("address", strings(model::ADDRESS.iter().copied()));
    c.insert("identity", strings(model::IDENTITY.iter().copied()));
    c.insert("defaults", Value::Object(d));
    c.insert("limits", Value::Object(limits));
    Value::Object(c)
}

/// Each preset as the core reads it: what it looks up, whether it needs a key, what it gives.
fn presets() -> Map {
    let all = crate::json::parse(providers::PRESETS).unwrap_or(Value::Null);
    let mut out = Map::new();
    for name in all.as_object().map(|m| m.keys().cloned().collect::<Vec<_>>()).unwrap_or_default() {
        let mut entry = Map::new();
        entry.insert("preset", Value::from(name.as_str()));
        let mut r = crate::reader::Reader::default();
        let Some(p) = providers::parse_entry("preset", &entry, &all, &mut r) else { continue };
        let mut o = Map::new();
        let input = match p.input {
            Input::Ip => "ip",
            Input::Email => "email",
            Input::Domain => "domain",
        };
        o.insert("input", Value::from(input));
        o.insert("needsKey", Value::Bool(p.needs_key));
        o.insert("timeoutMs", num(p.timeout_ms));
        o.insert("fields", strings(p.fields.iter().map(|(f, _)| f.name())));
        out.insert(name, Value::Object(o));
    }
    out
}

/// Authgear's verdict on `response`, the hook's answer to `event` under
/// `config` (a login's: what the login path would send `updateUser`):
/// `{"ok", "lines"}`. `project`: the project's custom attributes
/// (`{"name": {"type", "enum"?, "minimum"?, "maximum"?}}`), or `{}` to take
/// the config's declarations for them. Authgear drops a custom attribute the
/// project does not define, silently: named here.
pub fn verdict(event_json: &str, config_json: &str, response_json: &str, project_json: &str) -> Value {
    let mut lines: Vec<String> = vec![];
    let out = |ok: bool, lines: Vec<String>| {
        let mut m = Map::new();
        m.insert("ok", Value::Bool(ok));
        m.insert("lines", Value::from(lines));
        Value::Object(m)
    };
    let Ok(response) = crate::json::parse(response_json) else {
        return out(false, vec!["the answer is not JSON: the signup fails".into()]);
    };
    if !matches!(response.get("is_allowed"), Some(Value::Bool(_))) {
        return out(false, vec!["the answer has no boolean is_allowed: the signup fails".into()]);
    }
    let Some(user) = response.get("mutations").and_then(|m| m.get("user")) else {
        return out(true, vec!["no mutation: the user is stored as Authgear has it".into()]);
    };
    let mut diags = vec![];
    let ev = match crate::json::parse(event_json).map_err(|e| cat!("{e}")).and_then(|v| event::parse(&v, &mut diags)) {
        Ok(ev) => ev,
        Err(e) => return out(false, vec![cat!("the event cannot be read ({e}): a mutation cannot be judged")]),
    };
    let project = crate::json::parse(project_json).ok().filter(|p| p.as_object().is_some_and(|m| !m.is_empty()));
    let declared = match &project {
        Some(p) => {
            let mut m = Map::new();
            m.insert("custom", p.clone());
            match config::parse(&Value::Object(m).to_json()) {
                Ok(c) => c.declared,
                Err(e) => return out(false, vec![cat!("the project's custom attributes: {}", e.join("; "))]),
            }
        }
        None => config::parse(config_json).map(|c| c.declared).unwrap_or_default(),
    };
    let via = ev.kind.via().unwrap_or(Via::Signup);
    let sent_std = user.get("standard_attributes").and_then(Value::as_object);
    let mut sent_custom = user.get("custom_attributes").and_then(Value::as_object).cloned();
    // Authgear keeps only the custom attributes the project defines.
    if let (Some(m), Some(_)) = (sent_custom.as_mut(), &project) {
        let dropped: Vec<String> = m.keys().filter(|k| !declared.iter().any(|(d, _)| d == *k)).cloned().collect();
        if !dropped.is_empty() {
            lines.push(cat!(
                "Authgear drops {} without an error: the project does not define {}",
                dropped.join(", "),
                if dropped.len() == 1 { "it" } else { "them" }
            ));
            m.retain(|k, _| !dropped.iter().any(|d| d == k));
        }
    }
    let maps = [sent_std.or(ev.user.standard.as_ref()), sent_custom.as_ref().or(ev.user.custom.as_ref())];
    let sent = [sent_std.is_some(), sent_custom.is_some()];
    let v = crate::revalidation::judge(via, maps, sent, &declared, false);
    lines.extend(v.lines);
    let ok = v.ok == [true, true];
    if ok {
        let how = match ev.kind {
            Kind::Login => "the Admin API validates each map sent: accepted",
            _ => "Authgear re-validates both maps: accepted",
        };
        lines.insert(0, how.into());
    }
    out(ok, lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalog_is_the_cores_tables() {
        let c = catalog();
        assert_eq!(c.get("fields").and_then(Value::as_array).map(Vec::len), Some(Field::ALL.len()));
        let lite = c.get("presets").and_then(|p| p.get("ipinfo-lite")).unwrap();
        assert_eq!(lite.get("input").and_then(Value::as_str), Some("ip"));
        assert_eq!(lite.get("needsKey"), Some(&Value::Bool(true)));
        let ipapi = c.get("presets").and_then(|p| p.get("ipapi.co")).unwrap();
        assert_eq!(ipapi.get("needsKey"), Some(&Value::Bool(false)));
        let gravatar = c.get("presets").and_then(|p| p.get("gravatar")).unwrap();
        assert_eq!(gravatar.get("input").and_then(Value::as_str), Some("email"));
        let d = c.get("defaults").unwrap();
        assert_eq!(d.get("deadlineMs").and_then(Value::as_f64), Some(config::DEFAULT_DEADLINE_MS as f64));
        assert_eq!(d.get("sources").and_then(Value::as_strings).unwrap(), ["profile", "geo", "languages", "email"]);
    }

    const SIGNUP: &str = r#"{"type": "user.pre_create", "payload": {"user": {"standard_attributes": {"email": "a@b.example"}, "custom_attributes": {}}}, "context": {}}"#;

    #[test]
    fn the_verdict_names_what_authgear_refuses_and_drops() {
        let ok = verdict(
            SIGNUP,
            "{}",
            r#"{"is_allowed": true, "mutations": {"user": {"standard_attributes": {"email": "a@b.example", "zoneinfo": "Europe/Berlin"}}}}"#,
            "{}",
        );
        assert_eq!(ok.get("ok"), Some(&Value::Bool(true)), "{ok}");
        let bad = verdict(
            SIGNUP,
            "{}",
            r#"{"is_allowed": true, "mutations": {"user": {"standard_attributes": {"zoneinfo": "Mars/Olympus"}}}}"#,
            "{}",
        );
        assert_eq!(bad.get("ok"), Some(&Value::Bool(false)), "{bad}");
        assert!(bad.to_json().contains("zoneinfo"), "{bad}");
        let project = r#"{"country": {"type": "country_code"}}"#;
        let dropped = verdict(
            SIGNUP,
            "{}",
            r#"{"is_allowed": true, "mutations": {"user": {"custom_attributes": {"country": "DE", "company": "Acme"}}}}"#,
            project,
        );
        assert_eq!(dropped.get("ok"), Some(&Value::Bool(true)), "{dropped}");
        assert!(dropped.to_json().contains("Authgear drops company"), "{dropped}");
        let typed = verdict(
            SIGNUP,
            "{}",
            r#"{"is_allowed": true, "mutations": {"user": {"custom_attributes": {"country": "Germany"}}}}"#,
            project,
        );
        assert_eq!(typed.get("ok"), Some(&Value::Bool(false)), "{typed}");
        assert_eq!(verdict(SIGNUP, "{}", "{}", "{}").get("ok"), Some(&Value::Bool(false)));
        assert_eq!(verdict(SIGNUP, "{}", r#"{"is_allowed": true}"#, "{}").get("ok"), Some(&Value::Bool(true)));
    }
}
