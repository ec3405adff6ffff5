//! Attribute types and the one function that turns an enriched value into a
//! value Authgear accepts for that type — or says why it cannot.

use crate::prelude::*;
use concat::format;
pub mod country;
pub mod email;
pub mod locale;
pub mod phone;
pub mod url;
pub mod zone;

use crate::json::Value;

/// What an attribute accepts, as Authgear validates it.
#[derive(Clone, Debug, PartialEq)]
pub enum AttrType {
    // Custom attribute types, as declared in the portal.
    String,
    Number { min: Option<f64>, max: Option<f64> },
    Integer { min: Option<f64>, max: Option<f64> },
    Enum(Vec<String>),
    PhoneNumber,
    Email,
    Url,
    CountryCode,
    // Standard attribute formats.
    NonEmpty,
    Picture,
    Zoneinfo,
    Locale,
    Birthdate,
}

impl AttrType {
    /// The custom attribute type names Authgear's portal offers.
    pub const CUSTOM_NAMES: &'static str = "string, number, integer, enum, phone_number, email, url, country_code";
}

/// Coerce `v` into a value of type `ty`, normalising where that is lossless
/// (case of country codes, BCP 47 casing, numeric strings).
pub fn coerce(ty: &AttrType, v: &Value) -> Result<Value, String> {
    use AttrType as T;
    let s = v.as_str().map(str::trim);
    let need_str =
        || s.filter(|s| !s.is_empty()).ok_or_else(|| format!("expected a non-empty string, got {}", kind(v)));
    match ty {
        T::String | T::NonEmpty => match v {
            Value::Number(n) if matches!(ty, T::String) => Ok(Value::String(n.clone())),
            _ => need_str().map(|s| Value::String(s.into())),
        },
        T::Number { min, max } | T::Integer { min, max } => {
            let num = match v {
                Value::Number(_) => Some(v.clone()),
                Value::String(s) => Value::number(s.trim()),
                _ => None,
            }
            .ok_or_else(|| format!("expected a number, got {}", kind(v)))?;
            let n = num.as_f64().filter(|f| f.is_finite()).ok_or("the number is out of range")?;
            if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
                return Err("the number is outside the attribute's minimum/maximum".into());
            }
            if matches!(ty, T::Integer { .. }) {
                if n.abs() > 9.007_199_254_740_991e15 || n != (n as i64) as f64 {
                    return Err("the number is not an integer".into());
                }
                // "4.0" or "4e0" is the integer 4: print it as one.
                return Ok(Value::Number(crate::text::int(n as i64)));
            }
            Ok(num)
        }
        T::Enum(values) => {
            let s = need_str()?;
            values
                .iter()
                .find(|e| e.eq_ignore_ascii_case(s))
                .map(|e| Value::String(e.clone()))
                .ok_or_else(|| format!("{} is not one of the enum values", quote(s)))
        }
        T::PhoneNumber => check(need_str()?, phone::is_e164, "is not an E.164 phone number"),
        T::Email => check(need_str()?, email::is_email, "is not a plain e-mail address"),
        T::Url | T::Picture => {
            let s = need_str()?;
            url::check(s, matches!(ty, T::Picture)).map_err(|e| format!("{}: {e}", quote(s)))?;
            Ok(Value::String(s.into()))
        }
        T::CountryCode => {
            let s = need_str()?;
            country::normalize(s)
                .map(Value::String)
                .ok_or_else(|| format!("{} is not an ISO 3166-1 alpha-2 code Authgear accepts", quote(s)))
        }
        T::Zoneinfo => check(need_str()?, zone::is_zone, "is not an IANA time zone name with a slash"),
        T::Locale => {
            let s = need_str()?;
            locale::canonicalize(s)
                .map(Value::String)
                .ok_or_else(|| format!("{} is not a BCP 47 tag we can make canonical", quote(s)))
        }
        T::Birthdate => check(need_str()?, is_birthdate, "is not YYYY-MM-DD, 0000-MM-DD, --MM-DD or YYYY"),
    }
}

