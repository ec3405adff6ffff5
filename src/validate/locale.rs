//! `locale`: a BCP 47 tag in the canonical form Go's x/text prints, which is
//! what Authgear compares against (`en-GB` yes, `en_GB` and `en-gb` no).
//!
//! The canonicaliser is deliberately narrow: language, optional script,
//! optional region; variants and extensions are dropped. Anything it cannot
//! put in a form Go would print unchanged yields `None`.

use crate::data::languages::{LANG2, LANG3, MULTI_SCRIPT, REWRITES};
use crate::data::packed_contains;
use crate::prelude::*;

/// The canonical BCP 47 form of `tag`, if it is a tag.
pub fn canonicalize(tag: &str) -> Option<String> {
    let tag = tag.trim();
    // Accept-Language weights ("en;q=0.8") are not part of the tag.
    let tag = tag.split(';').next().unwrap_or("");
    let mut parts = tag.split(['-', '_']);
    let mut lang = parts.next()?.to_ascii_lowercase();
    let mut script: Option<String> = None;
    let mut region: Option<String> = None;
    for p in parts {
        let alpha = p.bytes().all(|b| b.is_ascii_alphabetic());
        let digit = p.bytes().all(|b| b.is_ascii_digit());
        if script.is_none() && region.is_none() && p.len() == 4 && alpha {
            let mut s = p.to_ascii_lowercase();
            s[..1].make_ascii_uppercase();
            script = Some(s);
        } else if region.is_none() && p.len() == 2 && alpha {
            region = Some(p.to_ascii_uppercase());
        } else if region.is_none() && p == "419" && digit {
            region = Some(p.to_string());
        } else {
            // Variants, extensions, private use: dropped.
            break;
        }
    }
    if let Some((_, to, implied)) = REWRITES.iter().find(|(from, _, _)| *from == lang) {
        lang = to.to_string();
        if script.is_none() {
            script = implied.map(str::to_string);
        }
    }
    let known = packed_contains(LANG2, 2, &lang) || LANG3.contains(&lang.as_str());
    if !known {
        return None;
    }
    // Keep a script only where the language is written in several.
    let script = script.filter(|s| MULTI_SCRIPT.iter().any(|(l, scripts)| *l == lang && scripts.contains(&s.as_str())));
    if let Some(r) = &region {
        if r != "419" && super::country::normalize(r).is_none() {
            return None;
        }
    }
    let mut out = lang;
    for sub in [script, region].into_iter().flatten() {
        out.push('-');
        out.push_str(&sub);
    }
    Some(out)
}

/// Whether `s` is already canonical (what Authgear checks).
pub fn is_canonical(s: &str) -> bool {
    canonicalize(s).as_deref() == Some(s)
}

#[cfg(test)]
mod tests {
    use super::canonicalize as c;

    #[test]
    fn casing_and_separators_become_canonical() {
        assert_eq!(c("en-GB").as_deref(), Some("en-GB"));
        assert_eq!(c("en_us").as_deref(), Some("en-US"));
        assert_eq!(c("EN").as_deref(), Some("en"));
        assert_eq!(c("zh-hant-tw").as_deref(), Some("zh-Hant-TW"));
        assert_eq!(c("zh-Hans").as_deref(), Some("zh-Hans"));
        assert_eq!(c("sr-latn-rs").as_deref(), Some("sr-Latn-RS"));
        assert_eq!(c("es-419").as_deref(), Some("es-419"));
        assert_eq!(c("de-CH;q=0.8").as_deref(), Some("de-CH"));
    }

    #[test]
    fn deprecated_and_legacy_subtags_are_rewritten_as_go_does() {
        assert_eq!(c("iw-IL").as_deref(), Some("he-IL"));
        assert_eq!(c("in").as_deref(), Some("id"));
        assert_eq!(c("tl").as_deref(), Some("fil"));
        assert_eq!(c("sh").as_deref(), Some("sr-Latn"));
        // Go turns a bare "mo" into "ro-MD"; we do not guess.
        assert_eq!(c("mo"), None);
    }

    #[test]
    fn default_scripts_variants_and_extensions_are_dropped() {
        assert_eq!(c("en-Latn-US").as_deref(), Some("en-US"));
        assert_eq!(c("ja-Jpan").as_deref(), Some("ja"));
        assert_eq!(c("de-DE-1996").as_deref(), Some("de-DE"));
        assert_eq!(c("en-US-u-ca-gregory").as_deref(), Some("en-US"));
        // A region Go knows but we do not list is dropped rather than guessed.
        assert_eq!(c("en-001").as_deref(), Some("en"));
    }

    #[test]
    fn unknown_or_malformed_tags_are_refused() {
        for bad in ["", "*", "a", "foobar", "xx", "eng", "en-ZZ", "123", "und", "qaa"] {
            assert_eq!(c(bad), None, "{bad}");
        }
    }

    #[test]
    fn canonical_output_is_a_fixed_point() {
        for t in ["en_gb", "zh-hant-tw", "sh", "pt-br", "fil-ph", "uz-cyrl"] {
            let once = c(t).unwrap();
            assert!(super::is_canonical(&once), "{once}");
        }
    }
}
