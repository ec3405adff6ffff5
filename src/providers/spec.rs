//! Provider specs: parsed from a config source entry (a preset plus the
//! admin's overrides, or a whole custom spec), with errors naming the key.

use crate::field::Field;
use crate::json::{Map, Value};
use crate::prelude::*;
use crate::reader::Reader;
use concat::cat;

#[derive(Clone, Copy, Debug, PartialEq)]
/// What a provider looks up.
pub enum Input {
    /// Needs the request's IP address: request-derived, skipped for private IPs.
    Ip,
    /// Needs the user's e-mail (or its hash): a person source, off unless configured.
    Email,
    /// Needs the company domain only (Google's `hd`, or a work e-mail's
    /// domain): never a free-mail domain, never the address or its hash.
    Domain,
}

#[derive(Clone, Debug)]
/// A live source: a preset, a custom spec, or a preset with overrides.
pub struct Provider {
    /// Its name in logs and the status attribute.
    pub name: String,
    /// What it looks up.
    pub input: Input,
    /// `GET` or `POST`.
    pub method: String,
    /// `https://host[:port][/path]` (`http://` only with `allow_http`).
    pub base_url: String,
    /// The path, with placeholders; starts with `/`.
    pub path: String,
    /// Query parameters, with placeholders.
    pub query: Vec<(String, String)>,
    /// Headers, with placeholders.
    pub headers: Vec<(String, String)>,
    /// A JSON body template, for `POST`.
    pub body: Option<Value>,
    /// The admin's key, if any.
    pub key: Option<String>,
    /// Whether it cannot be called without a key.
    pub needs_key: bool,
    /// Whether `http://` is allowed (local tests only).
    pub allow_http: bool,
    /// Each request's timeout, in ms.
    pub timeout_ms: u32,
    /// JSON pointers and values that mean an error at HTTP 200.
    pub fail_if: Vec<(String, Value)>,
    /// A 2xx answer that says "nobody known" (Apollo's `"person": null`).
    pub no_match_if: Vec<(String, Value)>,
    /// Values that are the provider's filler, not data ("Sign up to access").
    pub placeholders: Vec<String>,
    /// Statuses that mean "nobody known".
    pub no_match: Vec<u16>,
    /// Statuses that mean a spent quota: never retried.
    pub quota: Vec<u16>,
    /// Quota statuses that mean a burst limit (per second or minute), not a
    /// spent allotment: retried once when no Retry-After says to wait.
    pub burst: Vec<u16>,
    /// Where each field is in the answer.
    pub fields: Vec<(Field, Extract)>,
    /// Called only once every source before it has settled, and only if a
    /// target it can fill is still open (`fallback: true`): a paid source
    /// behind a free one is paid only when the free one could not answer.
    pub fallback: bool,
}

/// Where a field is in the answer, and the small transforms some need.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Extract {
    /// A JSON pointer into the answer.
    pub pointer: String,
    /// Take the first element when the value is an array.
    pub first: bool,
    /// Split a string ("lat,lon") and take one part.
    pub split: Option<(String, usize)>,
    /// Read a numeric string as a number.
    pub number: bool,
    /// Prefix "https://" when the value has no scheme ("acme.com").
    pub url: bool,
    /// Put before the value (a LinkedIn handle becomes its URL).
    pub prefix: Option<String>,
}

/// A request's timeout when the entry gives none.
pub const DEFAULT_TIMEOUT_MS: u32 = 1500;
/// What a request's `timeoutMs` is clamped to: no longer than the longest
/// deadline (config.rs holds the two together).
pub const TIMEOUT_MS: (u32, u32) = (100, 3000);
/// Keys of a field's `{ pointer, … }` form.
pub const EXTRACT_KEYS: &[&str] = &["pointer", "split", "index", "number", "first", "url", "prefix"];
/// The keys a provider entry may have.
pub const KEYS: &[&str] = &[
    "preset",
    "name",
    "input",
    "method",
    "baseUrl",
    "path",
    "query",
    "headers",
    "body",
    "key",
    "needsKey",
    "allowHttp",
    "timeoutMs",
    "failIf",
    "noMatchIf",
    "placeholders",
    "noMatch",
    "quota",
    "burst",
    "fields",
    "fallback",
];

