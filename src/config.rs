//! The admin's config: which enriched field goes into which attribute, under
//! which write policy. Read from JSON (the TS config block, stringified) and
//! validated with errors that name the offending key.

use crate::field::Field;
use crate::json::{Map, Value};
use crate::model::{self, Attr, Policy, Progressive, Target, ADDRESS, IDENTITY, STANDARD};
use crate::prelude::*;
use crate::progressive;
use crate::reader::Reader;
use crate::sources::{Offline, Source};
use crate::validate::AttrType;
use concat::cat;

/// The admin's config, read and checked: what to write where, from which sources, under which limits.
pub struct Config {
    /// Every attribute to fill, with its field, type and write policy.
    pub targets: Vec<Target>,
    /// `triggered_by` values for which request-derived values (IP, Accept-Language) are written.
    pub request_fields_for: Vec<String>,
    /// Sources in priority order: for each field the first valid value wins.
    pub sources: Vec<Source>,
    /// Extra domains that never count as a company domain.
    pub free_mail_domains: Vec<String>,
    /// Everything, live sources included, is over by then (ms from the call).
    pub deadline_ms: u32,
    /// Enrich on `user.profile.pre_update` too (fill-only; off by default).
    pub on_profile_update: bool,
    /// The progressive-profiling claim on token events, if configured.
    pub progressive: Option<Progressive>,
    /// Every custom attribute the config declares, by name, with its type:
    /// stored values are checked against it before a map is returned.
    pub declared: Vec<(String, AttrType)>,
    /// The custom `string` attribute that receives a one-line status, if any.
    pub status: Option<String>,
    /// Write even while stored custom attributes are undeclared (their
    /// values cannot be checked): the admin's opt-out (`allowUndeclared`).
    pub allow_undeclared: bool,
    /// Values out of range, clamped: one line each for the log. A slip in
    /// a number never switches enrichment off.
    pub warnings: Vec<String>,
    /// `adminApi` (the login file), if given: usable, or its problems,
    /// which refuse logins only (`login`).
    pub admin_api: Option<Result<crate::login::AdminApi, Vec<String>>>,
}

/// Leaves Deno's start and Authgear's queueing well inside its 5 s limit.
pub const DEFAULT_DEADLINE_MS: u32 = 2000;
/// What `deadlineMs` is clamped to; at most 3 s: Authgear's 5 s includes Deno's start.
pub const DEADLINE_MS: (u32, u32) = (100, 3000);
// A request may take no longer than the longest deadline.
const _: () = assert!(crate::providers::TIMEOUT_MS.1 <= DEADLINE_MS.1);
/// What `progressive.count` is clamped to.
pub const PROGRESSIVE_COUNT: (u32, u32) = (1, 20);

/// The config's top-level keys.
pub const KEYS: &[&str] = &[
    "custom",
    "standard",
    "requestFieldsFor",
    "sources",
    "freeMailDomains",
    "deadlineMs",
    "onProfileUpdate",
    "progressive",
    "statusAttribute",
    "adminApi",
    "allowUndeclared",
];
/// Keys of a custom attribute's entry, and of `progressive`.
pub const CUSTOM_KEYS: &[&str] = &["type", "from", "policy", "map", "enum", "minimum", "maximum"];
/// The keys of `progressive`.
pub const PROGRESSIVE_KEYS: &[&str] = &["ask", "claim", "count"];
/// `context.triggered_by` of user events (authgear-server pkg/api/event/context.go).
pub const TRIGGERS: &[&str] = &["user", "admin_api", "system", "site_admin"];

impl Default for Config {
    fn default() -> Self {
        Config {
            targets: vec![],
            request_fields_for: vec!["user".into()],
            sources: Offline::ALL.iter().map(|o| Source::Offline(*o)).collect(),
            free_mail_domains: vec![],
            deadline_ms: DEFAULT_DEADLINE_MS,
            on_profile_update: false,
            progressive: None,
            declared: vec![],
            status: None,
            allow_undeclared: false,
            warnings: vec![],
            admin_api: None,
        }
    }
}

