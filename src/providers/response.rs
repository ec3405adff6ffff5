//! Judge a provider's answer: success, no match, or a failure (quota,
//! error status, error body at 200, not JSON …), and extract the fields.

use super::spec::{Extract, Provider};
use crate::field::Field;
use crate::json::Value;
use crate::prelude::*;
use concat::cat;

#[derive(Debug, PartialEq)]
/// What a provider's answer means.
pub enum Verdict {
    /// The values found, and notes on fields that were present but unusable.
    Values(Vec<(Field, Value)>, Vec<String>),
    /// The provider knows nothing about this input (e.g. 404 from a person API).
    NoMatch,
    /// The source failed.
    Failed {
        /// Why, for the diagnostic.
        why: String,
        /// For the status attribute: "" (an error), "quota" or "changed".
        kind: &'static str,
        /// Worth one more attempt if the budget allows (`Session` decides that).
        retry: bool,
    },
}

fn failed(why: impl Into<String>, kind: &'static str, retry: bool) -> Verdict {
    Verdict::Failed { why: why.into(), kind, retry }
}

/// Values no provider means as data, whatever the field.
const FILLERS: &[&str] = &["n/a", "null", "undefined", "unknown", "-"];

/// The one place that classifies an answer, retries included: a quota
/// answer is never retried (a second paid call for nothing), except a burst
/// limit (the preset's `burst`, by default 429) without Retry-After, which
/// one later attempt may pass; a 5xx is retried; anything else is final.
pub fn judge(p: &Provider, status: u16, retry_after: Option<&str>, body: &str) -> Verdict {
    if p.quota.contains(&status) {
        let burst = p.burst.contains(&status) && retry_after.is_none_or(|r| r.trim().is_empty());
        return failed(cat!("HTTP {status}: quota or rate limit reached"), "quota", burst);
    }
    if p.no_match.contains(&status) {
        return Verdict::NoMatch;
    }
    match status {
        200..=299 => {}
        300..=399 => return failed(cat!("HTTP {status}: redirects are not followed"), "", false),
        500..=599 => return failed(cat!("HTTP {status}"), "", true),
        _ => return failed(cat!("HTTP {status}"), "", false),
    }
    if body.trim().is_empty() {
        return failed("empty body", "", false);
    }
    // Our parser's reason (a cap, a byte offset): never the body itself.
    let doc = match crate::json::parse(body) {
        Ok(doc) => doc,
        Err(e) => return failed(cat!("the body is not JSON ({e})"), "", false),
    };
    let holds = |rules: &[(String, Value)]| {
        rules.iter().find(|(ptr, want)| pointer(&doc, ptr).unwrap_or(&Value::Null) == want).map(|(ptr, _)| ptr.clone())
    };
    if let Some(ptr) = holds(&p.fail_if) {
        return failed(cat!("the provider reported an error ({ptr})"), "", false);
    }
    if holds(&p.no_match_if).is_some() {
        return Verdict::NoMatch;
    }
    if !p.fields.iter().any(|(_, ex)| pointer(&doc, &ex.pointer).is_some()) {
        return failed("the answer holds none of the fields this source reads: has the API changed?", "changed", false);
    }
    let mut values = vec![];
    let mut notes = vec![];
    for (field, ex) in &p.fields {
        match pointer(&doc, &ex.pointer).map(|v| extract(v, ex, &p.placeholders)) {
            None | Some(Ok(None)) => {}
            Some(Ok(Some(v))) => values.push((*field, v)),
            Some(Err(why)) => notes.push(cat!("{}: {why}", field.name())),
        }
    }
    Verdict::Values(values, notes)
}

/// RFC 6901 JSON pointer.
pub fn pointer<'v>(doc: &'v Value, ptr: &str) -> Option<&'v Value> {
    if ptr.is_empty() {
        return Some(doc);
    }
    ptr.strip_prefix('/')?.split('/').try_fold(doc, |v, raw| {
        let key = raw.replace("~1", "/").replace("~0", "~");
        match v {
            Value::Object(m) => m.get(&key),
            Value::Array(a) => a.get(key.parse::<usize>().ok()?),
            _ => None,
        }
    })
}

