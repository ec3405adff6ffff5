//! Build a provider's HTTP request from its spec and the event's inputs.
//! Placeholders: {ip}, {email}, {email_sha256}, {email_md5}, {email_domain},
//! {company_domain}, {key}, {key_base64}. A query parameter or header whose
//! key has no value is left out (optional keys); any other missing input
//! makes the source skip.

use super::spec::Provider;
use crate::digest;
use crate::json::{Map, Value};
use crate::prelude::*;
use concat::cat;

/// What the templates can draw on for one event.
pub struct Inputs {
    /// The event's IP address, if it has one (IP sources skip a non-public one).
    pub ip: Option<String>,
    /// Trimmed and lower-cased, as hashing services expect.
    pub email: Option<String>,
    /// `sources::company_domain`: `Err` says why there is none.
    pub company_domain: Result<String, String>,
}

impl Default for Inputs {
    fn default() -> Self {
        Inputs { ip: None, email: None, company_domain: Err("the user has no usable e-mail address".into()) }
    }
}

#[derive(Clone, Debug, PartialEq)]
/// One HTTP request the host is to make.
pub struct Request {
    /// `GET` or `POST`.
    pub method: String,
    /// The whole URL, placeholders filled and encoded.
    pub url: String,
    /// Header names and values.
    pub headers: Vec<(String, String)>,
    /// The JSON body of a `POST`.
    pub body: Option<String>,
    /// This request's own timeout, within the deadline.
    pub timeout_ms: u32,
}

fn value(name: &str, p: &Provider, inp: &Inputs) -> Option<String> {
    let email = inp.email.as_deref();
    match name {
        "ip" => inp.ip.clone(),
        "email" => email.map(str::to_string),
        "email_sha256" => email.map(|e| digest::sha256_hex(e.as_bytes())),
        "email_md5" => email.map(|e| digest::md5_hex(e.as_bytes())),
        "email_domain" => email.and_then(crate::validate::email::domain_of),
        "company_domain" => inp.company_domain.clone().ok(),
        "key" => p.key.clone(),
        "key_base64" => p.key.as_deref().map(|k| digest::base64(k.as_bytes())),
        _ => None,
    }
}