/// A live source entry from `config.sources[i]`: `{ preset, ...overrides }`
/// or a whole custom spec with a `name`. `presets`: `PRESETS`, parsed once
/// by the caller.
pub fn parse_entry(path: &str, entry: &Map, presets: &Value, reader: &mut Reader) -> Option<Provider> {
    let mut spec = Map::new();
    let mut name = None;
    if let Some(p) = entry.get("preset") {
        let Some(preset) = p.as_str() else {
            reader.err(&cat!("{path}.preset"), "expected a preset name");
            return None;
        };
        let Some(Value::Object(base)) = presets.get(preset) else {
            let names: Vec<&str> = presets.as_object()?.keys().map(String::as_str).collect();
            reader.err(
                &cat!("{path}.preset"),
                cat!("unknown preset \"{preset}\" (expected one of {})", names.join(", ")),
            );
            return None;
        };
        // A variant preset names the one it extends (one level): only its differences are data.
        if let Some(Value::Object(parent)) = base.get("extends").and_then(Value::as_str).and_then(|n| presets.get(n)) {
            spec = parent.clone();
        }
        base.iter().for_each(|(k, v)| spec.insert(k.clone(), v.clone()));
        name = Some(preset.to_string());
    }
    for (k, v) in entry.iter() {
        if !KEYS.contains(&k.as_str()) {
            reader.err(&cat!("{path}.{k}"), cat!("unknown key (expected one of {})", KEYS.join(", ")));
        } else if ["fields", "query", "headers", "body"].contains(&k.as_str()) && v.as_object().is_some() {
            // Overrides add to or replace the preset's entries one by one:
            // `query: { min_likelihood: "8" }` keeps the rest of the query.
            let mut m = spec.get(k).and_then(Value::as_object).cloned().unwrap_or_default();
            v.as_object().into_iter().flat_map(|o| o.iter()).for_each(|(f, e)| m.insert(f.clone(), e.clone()));
            spec.insert(k.clone(), Value::Object(m));
        } else if k == "fields" {
            reader.err(&cat!("{path}.fields"), "expected an object");
        } else if k != "preset" {
            spec.insert(k.clone(), v.clone());
        }
    }
    let before = reader.errors.len();
    let mut r = Entry { path, spec: &spec, r: reader };
    let name = r.str("name").or(name);
    let Some(name) = name else {
        r.r.err(path, "a custom provider needs a \"name\" (or use \"preset\")");
        return None;
    };
    // The status line and the log name sources: letters, digits, `.`, `-`, `_`, as the presets' names.
    let named = name.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
    if name.is_empty() || name.len() > 64 || !named {
        r.err("name", "expected 1 to 64 letters, digits, ., - or _ (the status line names the source)");
    }
    let input = match r.str("input").as_deref() {
        Some("ip") => Input::Ip,
        Some("email") => Input::Email,
        Some("domain") => Input::Domain,
        _ => {
            r.err("input", "expected \"ip\", \"email\" or \"domain\"");
            Input::Ip
        }
    };
    let method = r.str("method").unwrap_or_else(|| "GET".into());
    if method != "GET" && method != "POST" {
        r.err("method", "expected \"GET\" or \"POST\"");
    }
    let base_url = r.str("baseUrl").unwrap_or_default();
    let allow_http = r.bool("allowHttp");
    if let Err(why) = check_base_url(&base_url, allow_http) {
        r.err("baseUrl", why);
    }
    let url_path = r.str("path").unwrap_or_default();
    if !url_path.starts_with('/') {
        r.err("path", "must start with / (the host comes from baseUrl alone)");
    }
    let timeout_ms = match spec.get("timeoutMs") {
        None => DEFAULT_TIMEOUT_MS,
        Some(v) => match r.r.clamped(&cat!("{path}.timeoutMs"), v, TIMEOUT_MS.0 as f64, TIMEOUT_MS.1 as f64) {
            Some(n) => n as u32,
            None => {
                r.err("timeoutMs", "expected a number of milliseconds from 100 to 3000");
                DEFAULT_TIMEOUT_MS
            }
        },
    };
    let provider = Provider {
        input,
        method,
        path: url_path,
        query: r.pairs("query"),
        headers: r.pairs("headers"),
        body: spec.get("body").cloned(),
        key: r.str("key"),
        needs_key: r.bool("needsKey"),
        allow_http,
        timeout_ms,
        fail_if: r.rules("failIf"),
        no_match_if: r.rules("noMatchIf"),
        placeholders: r.list("placeholders"),
        no_match: r.statuses("noMatch", &[404]),
        quota: r.statuses("quota", &[429]),
        burst: r.statuses("burst", &[429]),
        fields: r.fields(),
        fallback: r.bool("fallback"),
        base_url: base_url.trim_end_matches('/').to_string(),
        name,
    };
    if let Err(e) = check_placeholders(&provider) {
        r.r.err(path, e);
    }
    (r.r.errors.len() == before).then_some(provider)
}