/// Read a config's JSON: the config, or every problem found (each `config.<path>: why`).
pub fn parse(json: &str) -> Result<Config, Vec<String>> {
    let v = crate::json::parse(json).map_err(|e| vec![cat!("config is not JSON: {e}")])?;
    let mut r = Reader::default();
    let mut cfg = read(&mut r, &v);
    cfg.warnings = r.warnings;
    if r.errors.is_empty() {
        Ok(cfg)
    } else {
        Err(r.errors)
    }
}

/// `{"errors": [...], "warnings": [...], "custom": {name: value}}` for a
/// config's JSON, each line scrubbed as the hook's log lines are: what a
/// tool shows before a run. `custom`: every custom attribute the config
/// names (the status attribute too), each with a value Authgear takes for
/// its type (`validate::probe`): `backfill/check.mjs` writes them to a test
/// user to learn whether the project defines them so.
pub fn check(json: &str) -> Value {
    let mut r = Reader::default();
    let cfg = match crate::json::parse(json) {
        Err(e) => {
            r.errors.push(cat!("config is not JSON: {e}"));
            Config::default()
        }
        Ok(v) => read(&mut r, &v),
    };
    if let Some(Err(lines)) = &cfg.admin_api {
        r.errors.extend(lines.iter().cloned());
    }
    let lines = |l: Vec<String>| Value::from(l.iter().map(|d| crate::diag::scrub(d)).collect::<Vec<_>>());
    let mut custom: Map = cfg.declared.iter().map(|(k, ty)| (k.clone(), crate::validate::probe(ty))).collect();
    if let Some(name) = cfg.status.as_ref().filter(|n| custom.get(n).is_none()) {
        custom.insert(name.clone(), crate::validate::probe(&AttrType::String));
    }
    let mut m = Map::new();
    m.insert("errors", lines(r.errors));
    m.insert("warnings", lines(r.warnings));
    m.insert("custom", Value::Object(custom));
    Value::Object(m)
}

fn read(r: &mut Reader, v: &Value) -> Config {
    r.config(v)
}

/// The config's own parts, read through the shared `Reader`.
impl Reader {
    fn config(&mut self, v: &Value) -> Config {
        let mut cfg = Config::default();
        let Some(root) = self.object("config", v) else { return cfg };
        for (key, val) in root.iter() {
            let path = cat!("config.{key}");
            match key.as_str() {
                "custom" => {
                    if let Some(m) = self.object(&path, val) {
                        for (id, spec) in m.iter() {
                            self.custom(&mut cfg, &cat!("{path}.{id}"), id, spec);
                        }
                    }
                }
                "standard" => {
                    if let Some(m) = self.object(&path, val) {
                        for (name, spec) in m.iter() {
                            self.standard(&mut cfg, &cat!("{path}.{name}"), name, spec);
                        }
                    }
                }
                "requestFieldsFor" => {
                    cfg.request_fields_for = self.strings(&path, val);
                    for t in cfg.request_fields_for.clone() {
                        if !TRIGGERS.contains(&t.as_str()) {
                            let hint = if t == "portal" { "; the portal's Add user is admin_api" } else { "" };
                            self.err(
                                &path,
                                cat!("unknown triggered_by \"{t}\" (expected one of {}){hint}", TRIGGERS.join(", ")),
                            );
                        }
                    }
                }
                "sources" => cfg.sources = self.sources(&path, val),
                "onProfileUpdate" => cfg.on_profile_update = self.flag(&path, val),
                "allowUndeclared" => cfg.allow_undeclared = self.flag(&path, val),
                "progressive" => cfg.progressive = self.progressive(&path, val),
                "statusAttribute" => match val.as_str() {
                    Some(n) if model::is_name(n) => cfg.status = Some(n.into()),
                    _ => self.err(&path, "expected a custom attribute name (a letter, then letters, digits or _)"),
                },
                "deadlineMs" => match self.clamped(&path, val, DEADLINE_MS.0 as f64, DEADLINE_MS.1 as f64) {
                    Some(n) => cfg.deadline_ms = n as u32,
                    None => self.err(&path, cat!("expected milliseconds from {} to {}", DEADLINE_MS.0, DEADLINE_MS.1)),
                },
                // Only the login file's core reads it (src/login.rs); the signup file's has no logins.
                #[cfg(any(feature = "login", not(target_arch = "wasm32")))]
                "adminApi" => cfg.admin_api = Some(self.admin_api(&path, val)),
                #[cfg(not(any(feature = "login", not(target_arch = "wasm32"))))]
                "adminApi" => {}
                "freeMailDomains" => {
                    cfg.free_mail_domains =
                        self.strings(&path, val).iter().map(|d| d.trim().to_ascii_lowercase()).collect();
                }
                _ => self.err(&path, cat!("unknown key (expected one of {})", KEYS.join(", "))),
            }
        }
        if let Some(n) = cfg.status.clone() {
            if cfg.targets.iter().any(|t| t.attr == Attr::Custom(n.clone())) {
                self.err("config.statusAttribute", cat!("\"{n}\" is also enriched; name an attribute of its own"));
            }
            if cfg.declared.iter().any(|(d, t)| *d == n && *t != AttrType::String) {
                self.err("config.statusAttribute", cat!("\"{n}\" must be a custom attribute of type string"));
            }
        }
        cfg
    }