/// Expand `{name}` placeholders; `Err(name)` for the first one without a value.
fn expand(t: &str, p: &Provider, inp: &Inputs, encode: bool) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = t;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let Some(j) = rest[i..].find('}') else { break };
        let name = &rest[i + 1..i + j];
        let v = value(name, p, inp).ok_or_else(|| name.to_string())?;
        out.push_str(&if encode { percent_encode(&v) } else { v });
        rest = &rest[i + j + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The request for this event, or why the source cannot be called.
pub fn build(p: &Provider, inp: &Inputs) -> Result<Request, String> {
    if p.needs_key && p.key.is_none() {
        return Err("needs a key (config: key)".into());
    }
    let missing = |name: String| match name.as_str() {
        "ip" => "the event has no IP address".to_string(),
        "company_domain" => inp.company_domain.clone().err().unwrap_or_default(),
        "email_domain" => "the e-mail has no valid domain".to_string(),
        n if n.starts_with("email") => "the user has no e-mail address".to_string(),
        n => cat!("no value for {{{n}}}"),
    };
    let path = expand(&p.path, p, inp, true).map_err(missing)?;
    // URL parsers resolve "..", and "%2E%2E" as well (WHATWG): an input
    // that would make a dot segment cannot be sent at all.
    if path.split('/').any(|seg| matches!(seg.to_ascii_lowercase().replace("%2e", ".").as_str(), "." | "..")) {
        return Err("an input would make a dot segment in the path".into());
    }
    let mut url = p.base_url.clone() + &path;
    let mut sep = if url.contains('?') { '&' } else { '?' };
    for (k, t) in &p.query {
        if let Some(v) = optional(t, p, inp, true).map_err(missing)? {
            url.push(sep);
            url.push_str(&percent_encode(k));
            url.push('=');
            url.push_str(&v);
            sep = '&';
        }
    }
    let mut headers = vec![];
    for (k, t) in &p.headers {
        if let Some(v) = optional(t, p, inp, false).map_err(missing)? {
            headers.push((k.clone(), v));
        }
    }
    let body = match &p.body {
        None => None,
        Some(b) => {
            headers.push(("Content-Type".into(), "application/json".into()));
            Some(expand_json(b, p, inp).map_err(missing)?.to_json())
        }
    };
    headers.push(("Accept".into(), "application/json".into()));
    Ok(Request { method: p.method.clone(), url, headers, body, timeout_ms: p.timeout_ms })
}

/// A query value or header: `None` (left out) when only its key is missing;
/// without any other input the request is pointless (`Err`: the input).
fn optional(t: &str, p: &Provider, inp: &Inputs, encode: bool) -> Result<Option<String>, String> {
    match expand(t, p, inp, encode) {
        Ok(v) => Ok(Some(v)),
        Err(name) if name.starts_with("key") => Ok(None),
        Err(name) => Err(name),
    }
}

/// Placeholders in a JSON body's strings; escaping is the JSON writer's job.
fn expand_json(v: &Value, p: &Provider, inp: &Inputs) -> Result<Value, String> {
    Ok(match v {
        Value::String(s) => Value::String(expand(s, p, inp, false)?),
        Value::Array(a) => Value::Array(a.iter().map(|x| expand_json(x, p, inp)).collect::<Result<_, _>>()?),
        Value::Object(m) => {
            let mut out = Map::new();
            for (k, x) in m.iter() {
                out.insert(k.clone(), expand_json(x, p, inp)?);
            }
            Value::Object(out)
        }
        other => other.clone(),
    })
}

/// Everything but unreserved characters and ':' is escaped: a value stays
/// data inside one path segment or one query value, and can never add a
/// segment or a parameter (dot segments: see `build`).
fn percent_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~:".contains(&b) {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(char::from(b"0123456789ABCDEF"[(b >> 4) as usize]));
            out.push(char::from(b"0123456789ABCDEF"[(b & 15) as usize]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;
    use crate::providers::parse_entry;
    use std::format;

    fn provider(json: &str) -> Provider {
        let mut r = crate::reader::Reader::default();
        let presets = parse(crate::providers::PRESETS).unwrap();
        parse_entry("p", parse(json).unwrap().as_object().unwrap(), &presets, &mut r)
            .unwrap_or_else(|| panic!("{:?}", r.errors))
    }

    fn inputs() -> Inputs {
        Inputs {
            ip: Some("81.2.69.160".into()),
            email: Some("jane+x@acme.example".into()),
            company_domain: Ok("acme.example".into()),
        }
    }

    #[test]
    fn ip_provider_with_optional_key() {
        let p = provider(r#"{"preset": "ipapi.co"}"#);
        let r = build(&p, &inputs()).unwrap();
        assert_eq!(r.url, "https://ipapi.co/81.2.69.160/json/");
        let p = provider(r#"{"preset": "ipapi.co", "key": "s3cr et"}"#);
        assert_eq!(build(&p, &inputs()).unwrap().url, "https://ipapi.co/81.2.69.160/json/?key=s3cr%20et");
        let p = provider(r#"{"preset": "ipinfo.io"}"#);
        assert!(build(&p, &inputs()).unwrap().headers.iter().all(|(k, _)| k != "Authorization"));
    }

    #[test]
    fn keys_go_where_the_spec_says() {
        let p = provider(r#"{"preset": "maxmind", "key": "42:lic"}"#);
        let r = build(&p, &inputs()).unwrap();
        assert!(r.headers.contains(&("Authorization".into(), format!("Basic {}", digest::base64(b"42:lic")))));
        let p = provider(r#"{"preset": "ipgeolocation.io"}"#);
        assert_eq!(build(&p, &inputs()).unwrap_err(), "needs a key (config: key)");
    }

    #[test]
    fn person_presets_send_only_the_hash() {
        let sha = digest::sha256_hex(b"jane+x@acme.example");
        for preset in ["gravatar", "fullcontact", "peopledatalabs", "apollo"] {
            let p = provider(&format!(r#"{{"preset": "{preset}", "key": "k"}}"#));
            let r = build(&p, &inputs()).unwrap();
            let all = format!("{} {:?} {:?}", r.url, r.headers, r.body);
            assert!(all.contains(&sha), "{preset}: {all}");
            assert!(!all.contains("jane") && !all.contains("acme"), "{preset} leaks the address: {all}");
        }
        let r = build(&provider(r#"{"preset": "apollo", "key": "k"}"#), &inputs()).unwrap();
        assert_eq!(r.method, "POST");
        assert_eq!(r.body.unwrap(), format!(r#"{{"hashed_email":"{sha}"}}"#));
    }

    #[test]
    fn inputs_are_escaped_and_missing_inputs_skip() {
        let p = provider(
            r#"{"name": "c", "input": "email", "baseUrl": "https://x.example", "path": "/p/{email}", "query": {"d": "{email_domain}"}, "fields": {"city": "/c"}}"#,
        );
        let r = build(&p, &Inputs { email: Some("a/b?c@x.example".into()), ..Inputs::default() }).unwrap();
        assert_eq!(r.url, "https://x.example/p/a%2Fb%3Fc%40x.example?d=x.example");
        // A domain that is not a host name is no input: `x@..` never becomes a request.
        let r = build(&p, &Inputs { email: Some("x@..".into()), ..Inputs::default() });
        assert_eq!(r.unwrap_err(), "the e-mail has no valid domain");
        let dots = provider(
            r#"{"name": "c", "input": "email", "baseUrl": "https://x.example", "path": "/p/{email}/x", "fields": {"city": "/c"}}"#,
        );
        for email in ["..", "."] {
            let r = build(&dots, &Inputs { email: Some(email.into()), ..Inputs::default() });
            assert_eq!(r.unwrap_err(), "an input would make a dot segment in the path", "{email}");
        }
        // Headers follow the query's rule: only a key may be left out.
        let h = provider(
            r#"{"name": "h", "input": "email", "baseUrl": "https://x.example", "path": "/p", "headers": {"X-D": "{email_domain}", "X-K": "{key}"}, "fields": {"city": "/c"}}"#,
        );
        assert_eq!(
            build(&h, &Inputs { email: Some("x@..".into()), ..Inputs::default() }).unwrap_err(),
            "the e-mail has no valid domain"
        );
        let r = build(&h, &inputs()).unwrap();
        assert!(
            r.headers.contains(&("X-D".into(), "acme.example".into())) && r.headers.iter().all(|(k, _)| k != "X-K")
        );
        let r = build(&dots, &Inputs { email: Some("%2e%2E".into()), ..Inputs::default() });
        assert_eq!(r.unwrap().url, "https://x.example/p/%252e%252E/x", "a literal, not a dot segment");
        assert_eq!(percent_encode("2001:db8::1"), "2001:db8::1");
        assert_eq!(build(&p, &Inputs::default()).unwrap_err(), "the user has no e-mail address");
        let ip = provider(r#"{"preset": "ipwho.is"}"#);
        assert_eq!(build(&ip, &Inputs::default()).unwrap_err(), "the event has no IP address");
    }
}
