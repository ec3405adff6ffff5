//! The hand-written parts checked against the libraries they replace
//! (dev-dependencies only; nothing here enters the wasm). Property tests:
//! `cargo test` runs a few hundred cases each; `scripts/fuzz.sh` runs a
//! million (`PROPTEST_CASES`).

use crate::alloc_under_test::Alloc;
use crate::{digest, json, net};
use core::alloc::{GlobalAlloc, Layout};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::string::{String, ToString};

fn config() -> ProptestConfig {
    // PROPTEST_CASES (scripts/fuzz.sh) overrides the suite's quick default.
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(256);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

/// Any JSON document serde_json can write: finite numbers, any strings.
fn any_json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(serde_json::Value::from),
        any::<String>().prop_map(serde_json::Value::String),
    ];
    leaf.prop_recursive(6, 64, 8, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..8).prop_map(serde_json::Value::Array),
            proptest::collection::btree_map(any::<String>(), inner, 0..8)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Our reading of `text`, written back, as serde_json reads it.
fn round_trip(text: &str) -> Result<serde_json::Value, String> {
    let ours = json::parse(text)?;
    Ok(serde_json::from_str(&ours.to_json()).expect("our output is JSON"))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn json_reads_what_serde_json_writes(v in any_json(), pretty in any::<bool>()) {
        let text = if pretty { serde_json::to_string_pretty(&v) } else { serde_json::to_string(&v) }.unwrap();
        prop_assert_eq!(round_trip(&text), Ok(v));
    }

    #[test]
    fn json_accepts_exactly_what_serde_json_accepts(text in r#"[\[\]{}",:0-9eE.+ \-tfnrualsx\\/]{0,32}"#) {
        let theirs = serde_json::from_str::<serde_json::Value>(&text);
        // serde_json refuses numbers beyond f64; we keep a number's text as it is.
        let out_of_range = theirs.as_ref().is_err_and(|e| e.to_string().contains("out of range"));
        if !out_of_range {
            prop_assert_eq!(json::parse(&text).is_ok(), theirs.is_ok(), "{:?}", text);
        }
    }

    #[test]
    fn json_values_agree_on_arbitrary_text(text in any::<String>()) {
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) {
            prop_assert_eq!(round_trip(&text), Ok(v));
        } else {
            prop_assert!(json::parse(&text).is_err());
        }
    }

    #[test]
    fn hashes_and_base64_match_the_crates(data in proptest::collection::vec(any::<u8>(), 0..300)) {
        use sha2::Digest;
        let hex = |b: &[u8]| b.iter().map(|x| std::format!("{x:02x}")).collect::<String>();
        prop_assert_eq!(digest::sha256_hex(&data), hex(&sha2::Sha256::digest(&data)));
        prop_assert_eq!(digest::md5_hex(&data), hex(&md5::Md5::digest(&data)));
        use ::base64::Engine;
        prop_assert_eq!(digest::base64(&data), ::base64::engine::general_purpose::STANDARD.encode(&data));
    }

    /// Random alloc/realloc/free sequences: every block aligned, inside no
    /// other live block, and its contents intact until it is freed; realloc
    /// keeps the prefix (as the system allocator, the model here, does).
    #[test]
    fn the_allocator_keeps_blocks_apart_and_intact(ops in proptest::collection::vec(
        (0..3u8, 0..4usize, prop_oneof![1..64usize, 1..5000usize, 60000..140000usize], 0..5u32), 1..200)) {
        crate::alloc_under_test::reset_arena();
        let a = Alloc::new();
        let mut live: std::vec::Vec<(*mut u8, Layout, u8)> = std::vec::Vec::new();
        let check = |p: *mut u8, l: Layout, tag: u8| unsafe { (0..l.size()).all(|i| *p.add(i) == tag) };
        for (n, (op, pick, size, align_pow)) in ops.into_iter().enumerate() {
            let tag = n as u8 | 1;
            match op {
                0 => {
                    let l = Layout::from_size_align(size, 1 << align_pow).unwrap();
                    let p = unsafe { a.alloc(l) };
                    prop_assert!(!p.is_null() && (p as usize).is_multiple_of(l.align()));
                    let (s, e) = (p as usize, p as usize + size);
                    prop_assert!(live.iter().all(|(q, m, _)| e <= *q as usize || s >= *q as usize + m.size()), "overlap");
                    unsafe { core::ptr::write_bytes(p, tag, size) };
                    live.push((p, l, tag));
                }
                1 if !live.is_empty() => {
                    let (p, l, t) = live.swap_remove(pick % live.len());
                    prop_assert!(check(p, l, t), "contents changed before free");
                    unsafe { a.dealloc(p, l) };
                }
                _ if !live.is_empty() => {
                    let i = pick % live.len();
                    let (p, l, t) = live[i];
                    let q = unsafe { a.realloc(p, l, size) };
                    let nl = Layout::from_size_align(size, l.align()).unwrap();
                    prop_assert!(!q.is_null() && (q as usize).is_multiple_of(nl.align()));
                    prop_assert!(check(q, Layout::from_size_align(size.min(l.size()), 1).unwrap(), t), "realloc lost data");
                    unsafe { core::ptr::write_bytes(q, t, size) };
                    live[i] = (q, nl, t);
                    let (s, e) = (q as usize, q as usize + size);
                    prop_assert!(live.iter().enumerate().all(|(j, (r, m, _))| j == i || e <= *r as usize || s >= *r as usize + m.size()), "overlap");
                }
                _ => {}
            }
        }
        for (p, l, t) in live {
            prop_assert!(check(p, l, t));
            unsafe { a.dealloc(p, l) };
        }
    }

    #[test]
    fn public_addresses_agree_with_core_net_where_it_knows(a in any::<u32>()) {
        // core::net names these ranges itself (stable subset): a non-public
        // one must never be judged public here.
        let ip = Ipv4Addr::from(a);
        let known = ip.is_private() || ip.is_loopback() || ip.is_link_local() || ip.is_multicast()
            || ip.is_documentation() || ip.is_unspecified() || ip.is_broadcast();
        if known {
            prop_assert!(net::non_public_reason(&ip.to_string()).is_some(), "{}", ip);
        }
    }
}

