//! Attribute types and the one function that turns an enriched value into a
//! value Authgear accepts for that type — or says why it cannot.

use crate::prelude::*;
use concat::cat;
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
    /// `string`: at least one character.
    String,
    /// `number`, within its bounds.
    Number {
        /// The portal's minimum, if set.
        min: Option<f64>,
        /// The portal's maximum, if set.
        max: Option<f64>,
    },
    /// `integer`, within its bounds.
    Integer {
        /// The portal's minimum, if set.
        min: Option<f64>,
        /// The portal's maximum, if set.
        max: Option<f64>,
    },
    /// `enum`: one of these values.
    Enum(Vec<String>),
    /// `phone_number`: E.164.
    PhoneNumber,
    /// `email`.
    Email,
    /// `url`: absolute, clean path.
    Url,
    /// `country_code`: an alpha-2 code Authgear lists.
    CountryCode,
    // Standard attribute formats.
    /// Standard names and address parts: a non-empty string.
    NonEmpty,
    /// `picture`: http(s) or `authgearimages:///`.
    Picture,
    /// `zoneinfo`: a tzdata zone with a slash.
    Zoneinfo,
    /// `locale`: canonical BCP 47.
    Locale,
    /// `birthdate`: a real day in one of Authgear's layouts.
    Birthdate,
}

impl AttrType {
    /// The custom attribute types Authgear offers, by name (authgear-server
    /// pkg/lib/config/user_profile.go `CustomAttributeType`): the one list
    /// the config reader, its messages and the TypeScript types use.
    pub const CUSTOM: &'static [&'static str] =
        &["string", "number", "integer", "enum", "phone_number", "email", "url", "country_code"];

    /// The custom type called `name`, with the bounds or values that apply to it.
    pub fn custom(name: &str, min: Option<f64>, max: Option<f64>, values: Vec<String>) -> Option<AttrType> {
        Some(match name {
            "string" => AttrType::String,
            "number" => AttrType::Number { min, max },
            "integer" => AttrType::Integer { min, max },
            "enum" => AttrType::Enum(values),
            "phone_number" => AttrType::PhoneNumber,
            "email" => AttrType::Email,
            "url" => AttrType::Url,
            "country_code" => AttrType::CountryCode,
            _ => return None,
        })
    }
}

/// A value Authgear takes for an attribute of type `ty` (`backfill/check.mjs`
/// writes one to a test user to learn whether the project defines the
/// attribute with that type).
pub fn probe(ty: &AttrType) -> Value {
    use AttrType as T;
    let text = |s: &str| Value::String(s.into());
    match ty {
        T::String | T::NonEmpty => text("enrich-hook check"),
        T::Number { min, max } | T::Integer { min, max } => {
            // A whole number within the bounds (0 if it is): valid for either
            // type. (No `ceil` in `core`: truncation, then a step outwards.)
            let n = match (min, max) {
                (Some(m), _) if *m > 0.0 => *m as i64 + i64::from((*m as i64 as f64) < *m),
                (_, Some(m)) if *m < 0.0 => *m as i64 - i64::from((*m as i64 as f64) > *m),
                _ => 0,
            };
            Value::Number(crate::pieces::int(n))
        }
        T::Enum(values) => text(values.first().map_or("", String::as_str)),
        T::PhoneNumber => text("+85298765432"),
        T::Email => text("check@example.com"),
        T::Url | T::Picture => text("https://example.com/enrich-hook-check"),
        T::CountryCode => text("GB"),
        T::Zoneinfo => text("Europe/London"),
        T::Locale => text("en-GB"),
        T::Birthdate => text("2000-01-01"),
    }
}