    /// `{ ask: ["given_name", "custom:company", …], claim?, count? }`.
    fn progressive(&mut self, path: &str, val: &Value) -> Option<Progressive> {
        let m = self.object(path, val)?;
        let mut p = Progressive { claim: model::DEFAULT_CLAIM.into(), ask: vec![], count: model::DEFAULT_COUNT };
        for (k, v) in m.iter() {
            let kp = cat!("{path}.{k}");
            match (k.as_str(), v) {
                ("claim", Value::String(c)) if !c.is_empty() => match progressive::reserved(c) {
                    None => p.claim = c.clone(),
                    Some(why) => self.err(&kp, cat!("\"{c}\" {why}; a token hook may only add a claim of its own")),
                },
                ("count", n) if n.as_f64().is_some() => {
                    let (lo, hi) = PROGRESSIVE_COUNT;
                    p.count = self.clamped(&kp, n, lo as f64, hi as f64).map_or(model::DEFAULT_COUNT, |c| c as usize)
                }
                ("ask", _) => {
                    for name in self.strings(&kp, v) {
                        match Attr::named(&name) {
                            Some(a) => p.ask.push((name, a)),
                            None => self.err(&kp, cat!("\"{name}\" is not an attribute (\"given_name\", \"address.locality\", \"custom:<name>\")")),
                        }
                    }
                }
                ("claim", _) => self.err(&kp, "expected a non-empty claim name"),
                ("count", _) => self.err(&kp, "expected a number from 1 to 20"),
                _ => self.err(&kp, cat!("unknown key (expected {})", PROGRESSIVE_KEYS.join(", "))),
            }
        }
        if p.ask.is_empty() {
            self.err(path, "needs `ask`: the attributes to ask for, in priority order");
        }
        Some(p)
    }

