//! The decoder against lzma-rs, a maintained LZMA codec: what lzma-rs
//! encodes decodes to the original, and on corrupt input the two never
//! disagree about bytes both produced. `scripts/fuzz.sh` runs a million cases.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;

const FIXTURE: &[u8] = include_bytes!("fixture.lzma");
const WANT: &[u8] = include_bytes!("fixture.txt");

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(256);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

fn ours(packed: &[u8], len: usize) -> Option<Vec<u8>> {
    let mut out = vec![0u8; len];
    let mut probs = vec![0u16; unlzma::PROBS];
    unlzma::decode(packed, &mut out, &mut probs).then_some(out)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn decodes_what_lzma_rs_encodes(data in proptest::collection::vec(any::<u8>(), 0..4096), text in "[a-c ]{0,4096}") {
        for input in [&data[..], text.as_bytes()] {
            let mut packed = vec![];
            lzma_rs::lzma_compress(&mut &input[..], &mut packed).unwrap();
            let out = ours(&packed, input.len());
            prop_assert_eq!(out.as_deref(), Some(input));
        }
    }

    #[test]
    fn agrees_with_lzma_rs_on_corrupt_input(flips in proptest::collection::vec((13..FIXTURE.len(), 1..=255u8), 1..6)) {
        let mut packed = FIXTURE.to_vec();
        for (at, x) in flips {
            packed[at] ^= x;
        }
        let mut theirs = vec![];
        let theirs_ok = lzma_rs::lzma_decompress(&mut &packed[..], &mut theirs).is_ok();
        match ours(&packed, WANT.len()) {
            Some(out) => {
                // Whatever lzma-rs wrote before it stopped is what we decoded there.
                let n = theirs.len().min(out.len());
                prop_assert_eq!(&out[..n], &theirs[..n]);
            }
            None => prop_assert!(!theirs_ok || theirs != WANT, "we refused what lzma-rs decoded to the original"),
        }
    }

    /// Refused, or (when only the end marker and the coder's flush are cut,
    /// which the decoder never reads) the original: never garbage.
    #[test]
    fn truncated_input_is_refused_or_whole(cut in 0..FIXTURE.len()) {
        let out = ours(&FIXTURE[..cut], WANT.len());
        prop_assert!(out.is_none() || out.as_deref() == Some(WANT), "cut at {}", cut);
        prop_assert!(out.is_none() || cut + 16 > FIXTURE.len());
    }
}

#[test]
fn the_fixture_decodes_the_same_with_both() {
    let mut theirs = vec![];
    lzma_rs::lzma_decompress(&mut &FIXTURE[..], &mut theirs).unwrap();
    assert_eq!(theirs, WANT);
    assert_eq!(ours(FIXTURE, WANT.len()).as_deref(), Some(WANT));
}

#[test]
fn an_early_end_marker_and_out_of_range_properties_are_refused() {
    let input = b"enrich-hook enrich-hook enrich-hook";
    let mut packed = vec![];
    // lzma-rs ends its stream with an end marker.
    lzma_rs::lzma_compress(&mut &input[..], &mut packed).unwrap();
    assert_eq!(ours(&packed, input.len()).as_deref(), Some(&input[..]));
    // The marker reached before the size we were promised: truncated, not done.
    assert_eq!(ours(&packed, input.len() + 1), None);
    for props in [225u8, 226, 255] {
        let mut bad = packed.clone();
        bad[0] = props;
        assert_eq!(ours(&bad, input.len()), None, "properties byte {props}");
    }
}