/// Coerce `v` into a value of type `ty`, normalising where that is lossless
/// (case of country codes, BCP 47 casing, numeric strings).
pub fn coerce(ty: &AttrType, v: &Value) -> Result<Value, String> {
    use AttrType as T;
    let s = v.as_str().map(str::trim);
    let need_str = || s.filter(|s| !s.is_empty()).ok_or_else(|| cat!("expected a non-empty string, got {}", v.kind()));
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
            .ok_or_else(|| cat!("expected a number, got {}", v.kind()))?;
            let n = num.as_f64().filter(|f| f.is_finite()).ok_or("the number is out of range")?;
            if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
                return Err("the number is outside the attribute's minimum/maximum".into());
            }
            if matches!(ty, T::Integer { .. }) {
                if n.abs() > 9.007_199_254_740_991e15 || n != (n as i64) as f64 {
                    return Err("the number is not an integer".into());
                }
                // "4.0" or "4e0" is the integer 4: print it as one.
                return Ok(Value::Number(crate::pieces::int(n as i64)));
            }
            Ok(num)
        }
        T::Enum(values) => {
            let s = need_str()?;
            values
                .iter()
                .find(|e| e.eq_ignore_ascii_case(s))
                .map(|e| Value::String(e.clone()))
                .ok_or_else(|| cat!("{} is not one of the enum values", quote(s)))
        }
        T::PhoneNumber => check(need_str()?, phone::is_e164, "is not an E.164 phone number"),
        T::Email => check(need_str()?, email::is_email, "is not a plain e-mail address"),
        T::Url | T::Picture => {
            let s = need_str()?;
            url::check(s, matches!(ty, T::Picture)).map_err(|e| cat!("{}: {e}", quote(s)))?;
            Ok(Value::String(s.into()))
        }
        T::CountryCode => {
            let s = need_str()?;
            country::normalize(s)
                .map(Value::String)
                .ok_or_else(|| cat!("{} is not an ISO 3166-1 alpha-2 code Authgear accepts", quote(s)))
        }
        T::Zoneinfo => check(need_str()?, zone::is_zone, "is not an IANA time zone name with a slash"),
        T::Locale => {
            let s = need_str()?;
            locale::canonicalize(s)
                .map(Value::String)
                .ok_or_else(|| cat!("{} is not a BCP 47 tag we can make canonical", quote(s)))
        }
        T::Birthdate => check(need_str()?, is_birthdate, "is not YYYY-MM-DD, 0000-MM-DD, --MM-DD or YYYY"),
    }
}

/// A value checked as what its field says it is, whatever attribute it is
/// going to (a time zone of "+01:00" is no time zone, even for a plain
/// string attribute); normalised where that is lossless. Fields without a
/// format of their own (names, titles, industry) pass as they are.
pub fn by_meaning(field: crate::field::Field, v: &Value) -> Result<Value, String> {
    use crate::field::Field as F;
    let ty = match field {
        F::Country => AttrType::CountryCode,
        F::Timezone => AttrType::Zoneinfo,
        F::Locale => AttrType::Locale,
        F::Latitude => AttrType::Number { min: Some(-90.0), max: Some(90.0) },
        F::Longitude => AttrType::Number { min: Some(-180.0), max: Some(180.0) },
        F::AvatarUrl => AttrType::Picture,
        F::CompanyWebsite | F::LinkedinUrl | F::CompanyLinkedinUrl => AttrType::Url,
        F::EmployeeCount => AttrType::Integer { min: Some(0.0), max: None },
        F::FoundedYear => AttrType::Integer { min: Some(1000.0), max: Some(2100.0) },
        F::CompanyDomain => {
            let d = v.as_str().map(|s| s.trim().to_ascii_lowercase()).filter(|d| email::is_domain(d));
            return d.map(Value::String).ok_or_else(|| cat!("{} is not a domain name", v.kind()));
        }
        // Free text: no format of its own. Listed, not `_`: a new field must
        // say here what it means before it compiles.
        F::Region
        | F::City
        | F::PostalCode
        | F::Name
        | F::GivenName
        | F::FamilyName
        | F::Company
        | F::JobTitle
        | F::Seniority
        | F::Industry
        | F::EmployeeRange => return Ok(v.clone()),
    };
    coerce(&ty, v)
}

/// Whether a value already stored passes Authgear's validation for `ty` as
/// it is (Authgear re-validates every value of a returned map). Stricter than
/// `coerce`, which may normalise: here a value that would need normalising
/// fails. Strings need only be non-empty, as Authgear's `minLength: 1`.
pub fn accepts(ty: &AttrType, v: &Value) -> Result<(), String> {
    match (ty, v) {
        (AttrType::String | AttrType::NonEmpty, Value::String(s)) if !s.is_empty() => Ok(()),
        // Never empty: it holds an escape. Go reads it as a string with U+FFFD.
        (AttrType::String | AttrType::NonEmpty, Value::Raw(_)) => Ok(()),
        _ => match coerce(ty, v) {
            Ok(c) if &c == v => Ok(()),
            Ok(_) => Err(cat!("{} is not in the exact form Authgear accepts", v.kind())),
            Err(e) => Err(e),
        },
    }
}

fn check(s: &str, ok: fn(&str) -> bool, why: &str) -> Result<Value, String> {
    if ok(s) {
        Ok(Value::String(s.into()))
    } else {
        Err(cat!("{} {why}", quote(s)))
    }
}

/// A value for a diagnostic: short, and scrubbed later by `diag::scrub`.
pub fn quote(s: &str) -> String {
    // Scrubbed whole before it is cut: a cut address would escape the scrub.
    let short: String = crate::diag::scrub(s).chars().take(40).collect();
    cat!("\"{short}\"")
}