/// A JSON number's text: sign, digits, fraction, exponent, over the whole
/// range (subnormal to overflowing, 25 significant digits).
fn number_text() -> impl Strategy<Value = String> {
    (any::<bool>(), "(0|[1-9][0-9]{0,24})", proptest::option::of("[0-9]{1,25}"), proptest::option::of(-400i32..400))
        .prop_map(|(neg, int, frac, exp)| {
            let mut s = if neg { "-".to_string() } else { String::new() };
            s += &int;
            if let Some(f) = frac {
                s = s + "." + &f;
            }
            if let Some(e) = exp {
                s += &std::format!("e{e}");
            }
            s
        })
}

/// What JavaScript's JSON.parse makes of the escapes in a string literal's
/// body: UTF-16 code units, a surrogate paired only with the escape right after it.
fn js_units(body: &str) -> std::vec::Vec<u16> {
    let mut out = std::vec::Vec::new();
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek() == Some(&'u') {
            chars.next();
            let hex: String = chars.by_ref().take(4).collect();
            out.push(u16::from_str_radix(&hex, 16).unwrap());
        } else {
            let mut buf = [0u16; 2];
            out.extend_from_slice(c.encode_utf16(&mut buf));
        }
    }
    out
}

/// A string literal's body of plain text and `\uXXXX` escapes, surrogates
/// (paired, lone, reversed) on purpose.
fn escapes() -> impl Strategy<Value = String> {
    let unit = prop_oneof![0xD800u32..0xDC00, 0xDC00u32..0xE000, 0u32..0x10000, Just(0x41u32),];
    let piece = prop_oneof![
        unit.prop_map(|u| std::format!("\\u{u:04x}")),
        "[a-z é😀]{1,3}",
        (0xD800u32..0xDC00, 0xDC00u32..0xE000).prop_map(|(h, l)| std::format!("\\u{h:04X}\\u{l:04x}")),
    ];
    proptest::collection::vec(piece, 0..6).prop_map(|p| p.concat())
}

/// A valid address in one of its spellings: compressed or not, any case, an
/// IPv4 tail; `bad` breaks it the ways parsers have been fooled (a sign, a
/// tail in the wrong place).
fn ip_text() -> impl Strategy<Value = String> {
    let v4 = any::<[u8; 4]>().prop_map(|a| Ipv4Addr::from(a).to_string());
    let v6 = (any::<[u16; 8]>(), any::<bool>(), any::<bool>()).prop_map(|(a, upper, tail)| {
        let ip = Ipv6Addr::from(a);
        let s = if tail {
            std::format!("::ffff:{}", Ipv4Addr::from(a[6] as u32 * 65536 + a[7] as u32))
        } else {
            ip.to_string()
        };
        if upper {
            s.to_uppercase()
        } else {
            s
        }
    });
    let valid = prop_oneof![v4, v6];
    let bad = (valid.clone(), 0..4usize).prop_map(|(s, how)| match how {
        0 => s.replacen(':', ":+", 1).replacen('.', ".+", 1),
        1 => std::format!("{s}::"),
        2 => std::format!("1.2.3.4::{s}"),
        _ => s.replacen(|c: char| c.is_ascii_digit(), "+", 1),
    });
    prop_oneof![3 => valid, 2 => bad, 1 => "[0-9a-fA-F:.+]{0,45}"]
}

/// A diagnostic's worth of words that have broken `scrub`: URLs with `?`
/// before `://`, addresses glued to text, e-mails, control characters.
fn diag_text() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        Just("x?y://z".to_string()),
        Just("?://".to_string()),
        Just("NaN81.2.69.160".to_string()),
        Just("jane.doe@example.com".to_string()),
        ip_text(),
        "[a-z?:/.=@\"'\\r\\n\\t\u{7}é0-9]{0,12}",
    ];
    proptest::collection::vec(word, 0..8).prop_map(|w| w.concat())
}

/// Share of `strategy`'s values for which `valid` holds, over `n` draws.
fn share<S: Strategy>(strategy: S, n: usize, valid: impl Fn(&S::Value) -> bool) -> f64 {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let hits = (0..n).filter(|_| valid(&strategy.new_tree(&mut runner).unwrap().current())).count();
    hits as f64 / n as f64
}