    /// Offline source names and live provider entries, in priority order.
    fn sources(&mut self, path: &str, val: &Value) -> Vec<Source> {
        let Some(items) = val.as_array() else {
            self.err(path, "expected an array of source names and provider entries");
            return vec![];
        };
        let mut out: Vec<Source> = vec![];
        // Parsed once, and only when a preset is used.
        let mut presets: Option<Value> = None;
        for (i, item) in items.iter().enumerate() {
            let p = cat!("{path}[{i}]");
            let src = match item {
                Value::String(s) => match Offline::parse(s) {
                    Some(o) => Source::Offline(o),
                    None => {
                        self.err(
                            &p,
                            cat!("unknown source \"{s}\" (expected one of {}, or a provider entry)", Offline::names()),
                        );
                        continue;
                    }
                },
                Value::Object(m) => {
                    let presets = presets
                        .get_or_insert_with(|| crate::json::parse(crate::providers::PRESETS).unwrap_or(Value::Null));
                    match crate::providers::parse_entry(&p, m, presets, self) {
                        Some(provider) => Source::Live(Box::new(provider)),
                        None => continue,
                    }
                }
                _ => {
                    self.err(&p, "expected a source name or a provider entry object");
                    continue;
                }
            };
            if out.iter().any(|s| s.name() == src.name()) {
                self.err(&p, cat!("source \"{}\" is listed twice", src.name()));
            } else {
                out.push(src);
            }
        }
        out
    }