fn check(s: &str, ok: fn(&str) -> bool, why: &str) -> Result<Value, String> {
    if ok(s) {
        Ok(Value::String(s.into()))
    } else {
        Err(format!("{} {why}", quote(s)))
    }
}

/// A value's JSON kind, for diagnostics that must not echo the value itself.
pub fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(s) if s.trim().is_empty() => "an empty string",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A value for a diagnostic: short, and scrubbed later by `diag::scrub`.
fn quote(s: &str) -> String {
    let short: String = s.chars().take(40).collect();
    format!("\"{short}\"")
}

fn is_birthdate(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: core::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let md = |at: usize| {
        let m: u8 = s[at..at + 2].parse().unwrap_or(0);
        let d: u8 = s[at + 3..at + 5].parse().unwrap_or(0);
        b[at + 2] == b'-'
            && (1..=12).contains(&m)
            && (1..=31).contains(&d)
            && digits(at..at + 2)
            && digits(at + 3..at + 5)
    };
    match b.len() {
        4 => digits(0..4),
        7 => s.starts_with("--") && md(2),
        10 => digits(0..4) && b[4] == b'-' && md(5),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::{coerce, AttrType as T};
    use crate::json::Value;

    fn s(x: &str) -> Value {
        Value::from(x)
    }
    fn n(x: &str) -> Value {
        Value::number(x).unwrap()
    }

    fn ok(ty: &T, v: Value) -> Value {
        coerce(ty, &v).unwrap_or_else(|e| panic!("{v} as {ty:?}: {e}"))
    }

    #[test]
    fn strings_must_be_non_empty_and_numbers_become_strings() {
        assert_eq!(ok(&T::String, s(" Paris ")), s("Paris"));
        assert_eq!(ok(&T::String, n("51.5")), s("51.5"));
        assert!(coerce(&T::String, &s("  ")).is_err());
        assert!(coerce(&T::String, &Value::Null).is_err());
        assert!(coerce(&T::NonEmpty, &n("3")).is_err());
    }

    #[test]
    fn numbers_and_integers_respect_bounds() {
        let lat = T::Number { min: Some(-90.0), max: Some(90.0) };
        assert_eq!(ok(&lat, s("51.5074")), n("51.5074"));
        assert_eq!(ok(&lat, n("10")), n("10"));
        assert!(coerce(&lat, &n("91")).is_err());
        assert!(coerce(&lat, &s("north")).is_err());
        let int = T::Integer { min: Some(0.0), max: None };
        assert_eq!(ok(&int, s("42")), n("42"));
        assert!(coerce(&int, &n("4.2")).is_err());
        assert!(coerce(&int, &n("-1")).is_err());
    }

    #[test]
    fn enums_match_case_insensitively_and_return_the_declared_spelling() {
        let e = T::Enum(vec!["GB".into(), "other".into()]);
        assert_eq!(ok(&e, s("gb")), s("GB"));
        assert!(coerce(&e, &s("US")).is_err());
    }

    #[test]
    fn formats() {
        assert_eq!(ok(&T::CountryCode, s("gb")), s("GB"));
        assert!(coerce(&T::CountryCode, &s("United Kingdom")).is_err());
        assert!(coerce(&T::Zoneinfo, &s("+01:00")).is_err());
        assert!(coerce(&T::Zoneinfo, &s("UTC")).is_err());
        assert_eq!(ok(&T::Locale, s("en_gb")), s("en-GB"));
        assert!(coerce(&T::Picture, &s("ftp://x.example/a.png")).is_err());
        assert_eq!(ok(&T::Url, s("https://acme.example")), s("https://acme.example"));
        assert!(coerce(&T::Email, &s("Jane <j@x.example>")).is_err());
        assert!(coerce(&T::PhoneNumber, &s("12345")).is_err());
        for b in ["2021", "--01-31", "0000-12-01", "1990-02-03"] {
            assert_eq!(ok(&T::Birthdate, s(b)), s(b));
        }
        for b in ["", "1990-13-01", "1990/01/01", "--1-01", "90"] {
            assert!(coerce(&T::Birthdate, &s(b)).is_err(), "{b}");
        }
    }
}