#[test]
fn the_generators_make_the_inputs_they_are_for() {
    // A generator that never makes a valid address (or a lone surrogate)
    // would test only the parser's refusals: print and bound the share.
    let ip = share(ip_text(), 2000, |s| s.parse::<std::net::IpAddr>().is_ok());
    let lone = share(escapes(), 2000, |s| String::from_utf16(&js_units(s)).is_err());
    let exact = share(number_text(), 2000, |s| json::Value::number(s).and_then(|v| v.as_f64()).is_some());
    std::eprintln!(
        "valid IP addresses {ip:.2}, strings with a lone surrogate {lone:.2}, numbers read exactly {exact:.2}"
    );
    assert!((0.3..0.8).contains(&ip), "{ip}");
    assert!((0.2..0.8).contains(&lone), "{lone}");
    assert!((0.05..0.9).contains(&exact), "{exact}");
}

#[test]
fn number_edge_cases_as_serde_wasm_bindgen_lists_them() {
    let read = |s: &str| json::Value::number(s).and_then(|v| v.as_f64());
    let bits = |s: &str| read(s).map(f64::to_bits);
    // Read exactly, as JSON.parse and Go read them.
    for s in [
        "0",
        "-0",
        "9007199254740991",
        "-9007199254740991",
        "9007199254740992",
        "1e22",
        "1e23",
        "4.5e-21",
        "51.5074",
        "-180",
    ] {
        assert_eq!(bits(s), Some(s.parse::<f64>().unwrap().to_bits()), "{s}");
    }
    assert!(read("-0").unwrap().is_sign_negative());
    // Beyond what one rounding reads exactly: refused, never misread.
    for s in [
        "9007199254740993",
        "1.7976931348623157e308",
        "-1.7976931348623157e308",
        "2.2250738585072014e-308",
        "4.9e-324",
        "5e2147483648",
        "-5e2147483648",
        "1e-2147483649",
        "0.30000000000000004",
        "4.5e-22",
    ] {
        assert_eq!(read(s), None, "{s}");
    }
    assert_eq!(read("0e99999999999"), Some(0.0));
}

#[test]
fn numbered_issue_cases_for_parsers() {
    // `\u+041` is no escape, `::+1` no address, `1.2.3.4::` no address.
    assert!(json::parse(r#""\u+041""#).is_err());
    assert_eq!(net::parse_v6("::+1"), None);
    assert_eq!(net::parse_v6("1.2.3.4::"), None);
    assert_eq!(net::parse_v6("::1.2.3.4"), Some([0, 0, 0, 0, 0, 0, 0x0102, 0x0304]));
    // A high surrogate pairs only with a low one right after it.
    assert_eq!(json::parse(r#""\ud800\u0001""#).unwrap().to_json(), r#""\ud800\u0001""#);
    assert_eq!(json::parse(r#""\ud83d\ude00""#).unwrap(), json::Value::from("😀"));
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_number_reader_agrees_with_str_parse(text in number_text()) {
        let theirs = text.parse::<f64>().unwrap();
        match json::Value::number(&text).and_then(|v| v.as_f64()) {
            Some(ours) => {
                prop_assert!(ours.is_finite(), "{}", text);
                prop_assert_eq!(ours.to_bits(), theirs.to_bits(), "{}", text);
            }
            // Refused: fine, unless it is an ordinary number we must read.
            None => prop_assert!(text.len() > 12 || text.contains('e'), "{} was refused", text),
        }
    }

    #[test]
    fn surrogate_escapes_read_as_json_parse_reads_them(body in escapes()) {
        let text = std::format!("\"{body}\"");
        let v = json::parse(&text).unwrap();
        match String::from_utf16(&js_units(&body)) {
            Ok(s) => prop_assert_eq!(v, json::Value::String(s)),
            // A lone surrogate: kept as its text, to go back exactly.
            Err(_) => {
                prop_assert_eq!(v.as_str(), None);
                prop_assert_eq!(v.to_json(), text);
            }
        }
    }

    #[test]
    fn valid_and_broken_addresses_parse_as_core_net_parses_them(text in ip_text()) {
        prop_assert_eq!(net::parse_v4(&text), text.parse::<Ipv4Addr>().ok().map(|a| a.octets()), "{:?}", text);
        prop_assert_eq!(net::parse_v6(&text), text.parse::<Ipv6Addr>().ok().map(|a| a.segments()), "{:?}", text);
    }

    #[test]
    fn scrub_never_panics_and_leaves_one_line_without_addresses(text in diag_text()) {
        let out = crate::diag::scrub(&text);
        prop_assert!(!out.contains('\n') && !out.contains('\r'), "{:?}", out);
        prop_assert!(!out.contains("81.2.69.160") && !out.contains("jane.doe@example.com"), "{:?}", out);
        prop_assert!(!out.split(|c: char| !c.is_ascii_digit() && c != '.').any(|w| w.parse::<Ipv4Addr>().is_ok()), "{:?}", out);
    }
}
