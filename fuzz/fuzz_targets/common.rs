//! What every fuzz target checks, and the structure-aware mutator they share.
//!
//! Invariants, for every input: no panic (a panic is a crash to libFuzzer);
//! the answer passes the write-path oracle (tests/oracle, the model of what
//! Authgear does with it: response schema, both maps re-validated, stored
//! values unchanged unless the policy writes them); every diagnostic is one
//! line without the key, an e-mail address or a full IPv4 address.

#![allow(dead_code)]

#[path = "../../tests/support/mod.rs"]
mod support;

use enrich_hook::json::{self, Value};
use enrich_hook::Outcome;

pub const KEY: &str = "fuzz-key-0123456789";

pub fn sample(name: &str) -> String {
    std::fs::read_to_string(format!("{}/../samples/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// The preset names, from src/providers/presets.json.
pub fn presets() -> Vec<String> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../src/providers/presets.json")).unwrap();
    json::parse(&text).unwrap().as_object().unwrap().keys().filter(|k| !k.starts_with('_')).cloned().collect()
}

pub fn fuzz_config() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/config.json")).unwrap()
}

/// The event as the shim hands it to the core: the runner's JSON.parse, then
/// JSON.stringify, where a number too large for a double became Infinity
/// and is written as null (other numbers keep their value). Not JSON: as it is.
pub fn as_js_sends(text: &str) -> String {
    fn relay(v: &mut Value) {
        match v {
            Value::Number(n) if n.parse::<f64>().is_ok_and(f64::is_infinite) => *v = Value::Null,
            Value::Array(a) => a.iter_mut().for_each(relay),
            Value::Object(m) => {
                let keys: Vec<String> = m.keys().cloned().collect();
                for k in keys {
                    m.get_mut(&k).map(relay);
                }
            }
            _ => {}
        }
    }
    match json::parse(text) {
        Ok(mut v) => {
            relay(&mut v);
            v.to_json()
        }
        Err(_) => text.to_string(),
    }
}

pub fn check(event: &str, config: &str, out: &Outcome) {
    // The lines as they leave the core (scrubbed there), explain's included.
    let sent = json::parse(&out.to_json(true)).expect("the core's output is JSON");
    let strings = |v: Option<&Value>| v.and_then(Value::as_strings).unwrap_or_default();
    let mut lines = strings(sent.get("diagnostics"));
    lines.extend(strings(sent.get("notes")));
    for row in sent.get("explain").and_then(Value::as_array).into_iter().flatten() {
        lines.extend(strings(row.get("notes")));
    }
    for d in &lines {
        assert!(!d.contains('\n') && !d.contains('\r'), "a diagnostic of more than one line: {d:?}");
        assert!(d.len() <= 1000, "a diagnostic of {} bytes", d.len());
        // The key is a secret of the config; an event that carries it
        // (libFuzzer learns it from this very comparison) is the user's text.
        assert!(event.contains(KEY) || !d.contains(KEY), "the key in a diagnostic: {d:?}");
        assert!(!has_email(d), "an e-mail address in a diagnostic: {d:?}");
        assert!(!has_full_ipv4(d), "a full IPv4 address in a diagnostic: {d:?}");
    }
    // The one answer needing no model: it changes nothing.
    if out.response.to_json() != r#"{"is_allowed":true}"# {
        support::assert_accepted(event, config, "", out);
    }
}

/// `local@domain.tld`, as a reader would take it: e-mail characters on both
/// sides of an `@`, a dot in the domain (scrub's `<email>` is fine).
fn has_email(s: &str) -> bool {
    let b = s.as_bytes();
    let mailish = |c: &u8| c.is_ascii_alphanumeric() || b"._%+-".contains(c);
    b.iter().enumerate().any(|(i, c)| {
        let local = b[..i].iter().rev().take_while(|c| mailish(c)).count();
        let domain = &b[i + 1..][..b[i + 1..].iter().take_while(|c| mailish(c)).count()];
        *c == b'@' && local > 0 && domain.contains(&b'.') && !domain.starts_with(b".")
    })
}

/// Four dot-separated groups of 1-3 digits, anywhere, not inside a longer
/// run of digits (`81.2.6.9160` holds no address).
fn has_full_ipv4(s: &str) -> bool {
    let b = s.as_bytes();
    (0..b.len()).any(|i| {
        let mut j = i;
        for g in 0..4 {
            let start = j;
            while j < b.len() && b[j].is_ascii_digit() && j - start < 3 {
                j += 1;
            }
            if j == start || (g < 3 && b.get(j) != Some(&b'.')) {
                return false;
            }
            if g < 3 {
                j += 1;
            }
        }
        (i == 0 || !b[i - 1].is_ascii_digit()) && !b.get(j).is_some_and(u8::is_ascii_digit)
    })
}