/// Apply the transforms. `Ok(None)`: absent or null (nothing to say);
/// `Err`: present but of a type no attribute can take.
fn extract(v: &Value, ex: &Extract, placeholders: &[String]) -> Result<Option<Value>, String> {
    let mut v = v.clone();
    if ex.first {
        if let Value::Array(a) = &v {
            v = a.first().cloned().unwrap_or(Value::Null);
        }
    }
    if let (Some((sep, i)), Value::String(s)) = (&ex.split, &v) {
        v = s.split(sep.as_str()).nth(*i).map_or(Value::Null, |part| Value::from(part.trim()));
    }
    if ex.number {
        if let Value::String(s) = &v {
            v = Value::number(s.trim()).ok_or("expected a number, got a non-numeric string")?;
        }
    }
    if ex.url {
        if let Value::String(s) = &v {
            if !s.contains("://") && !s.trim().is_empty() {
                v = Value::String(cat!("https://{}", s.trim()));
            }
        }
    }
    if let (Some(pre), Value::String(s)) = (&ex.prefix, &v) {
        if !s.contains("://") && !s.trim().is_empty() {
            v = Value::String(cat!("{pre}{}", s.trim()));
        }
    }
    match v {
        Value::Null => Ok(None),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        Value::String(s) if is_placeholder(&s, placeholders) => Err("a placeholder, not data".into()),
        Value::String(_) | Value::Number(_) => Ok(Some(v)),
        other => Err(cat!("expected a string or number, got {}", other.kind())),
    }
}