/// Go's `time.Parse` with `2006-01-02`, `0000-01-02`, `--01-02` or `2006`:
/// the day must exist in that month of that year (`--` and `0000` are year
/// 0, a leap year in Go's proleptic calendar).
fn is_birthdate(s: &str) -> bool {
    let b = s.as_bytes();
    let num = |r: core::ops::Range<usize>| -> Option<u32> {
        let d = b.get(r)?;
        d.iter().all(u8::is_ascii_digit).then(|| d.iter().fold(0, |n, c| n * 10 + (c - b'0') as u32))
    };
    let (year, md) = match b.len() {
        4 => return num(0..4).is_some(),
        7 if s.starts_with("--") => (Some(0), 2),
        10 if b[4] == b'-' => (num(0..4), 5),
        _ => return false,
    };
    let (Some(y), Some(m), Some(d)) = (year, num(md..md + 2), num(md + 3..md + 5)) else { return false };
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => 0,
    };
    b[md + 2] == b'-' && (1..=days).contains(&d)
}

#[cfg(test)]
mod tests {
    use super::{coerce, AttrType as T};
    use crate::json::Value;

    fn s(x: &str) -> Value {
        Value::from(x)
    }

    #[test]
    fn each_field_is_valid_as_what_it_means_first() {
        use super::by_meaning;
        use crate::field::Field as F;
        for (f, v) in [
            (F::Timezone, s("+01:00")),
            (F::Timezone, s("UTC")),
            (F::Country, s("United Kingdom")),
            (F::Locale, s("english please")),
            (F::Latitude, s("91")),
            (F::Longitude, Value::number("-180.5").unwrap()),
            (F::CompanyWebsite, s("javascript:alert(1)")),
            (F::CompanyDomain, s("x/../y")),
            (F::EmployeeCount, s("-3")),
            (F::FoundedYear, s("MMXV")),
        ] {
            assert!(by_meaning(f, &v).is_err(), "{} {v}", f.name());
        }
        assert_eq!(by_meaning(F::Country, &s("gb")).unwrap(), s("GB"));
        assert_eq!(by_meaning(F::Timezone, &s("Europe/London")).unwrap(), s("Europe/London"));
        assert_eq!(by_meaning(F::Latitude, &s("51.5")).unwrap().to_string(), "51.5");
        assert_eq!(by_meaning(F::Industry, &s("anything at all")).unwrap(), s("anything at all"));
    }
    fn n(x: &str) -> Value {
        Value::number(x).unwrap()
    }

    fn ok(ty: &T, v: Value) -> Value {
        coerce(ty, &v).unwrap_or_else(|e| panic!("{v} as {ty:?}: {e}"))
    }

    #[test]
    fn every_probe_is_a_value_its_type_accepts() {
        use super::{accepts, probe};
        let bounds =
            [(None, None), (Some(5.0), None), (None, Some(-3.0)), (Some(-7.5), Some(-2.5)), (Some(1.0), Some(1.0))];
        let mut types = vec![T::String, T::Enum(vec!["gold".into()]), T::PhoneNumber, T::Email, T::Url, T::CountryCode];
        types.extend(bounds.iter().flat_map(|&(min, max)| [T::Number { min, max }, T::Integer { min, max }]));
        for ty in &types {
            assert!(accepts(ty, &probe(ty)).is_ok(), "{ty:?}: {}", probe(ty));
        }
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
    fn stored_values_must_already_be_exact() {
        use super::accepts;
        assert!(accepts(&T::String, &s(" x ")).is_ok());
        assert!(accepts(&T::String, &s("")).is_err());
        assert!(accepts(&T::CountryCode, &s("GB")).is_ok());
        assert!(accepts(&T::CountryCode, &s("gb")).is_err());
        assert!(accepts(&T::Locale, &s("en_US")).is_err());
        assert!(accepts(&T::Locale, &s("en-US")).is_ok());
        assert!(accepts(&T::Integer { min: None, max: None }, &s("4")).is_err());
        assert!(accepts(&T::Integer { min: None, max: None }, &n("4")).is_ok());
        assert!(accepts(&T::Birthdate, &s("1990-02-30")).is_err());
        let e = T::Enum(vec!["gold".into()]);
        assert!(accepts(&e, &s("Gold")).is_err());
        assert!(accepts(&e, &s("gold")).is_ok());
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
        for b in ["2000-02-29", "0000-02-29", "--02-29", "1990-12-31"] {
            assert_eq!(ok(&T::Birthdate, s(b)), s(b));
        }
        for b in ["", "1990-13-01", "1990/01/01", "--1-01", "90", "1990-02-30", "--02-30", "1900-02-29", "1990-04-31"] {
            assert!(coerce(&T::Birthdate, &s(b)).is_err(), "{b}");
        }
    }
}