/// `https://host[:port][/path]` (or `http://` with `allowHttp`): the one
/// place a request's scheme, host and port come from, so nothing a signup
/// supplies can choose them. No user info, query, fragment, placeholder or
/// dot segment.
fn check_base_url(url: &str, allow_http: bool) -> Result<(), &'static str> {
    if !(url.starts_with("https://") || (allow_http && url.starts_with("http://"))) {
        return Err("must start with https:// (plain http only with allowHttp: true for this provider)");
    }
    // The URL attributes' own check: a clean absolute URL, no user info.
    let ok = crate::validate::url::check(url, true).is_ok() && !url.contains(['?', '#', '{', '}', '\\']);
    ok.then_some(()).ok_or("must be an absolute https://host[:port][/path] URL (no user info, query, fragment, placeholder or dot segment)")
}

/// What a template may name (`request` fills them in).
const PLACEHOLDERS: &[&str] =
    &["ip", "email", "email_sha256", "email_md5", "email_domain", "company_domain", "key", "key_base64"];

fn placeholders(t: &str) -> impl Iterator<Item = &str> {
    t.split('{').skip(1).filter_map(|s| s.split_once('}').map(|(n, _)| n))
}

/// Config-time check: every placeholder the spec uses exists.
pub fn check_placeholders(p: &Provider) -> Result<(), String> {
    let mut texts: Vec<&str> = vec![&p.path];
    texts.extend(p.query.iter().map(|(_, v)| v.as_str()));
    texts.extend(p.headers.iter().map(|(_, v)| v.as_str()));
    let body = p.body.as_ref().map(Value::to_json).unwrap_or_default();
    texts.push(&body);
    for t in texts {
        if let Some(bad) = placeholders(t).find(|n| !PLACEHOLDERS.contains(n)) {
            return Err(cat!("unknown placeholder {{{bad}}} (expected one of {{{}}})", PLACEHOLDERS.join("}, {")));
        }
    }
    Ok(())
}

/// One provider entry's keys, read through the shared `Reader` under the entry's path.
struct Entry<'a> {
    path: &'a str,
    spec: &'a Map,
    r: &'a mut Reader,
}

