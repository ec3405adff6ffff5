//! Judge a provider's answer: success, no match, or a failure (quota,
//! error status, error body at 200, not JSON …), and extract the fields.

use super::spec::{Extract, Provider};
use crate::field::Field;
use crate::json::Value;
use crate::prelude::*;
use concat::format;

#[derive(Debug, PartialEq)]
pub enum Verdict {
    /// The values found, and notes on fields that were present but unusable.
    Values(Vec<(Field, Value)>, Vec<String>),
    /// The provider knows nothing about this input (e.g. 404 from a person API).
    NoMatch,
    Failed {
        why: String,
        quota: bool,
        retryable: bool,
    },
}

fn failed(why: impl Into<String>, quota: bool, retryable: bool) -> Verdict {
    Verdict::Failed { why: why.into(), quota, retryable }
}

pub fn judge(p: &Provider, status: u16, body: &str) -> Verdict {
    if p.quota.contains(&status) {
        return failed(format!("HTTP {status}: quota or rate limit reached"), true, status == 429);
    }
    if p.no_match.contains(&status) {
        return Verdict::NoMatch;
    }
    match status {
        200..=299 => {}
        300..=399 => return failed(format!("HTTP {status}: redirects are not followed"), false, false),
        500..=599 => return failed(format!("HTTP {status}"), false, true),
        _ => return failed(format!("HTTP {status}"), false, false),
    }
    if body.trim().is_empty() {
        return failed("empty body", false, false);
    }
    let Ok(doc) = crate::json::parse(body) else {
        return failed("the body is not JSON", false, false);
    };
    if let Some((ptr, _)) = p.fail_if.iter().find(|(ptr, want)| pointer(&doc, ptr) == Some(want)) {
        return failed(format!("the provider reported an error ({ptr})"), false, false);
    }
    let mut values = vec![];
    let mut notes = vec![];
    for (field, ex) in &p.fields {
        match pointer(&doc, &ex.pointer).map(|v| extract(v, ex)) {
            None | Some(Ok(None)) => {}
            Some(Ok(Some(v))) => values.push((*field, v)),
            Some(Err(why)) => notes.push(format!("{}: {why}", field.name())),
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
fn extract(v: &Value, ex: &Extract) -> Result<Option<Value>, String> {
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
                v = Value::String(format!("https://{}", s.trim()));
            }
        }
    }
    match v {
        Value::Null => Ok(None),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        Value::String(_) | Value::Number(_) => Ok(Some(v)),
        other => Err(format!("expected a string or number, got {}", crate::validate::kind(&other))),
    }
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
            &mut vec![],
        )
        .unwrap()
    }

    fn values(v: Verdict) -> Vec<(&'static str, String)> {
        match v {
            Verdict::Values(vals, _) => vals.into_iter().map(|(f, v)| (f.name(), v.to_string())).collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn each_documented_shape_extracts() {
        let v = values(judge(
            &provider("ipinfo.io"),
            200,
            r#"{"ip":"81.2.69.160","city":"London","region":"England","country":"GB","loc":"51.5085,-0.1257","postal":"EC1A","timezone":"Europe/London"}"#,
        ));
        assert!(v.contains(&("latitude", "51.5085".into())) && v.contains(&("longitude", "-0.1257".into())), "{v:?}");
        let v = values(judge(
            &provider("maxmind"),
            200,
            r#"{"country":{"iso_code":"GB"},"subdivisions":[{"iso_code":"ENG","names":{"en":"England"}}],"city":{"names":{"en":"London"}},"location":{"latitude":51.5,"longitude":-0.12,"time_zone":"Europe/London"}}"#,
        ));
        assert!(
            v.contains(&("region", "\"England\"".into())) && v.contains(&("timezone", "\"Europe/London\"".into())),
            "{v:?}"
        );
        let v = values(judge(
            &provider("ipgeolocation.io"),
            200,
            r#"{"country_code2":"GB","latitude":"51.50853","longitude":"-0.12574","time_zone":{"name":"Europe/London"}}"#,
        ));
        assert!(v.contains(&("latitude", "51.50853".into())), "coordinates as strings become numbers: {v:?}");
        let v = values(judge(
            &provider("peopledatalabs"),
            200,
            r#"{"status":200,"likelihood":8,"data":{"full_name":"jane doe","job_title":"cto","job_company_name":"acme","job_company_website":"acme.example"}}"#,
        ));
        assert!(v.contains(&("company_website", "\"https://acme.example\"".into())), "{v:?}");
    }

    #[test]
    fn error_bodies_at_200_fail() {
        for (preset, body) in [
            ("ip-api.com", r#"{"status":"fail","message":"private range","query":"10.0.0.1"}"#),
            ("ipwho.is", r#"{"success":false,"message":"Invalid IP address"}"#),
            ("ipapi.co", r#"{"error":true,"reason":"Reserved IP Address"}"#),
            ("ipinfo.io", r#"{"ip":"10.0.0.1","bogon":true}"#),
        ] {
            assert!(matches!(judge(&provider(preset), 200, body), Verdict::Failed { quota: false, .. }), "{preset}");
        }
    }

    #[test]
    fn statuses_are_classified() {
        let quota = |p: &str, s| matches!(judge(&provider(p), s, "{}"), Verdict::Failed { quota: true, .. });
        assert!(quota("ipapi.co", 429) && quota("ipdata.co", 403) && quota("peopledatalabs", 402));
        assert!(!quota("ipapi.co", 403));
        assert_eq!(judge(&provider("gravatar"), 404, "not found"), Verdict::NoMatch);
        assert!(matches!(judge(&provider("ipapi.co"), 503, ""), Verdict::Failed { retryable: true, .. }));
        assert!(matches!(judge(&provider("ipapi.co"), 302, ""), Verdict::Failed { retryable: false, .. }));
        assert!(matches!(judge(&provider("ipapi.co"), 200, "<html>oops</html>"), Verdict::Failed { .. }));
        assert!(matches!(judge(&provider("ipapi.co"), 200, "  "), Verdict::Failed { .. }));
    }

    #[test]
    fn wrong_types_are_noted_not_extracted() {
        match judge(&provider("ipapi.co"), 200, r#"{"country_code":{"x":1},"city":null,"latitude":"n/a","region":""}"#)
        {
            Verdict::Values(v, notes) => {
                assert_eq!(v.len(), 1, "{v:?}"); // latitude "n/a" stays a string; validation drops it later
                assert!(notes[0].starts_with("country: expected a string or number"), "{notes:?}");
            }
            other => panic!("{other:?}"),
        }
        assert!(
            matches!(judge(&provider("ipinfo.io"), 200, r#"{"loc":"north,south"}"#), Verdict::Values(v, n) if v.is_empty() && n.len() == 2)
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