/// Whether `s` is filler: the provider's own (its preset's `placeholders`)
/// or a value no provider means as data. Exact matches only, ignoring case:
/// a real company may well be called "Upgrade".
fn is_placeholder(s: &str, own: &[String]) -> bool {
    let s = s.trim();
    own.iter().map(String::as_str).chain(FILLERS.iter().copied()).any(|p| p.eq_ignore_ascii_case(s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;
    use crate::providers::parse_entry;
    use std::format;

    fn provider(preset: &str) -> Provider {
        let json = format!(r#"{{"preset": "{preset}", "key": "k", "allowHttp": true}}"#);
        parse_entry(
            "p",
            parse(&json).unwrap().as_object().unwrap(),
            &parse(crate::providers::PRESETS).unwrap(),
            &mut crate::reader::Reader::default(),
        )
        .unwrap()
    }

    #[test]
    fn error_bodies_at_200_fail() {
        for (preset, body) in [
            ("ip-api.com", r#"{"status":"fail","message":"private range","query":"10.0.0.1"}"#),
            ("ipwho.is", r#"{"success":false,"message":"Invalid IP address"}"#),
            ("ipapi.co", r#"{"error":true,"reason":"Reserved IP Address"}"#),
            ("ipinfo.io", r#"{"ip":"10.0.0.1","bogon":true}"#),
        ] {
            let v = judge(&provider(preset), 200, None, body);
            assert!(matches!(v, Verdict::Failed { kind: "", retry: false, .. }), "{preset}: {v:?}");
        }
    }

    #[test]
    fn statuses_decide_quota_and_retry_in_one_place() {
        let v = |p: &str, s, ra| match judge(&provider(p), s, ra, "{}") {
            Verdict::Failed { kind, retry, .. } => (kind, retry),
            other => panic!("{other:?}"),
        };
        assert_eq!(v("ipapi.co", 429, None), ("quota", true), "a burst limit: one more try");
        assert_eq!(v("ipapi.co", 429, Some("30")), ("quota", false), "a declared wait: never");
        assert_eq!(v("ipdata.co", 403, None), ("quota", false));
        assert_eq!(v("peopledatalabs", 402, None), ("quota", false));
        assert_eq!(v("maxmind", 402, None), ("quota", false));
        assert_eq!(v("ipapi.co", 403, None), ("", false));
        // Hunter's docs call 403 its rate limit and 429 its usage limit; its own
        // client treats 402 as the spent monthly quota and 429 as a rate limit
        // (../shared/docs/providers.md): 402 never retried, 403 and 429 once.
        assert_eq!(v("hunter", 402, None), ("quota", false));
        assert_eq!(v("hunter", 403, None), ("quota", true));
        assert_eq!(v("hunter", 429, None), ("quota", true));
        assert_eq!(v("hunter", 429, Some("3600")), ("quota", false), "a declared wait: never");
        assert_eq!(v("ipapi.co", 503, None), ("", true));
        assert_eq!(v("ipapi.co", 302, None), ("", false));
        assert_eq!(judge(&provider("gravatar"), 404, None, "not found"), Verdict::NoMatch);
        assert!(matches!(judge(&provider("ipapi.co"), 200, None, "<html>oops</html>"), Verdict::Failed { .. }));
        assert!(matches!(judge(&provider("ipapi.co"), 200, None, "  "), Verdict::Failed { .. }));
    }

    #[test]
    fn a_200_without_any_field_read_is_a_changed_api() {
        let v = judge(&provider("ipinfo.io"), 200, None, r#"{"ip":"81.2.69.160","data":{"city":"London"}}"#);
        assert!(matches!(v, Verdict::Failed { kind: "changed", retry: false, .. }), "{v:?}");
        // Present but null is an answer (nothing known), not a changed API.
        assert!(
            matches!(judge(&provider("ipinfo.io"), 200, None, r#"{"city":null}"#), Verdict::Values(v, _) if v.is_empty())
        );
        assert_eq!(judge(&provider("apollo"), 200, None, r#"{"person":null}"#), Verdict::NoMatch);
        assert_eq!(judge(&provider("apollo-organization"), 200, None, "{}"), Verdict::NoMatch);
    }

    #[test]
    fn placeholders_are_not_data() {
        let body =
            r#"{"city":"London","postal":"Sign up to access","region":"sign up to ACCESS ","country_code":"N/A"}"#;
        match judge(&provider("ipapi.co"), 200, None, body) {
            Verdict::Values(v, notes) => {
                assert_eq!(v, vec![(Field::City, Value::from("London"))]);
                assert_eq!(notes.len(), 3, "{notes:?}");
                assert!(notes.iter().all(|n| n.ends_with("a placeholder, not data")), "{notes:?}");
            }
            other => panic!("{other:?}"),
        }
        // Exact matches only: a company called "Upgrade" is a company.
        assert!(!is_placeholder("Upgrade", &["Sign up to access".into()]));
    }

    #[test]
    fn wrong_types_are_noted_not_extracted() {
        match judge(
            &provider("ipapi.co"),
            200,
            None,
            r#"{"country_code":{"x":1},"city":null,"latitude":"north","region":""}"#,
        ) {
            Verdict::Values(v, notes) => {
                assert_eq!(v.len(), 1, "{v:?}"); // latitude "north" stays a string; validation drops it later
                assert!(notes[0].starts_with("country: expected a string or number"), "{notes:?}");
            }
            other => panic!("{other:?}"),
        }
        assert!(
            matches!(judge(&provider("ipinfo.io"), 200, None, r#"{"loc":"north,south"}"#), Verdict::Values(v, n) if v.is_empty() && n.len() == 2)
        );
    }

    #[test]
    fn pointers() {
        let d = parse(r#"{"a/b":{"c~d":[1,2]}}"#).unwrap();
        assert_eq!(pointer(&d, "/a~1b/c~0d/1").map(|v| v.to_string()), Some("2".into()));
        assert_eq!(pointer(&d, "/missing"), None);
        assert_eq!(pointer(&d, ""), Some(&d));
    }
}