impl Entry<'_> {
    fn at(&self, key: &str) -> String {
        cat!("{}.{key}", self.path)
    }
    fn err(&mut self, key: &str, msg: &str) {
        let at = self.at(key);
        self.r.err(&at, msg);
    }
    fn str(&mut self, key: &str) -> Option<String> {
        let (at, v) = (self.at(key), self.spec.get(key)?);
        self.r.string(&at, v)
    }
    fn bool(&mut self, key: &str) -> bool {
        let Some(v) = self.spec.get(key) else { return false };
        let at = self.at(key);
        self.r.flag(&at, v)
    }
    fn pairs(&mut self, key: &str) -> Vec<(String, String)> {
        let Some(v) = self.spec.get(key) else { return vec![] };
        let at = self.at(key);
        self.r.string_map(&at, v)
    }
    fn list(&mut self, key: &str) -> Vec<String> {
        let Some(v) = self.spec.get(key) else { return vec![] };
        let at = self.at(key);
        self.r.strings(&at, v)
    }
    fn statuses(&mut self, key: &str, default: &[u16]) -> Vec<u16> {
        let Some(v) = self.spec.get(key) else { return default.to_vec() };
        let codes: Option<Vec<u16>> = v.as_array().and_then(|a| {
            a.iter().map(|c| c.as_f64().filter(|n| (100.0..600.0).contains(n)).map(|n| n as u16)).collect()
        });
        codes.unwrap_or_else(|| {
            self.err(key, "expected an array of HTTP status codes");
            vec![]
        })
    }
    /// `[{ pointer, equals }, ...]`
    fn rules(&mut self, key: &str) -> Vec<(String, Value)> {
        let Some(v) = self.spec.get(key) else { return vec![] };
        let rules: Option<Vec<(String, Value)>> = v.as_array().and_then(|a| {
            a.iter().map(|r| Some((r.get("pointer")?.as_str()?.to_string(), r.get("equals")?.clone()))).collect()
        });
        rules.unwrap_or_else(|| {
            self.err(key, "expected [{ pointer, equals }, ...]");
            vec![]
        })
    }
    fn fields(&mut self) -> Vec<(Field, Extract)> {
        let Some(m) = self.spec.get("fields").and_then(Value::as_object) else {
            self.err("fields", "expected an object mapping enriched fields to JSON pointers");
            return vec![];
        };
        let mut out = vec![];
        for (name, spec) in m.iter() {
            let Some(field) = Field::parse(name) else {
                self.err(&cat!("fields.{name}"), &cat!("unknown field (expected one of {})", Field::names()));
                continue;
            };
            if let Some(bad) = spec.as_object().and_then(|o| o.keys().find(|k| !EXTRACT_KEYS.contains(&k.as_str()))) {
                self.err(&cat!("fields.{name}.{bad}"), &cat!("unknown key (expected {})", EXTRACT_KEYS.join(", ")));
                continue;
            }
            let ex = match spec {
                Value::String(p) => Some(Extract { pointer: p.clone(), ..Extract::default() }),
                Value::Object(o) => o.get("pointer").and_then(Value::as_str).map(|p| Extract {
                    pointer: p.to_string(),
                    first: o.get("first") == Some(&Value::Bool(true)),
                    split: o
                        .get("split")
                        .and_then(Value::as_str)
                        .map(|s| (s.to_string(), o.get("index").and_then(Value::as_f64).unwrap_or(0.0) as usize)),
                    number: o.get("number") == Some(&Value::Bool(true)),
                    url: o.get("url") == Some(&Value::Bool(true)),
                    prefix: o.get("prefix").and_then(Value::as_str).map(str::to_string),
                }),
                _ => None,
            };
            match ex {
                Some(ex) if ex.pointer.is_empty() || ex.pointer.starts_with('/') => out.push((field, ex)),
                _ => self.err(
                    &cat!("fields.{name}"),
                    "expected a JSON pointer (\"/a/b\") or { pointer, split?, index?, number?, first?, url?, prefix? }",
                ),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;
    use std::format;

    fn entry(json: &str) -> Result<Provider, Vec<String>> {
        let v = parse(json).unwrap();
        let mut r = Reader::default();
        let presets = parse(super::super::PRESETS).unwrap();
        let p = parse_entry("config.sources[0]", v.as_object().unwrap(), &presets, &mut r);
        p.ok_or(r.errors)
    }

    #[test]
    fn every_preset_parses() {
        let presets = parse(super::super::PRESETS).unwrap();
        for name in presets.as_object().unwrap().keys() {
            let json = format!(r#"{{"preset": "{name}", "key": "k", "allowHttp": true}}"#);
            let p = entry(&json).unwrap_or_else(|e| panic!("{name}: {e:?}"));
            assert!(!p.fields.is_empty(), "{name}");
        }
        assert_eq!(presets.as_object().unwrap().keys().count(), 16);
        let pro = entry(r#"{"preset": "ipwhois.pro", "key": "k"}"#).unwrap();
        assert_eq!((pro.base_url.as_str(), pro.fields.len(), pro.needs_key), ("https://ipwhois.pro", 7, true));
    }

    #[test]
    fn overrides_apply_on_top_of_the_preset() {
        let p = entry(
            r#"{"preset": "ipinfo.io", "baseUrl": "http://127.0.0.1:9/x/", "allowHttp": true, "timeoutMs": 300,
                          "fields": {"city": "/town"}}"#,
        )
        .unwrap();
        assert_eq!(p.base_url, "http://127.0.0.1:9/x");
        assert_eq!(p.timeout_ms, 300);
        assert!(p.fields.iter().any(|(f, e)| *f == Field::City && e.pointer == "/town"));
        assert!(p.fields.iter().any(|(f, e)| *f == Field::Latitude && e.split == Some((",".into(), 0))));
    }

    #[test]
    fn plain_http_needs_allow_http() {
        let e = entry(r#"{"preset": "ip-api.com"}"#).unwrap_err();
        assert!(e[0].starts_with("config.sources[0].baseUrl: must start with https://"), "{e:?}");
        assert!(entry(r#"{"preset": "ip-api.com", "allowHttp": true}"#).is_ok());
    }

    #[test]
    fn the_host_comes_from_an_absolute_base_url_alone() {
        let spec = |base: &str, path: &str| {
            entry(&format!(
                r#"{{"name": "x", "input": "email", "baseUrl": "{base}", "allowHttp": true, "path": "{path}", "fields": {{"city": "/c"}}}}"#
            ))
        };
        for (base, path) in [
            ("http://", "{email_domain}/lookup"),
            ("http://", "//{email_domain}/lookup"),
            ("https://api.example", "{email}"),
            ("https://user@api.example", "/x"),
            ("https://api.example?x=1", "/x"),
            ("https://api.example#f", "/x"),
            ("https://api.example/{email_domain}", "/x"),
            ("https://api.example/a/../b", "/x"),
            ("https://api.example:", "/x"),
            ("https://[::1%eth0]", "/x"),
            ("https://[::1]x", "/x"),
            ("https://api example", "/x"),
            ("https://api.example\\\\@evil.example", "/x"),
        ] {
            assert!(spec(base, path).is_err(), "{base} {path}");
        }
        for base in [
            "https://api.example",
            "https://api.example:8443/v1/",
            "http://127.0.0.1:9/x",
            "https://[2001:db8::1]:443",
            "http://localhost",
        ] {
            assert!(spec(base, "/p/{email_domain}").is_ok(), "{base}");
        }
    }

    #[test]
    fn custom_specs_are_checked_key_by_key() {
        let e =
            entry(r#"{"name": "x", "input": "phone", "baseUrl": "ftp://x", "fields": {"county": "/c"}, "colour": 1}"#)
                .unwrap_err();
        let all = e.join("\n");
        for want in [
            "config.sources[0].colour: unknown key",
            "config.sources[0].input:",
            "config.sources[0].baseUrl:",
            "config.sources[0].fields.county: unknown field",
        ] {
            assert!(all.contains(want), "{want} in {all}");
        }
        assert!(entry(r#"{"preset": "nope"}"#).unwrap_err()[0].contains("unknown preset \"nope\""));
        let e = entry(r#"{"preset": "hunter", "fields": {"company": {"pointer": "/n", "prefx": "x"}}}"#).unwrap_err();
        assert!(e[0].starts_with("config.sources[0].fields.company.prefx: unknown key"), "{e:?}");
        let e = entry(
            r#"{"name": "x", "input": "ip", "baseUrl": "https://x", "path": "/{ipp}", "fields": {"city": "/c"}}"#,
        )
        .unwrap_err();
        assert!(e[0].contains("{ipp}"), "{e:?}");
    }
}
