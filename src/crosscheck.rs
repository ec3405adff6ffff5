//! The hand-written parts checked against the libraries they replace
//! (dev-dependencies only; nothing here enters the wasm). Property tests:
//! `cargo test` runs a few hundred cases each; `scripts/fuzz.sh` runs a
//! million (`PROPTEST_CASES`).

use crate::alloc_under_test::Alloc;
use crate::{digest, json, net};
use core::alloc::{GlobalAlloc, Layout};
use proptest::prelude::*;
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

    #[test]
    fn ipv4_parsing_matches_core_net(text in r"[0-9.]{0,16}") {
        prop_assert_eq!(net::parse_v4(&text), text.parse::<Ipv4Addr>().ok().map(|a| a.octets()), "{:?}", text);
    }

    #[test]
    fn ipv6_parsing_matches_core_net(text in r"[0-9a-fA-F:.]{0,45}") {
        prop_assert_eq!(net::parse_v6(&text), text.parse::<Ipv6Addr>().ok().map(|a| a.segments()), "{:?}", text);
    }

    #[test]
    fn every_ipv6_address_round_trips(a in any::<[u16; 8]>()) {
        let text = Ipv6Addr::from(a).to_string();
        prop_assert_eq!(net::parse_v6(&text), Some(a));
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
                    prop_assert!(!p.is_null() && p as usize % l.align() == 0);
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
                    prop_assert!(!q.is_null() && q as usize % nl.align() == 0);
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