    /// A custom attribute by its name (the portal's "Attribute Name"), with
    /// its type; `from` is optional: without it the attribute is declared
    /// only so that its stored value is checked.
    fn custom(&mut self, cfg: &mut Config, path: &str, id: &str, spec: &Value) {
        if !model::is_name(id) {
            self.err(path, "not a custom attribute name (a letter, then letters, digits or _)");
            return;
        }
        let Some(m) = self.object(path, spec) else { return };
        let bound = |r: &mut Self, key: &str| match m.get(key) {
            None => None,
            Some(v) => {
                let n = v.as_f64();
                if n.is_none() {
                    r.err(&cat!("{path}.{key}"), "expected a number");
                }
                n
            }
        };
        let (min, max) = (bound(self, "minimum"), bound(self, "maximum"));
        let name = m.get("type").and_then(Value::as_str);
        let ty = match name {
            Some("enum") => {
                let values = m.get("enum").map(|v| self.strings(&cat!("{path}.enum"), v)).unwrap_or_default();
                let ok = !values.is_empty()
                    && values.iter().all(|s| s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'));
                if !ok {
                    self.err(&cat!("{path}.enum"), "an enum needs its values, each matching ^[a-zA-Z0-9_]*$");
                }
                AttrType::Enum(values)
            }
            _ => match name.and_then(|n| AttrType::custom(n, min, max, vec![])) {
                Some(ty) => ty,
                None => {
                    let got = name.map_or("missing".to_string(), |t| cat!("\"{t}\""));
                    let types = AttrType::CUSTOM.join(", ");
                    self.err(
                        &cat!("{path}.type"),
                        cat!("{got} is not a custom attribute type (expected one of {types})"),
                    );
                    return;
                }
            },
        };
        for key in m.keys() {
            if !CUSTOM_KEYS.contains(&key.as_str()) {
                self.err(&cat!("{path}.{key}"), cat!("unknown key (expected {})", CUSTOM_KEYS.join(", ")));
            }
        }
        cfg.declared.push((id.to_string(), ty.clone()));
        if m.get("from").is_none() {
            return;
        }
        if ty == AttrType::PhoneNumber {
            // Authgear checks with libphonenumber, which does not fit the file.
            self.err(path, "no enriched field is a phone number; declare it without `from`");
            return;
        }
        if let Some((field, policy, map)) = self.mapping(path, spec) {
            cfg.targets.push(Target { attr: Attr::Custom(id.to_string()), field, ty, policy, map });
        }
    }

    fn standard(&mut self, cfg: &mut Config, path: &str, name: &str, spec: &Value) {
        if name == "address" {
            let Some(m) = self.object(path, spec) else { return };
            for (part, spec) in m.iter() {
                let p = cat!("{path}.{part}");
                match ADDRESS.iter().find(|a| **a == part) {
                    Some(a) => {
                        if let Some((field, policy, map)) = self.mapping(&p, spec) {
                            let ty = AttrType::NonEmpty;
                            cfg.targets.push(Target { attr: Attr::Address(a), field, ty, policy, map });
                        }
                    }
                    None => self.err(&p, cat!("not an address part (expected one of {})", ADDRESS.join(", "))),
                }
            }
            return;
        }
        let Some((key, ty)) = STANDARD.iter().find(|(k, _)| *k == name) else {
            let why = if IDENTITY.contains(&name) {
                "must belong to one of the user's identities, so a hook cannot set it".to_string()
            } else {
                let names: Vec<&str> = STANDARD.iter().map(|(k, _)| *k).collect();
                cat!("not a standard attribute a hook can set (expected one of {}, address)", names.join(", "))
            };
            self.err(path, why);
            return;
        };
        if let Some((field, policy, map)) = self.mapping(path, spec) {
            cfg.targets.push(Target { attr: Attr::Standard(key), field, ty: ty.clone(), policy, map });
        }
    }

    /// `"field"` or `{ from: "field", policy?: "fill" | "overwrite" | "never", map?: { value: stored } }`.
    #[allow(clippy::type_complexity)]
    fn mapping(&mut self, path: &str, spec: &Value) -> Option<(Field, Policy, Option<Vec<(String, Value)>>)> {
        let (from, policy, map) = match spec {
            Value::String(s) => (Some(s.as_str()), None, None),
            Value::Object(m) => (m.get("from").and_then(Value::as_str), m.get("policy"), m.get("map")),
            _ => (None, None, None),
        };
        let map = match map {
            None => None,
            Some(Value::Object(m)) if m.iter().all(|(_, v)| v.is_string() || matches!(v, Value::Number(_))) => {
                Some(m.iter().map(|(k, v)| (k.trim().to_ascii_lowercase(), v.clone())).collect())
            }
            Some(_) => {
                self.err(
                    &cat!("{path}.map"),
                    "expected an object of provider value -> stored value (strings or numbers)",
                );
                return None;
            }
        };
        let named = |n: Option<&str>| Policy::NAMES.iter().find(|(k, _)| Some(*k) == n).map(|(_, p)| *p);
        let policy = match policy.map(|p| named(p.as_str())) {
            None => Policy::Fill,
            Some(Some(p)) => p,
            Some(None) => {
                self.err(&cat!("{path}.policy"), "expected \"fill\", \"overwrite\" or \"never\"");
                return None;
            }
        };
        match from.map(|f| (f, Field::parse(f))) {
            Some((_, Some(field))) => Some((field, policy, map)),
            Some((f, None)) => {
                self.err(path, cat!("unknown field \"{f}\" (expected one of {})", Field::names()));
                None
            }
            None => {
                self.err(path, "expected a field name or { from: <field> }");
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_config_parses() {
        let c = parse(r#"{
            "custom": {"country": {"type": "country_code", "from": "country"},
                       "lat": {"type": "number", "from": "latitude", "minimum": -90, "maximum": 90, "policy": "overwrite"},
                       "tier": {"type": "enum", "enum": ["GB", "other"], "from": "country"}},
            "standard": {"zoneinfo": "timezone", "locale": {"from": "locale", "policy": "never"},
                         "address": {"locality": "city"}},
            "requestFieldsFor": ["user", "admin_api"],
            "sources": ["email", "geo"],
            "freeMailDomains": ["Example.ORG"]
        }"#).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(c.targets.len(), 6);
        let lat = c.targets.iter().find(|t| t.attr == Attr::Custom("lat".into())).unwrap();
        assert_eq!(lat.ty, AttrType::Number { min: Some(-90.0), max: Some(90.0) });
        assert_eq!(lat.policy, Policy::Overwrite);
        assert!(c.targets.iter().any(|t| t.attr == Attr::Address("locality") && t.field == Field::City));
        let names: Vec<&str> = c.sources.iter().map(Source::name).collect();
        assert_eq!(names, ["email", "geo"]);
        assert_eq!(c.free_mail_domains, vec!["example.org"]);
    }

    #[test]
    fn empty_config_uses_defaults() {
        let c = parse("{}").unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(c.request_fields_for, vec!["user"]);
        assert_eq!(c.sources.len(), Offline::ALL.len());
        assert_eq!(c.deadline_ms, DEFAULT_DEADLINE_MS);
    }

    fn errors(json: &str) -> String {
        match parse(json) {
            Ok(_) => panic!("accepted {json}"),
            Err(e) => e.join("; "),
        }
    }

    #[test]
    fn numbers_out_of_range_are_clamped_with_a_line_never_an_error() {
        let c = parse(
            r#"{"deadlineMs": 5000, "sources": [{"preset": "ipwho.is", "timeoutMs": 0}],
                "progressive": {"ask": ["given_name"], "count": 99}}"#,
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(c.deadline_ms, DEADLINE_MS.1);
        let Source::Live(p) = &c.sources[0] else { panic!() };
        assert_eq!(p.timeout_ms, 100);
        assert_eq!(c.progressive.as_ref().unwrap().count, 20);
        assert_eq!(
            c.warnings,
            [
                "config.deadlineMs: 5000 is above 100..3000; 3000 is used",
                "config.sources[0].timeoutMs: 0 is below 100..3000; 100 is used",
                "config.progressive.count: 99 is above 1..20; 20 is used",
            ]
        );
        assert!(parse(r#"{"deadlineMs": 2000}"#).unwrap_or_else(|e| panic!("{e:?}")).warnings.is_empty());
    }

    #[test]
    fn errors_name_the_offending_key() {
        assert!(
            errors(r#"{"custom":{"c":{"type":"contry_code","from":"country"}}}"#).starts_with("config.custom.c.type:")
        );
        assert!(errors(r#"{"custom":{"c":{"type":"string","from":"county"}}}"#)
            .contains("config.custom.c: unknown field \"county\""));
        assert!(errors(r#"{"standard":{"zoneinfo":{"from":"timezone","policy":"sometimes"}}}"#)
            .starts_with("config.standard.zoneinfo.policy:"));
        assert!(errors(r#"{"standard":{"email":"company_domain"}}"#).contains("identities"));
        assert!(errors(r#"{"standard":{"address":{"town":"city"}}}"#).starts_with("config.standard.address.town:"));
        assert!(errors(r#"{"custom":{"t":{"type":"enum","enum":["a-b"],"from":"city"}}}"#)
            .starts_with("config.custom.t.enum:"));
        assert!(errors(r#"{"custom":{"n":{"type":"number","from":"latitude","minimum":"0"}}}"#)
            .starts_with("config.custom.n.minimum:"));
        assert!(errors(r#"{"requestFieldsFor":["admin"]}"#).starts_with("config.requestFieldsFor:"));
        assert!(errors(r#"{"sources":["geo","geo"]}"#).contains("twice"));
        assert!(errors(r#"{"sources":["geo",{"preset":"ipwho.is","timeoutMs":"x"}]}"#)
            .starts_with("config.sources[1].timeoutMs:"));
        assert!(errors(r#"{"deadlineMs":"9000"}"#).starts_with("config.deadlineMs:"));
        assert!(errors(r#"{"progressive":{"ask":["custom:x","nickname2"]}}"#)
            .starts_with("config.progressive.ask: \"nickname2\""));
        assert!(
            errors(r#"{"progressive":{"ask":["given_name"],"count":"2"}}"#).starts_with("config.progressive.count:")
        );
        assert!(errors(r#"{"progressive":{}}"#).starts_with("config.progressive: needs `ask`"));
        assert!(errors(r#"{"onProfileUpdate":"yes"}"#).starts_with("config.onProfileUpdate:"));
        assert!(errors(r#"{"atributes":{}}"#).starts_with("config.atributes: unknown key"));
        assert!(errors(r#"[]"#).starts_with("config: expected an object"));
        assert!(errors("nope").starts_with("config is not JSON"));
    }
}