/// Values that have broken the hook or that Authgear refuses (issue 18 and
/// the contract), as JSON text: the mutator puts them where values go.
const POOL: &[&str] = &[
    r#""x?y://z""#,
    r#""?://""#,
    r#""\ud800""#,
    r#""\udc00x""#,
    r#""\ud800\u0001""#,
    r#""\ud83d\ude00""#,
    "5e2147483648",
    "-5e2147483648",
    "1.7976931348623157e308",
    "1.7976931348623159e308",
    "4.9e-324",
    "9007199254740993",
    "9007199254740992",
    "-0",
    "0.30000000000000004",
    "1e22",
    "1e23",
    "123456789012345678901234567890",
    r#""ftp://files.example/jane.png""#,
    r#""https://a.example/../b""#,
    r#""authgearimages:///app/x""#,
    r#""https://[1.2.3.4]/""#,
    r#""""#,
    r#"" ""#,
    r#""NaN81.2.69.160""#,
    r#""::ffff:10.0.0.1""#,
    r#""1.2.3.4::""#,
    r#""::+1""#,
    r#""81.2.69.160""#,
    r#""2001:db8::1""#,
    r#""jane@acme.example""#,
    r#""Jane <jane@acme.example>""#,
    r#""en_US""#,
    r#""en-us""#,
    r#""zh-hant-hk""#,
    r#""UTC""#,
    r#""Etc/UTC""#,
    r#""Europe/London""#,
    r#""+01:00""#,
    r#""--02-30""#,
    r#""0000-02-29""#,
    r#""1990-02-30""#,
    r#""GB""#,
    r#""UK""#,
    r#""XK""#,
    r#""gold""#,
    r#""pro""#,
    r#""+442071838750""#,
    r#""a\r\nb""#,
    "null",
    "true",
    "[]",
    "{}",
    r#"{"country":""}"#,
    r#"["en-GB",3]"#,
];
const KEYS: &[&str] = &[
    "picture",
    "zoneinfo",
    "locale",
    "birthdate",
    "address",
    "gender",
    "nickname",
    "website",
    "sub",
    "email",
    "country",
    "city",
    "lat",
    "tier",
    "mobile",
    "contact",
    "company",
    "enrich_status",
    "hd",
    "ip_address",
    "geo_location_code",
    "preferred_languages",
    "language",
    "triggered_by",
    "standard_attributes",
    "custom_attributes",
];

struct Rng(u32);
impl Rng {
    fn next(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 17;
        self.0 ^= self.0 << 5;
        self.0 as usize % n.max(1)
    }
}

fn count(v: &Value) -> usize {
    1 + match v {
        Value::Array(a) => a.iter().map(count).sum(),
        Value::Object(m) => m.iter().map(|(_, v)| count(v)).sum(),
        _ => 0,
    }
}

fn pool(rng: &mut Rng) -> Value {
    json::parse(POOL[rng.next(POOL.len())]).unwrap()
}

/// Change the `k`-th node (pre-order): replace it from the pool, or, for an
/// object, add or remove a key.
fn change(v: &mut Value, k: &mut usize, rng: &mut Rng) -> bool {
    if *k == 0 {
        match v {
            Value::Object(m) if rng.next(2) == 0 => {
                let keys: Vec<String> = m.keys().cloned().collect();
                if !keys.is_empty() && rng.next(3) == 0 {
                    m.remove(&keys[rng.next(keys.len())]);
                } else {
                    m.insert(KEYS[rng.next(KEYS.len())], pool(rng));
                }
            }
            _ => *v = pool(rng),
        }
        return true;
    }
    *k -= 1;
    match v {
        Value::Array(a) => a.iter_mut().any(|x| change(x, k, rng)),
        Value::Object(m) => {
            let keys: Vec<String> = m.keys().cloned().collect();
            keys.iter().any(|key| m.get_mut(key).is_some_and(|x| change(x, k, rng)))
        }
        _ => false,
    }
}

/// One structure-aware step on JSON text: a node replaced, a key added or
/// removed. `None` when the text is not JSON (libFuzzer's own mutations then).
pub fn mutate_json(text: &str, seed: u32) -> Option<String> {
    let mut v = json::parse(text).ok()?;
    let mut rng = Rng(seed | 1);
    for _ in 0..=rng.next(3) {
        let mut k = rng.next(count(&v));
        change(&mut v, &mut k, &mut rng);
    }
    Some(v.to_json())
}

/// The mutator body: half the time structure-aware on the JSON part
/// (`prefix` bytes of the input are kept as they are), else libFuzzer's.
pub fn mutate(data: &mut [u8], size: usize, max_size: usize, seed: u32, prefix: usize) -> usize {
    if seed % 2 == 0 {
        let prefix = prefix.min(size);
        if let Ok(text) = std::str::from_utf8(&data[prefix..size]) {
            if let Some(out) = mutate_json(text, seed) {
                if prefix + out.len() <= max_size {
                    data[prefix..prefix + out.len()].copy_from_slice(out.as_bytes());
                    return prefix + out.len();
                }
            }
        }
    }
    libfuzzer_sys::fuzzer_mutate(data, size, max_size)
}
