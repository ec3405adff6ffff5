//! `country_code`: one of Authgear's 243 upper-case ISO 3166-1 alpha-2 codes.

use crate::data::{countries::COUNTRY_CODES, packed_contains};
use crate::prelude::*;

/// The canonical (upper-case) code for `s`, if Authgear accepts it.
pub fn normalize(s: &str) -> Option<String> {
    let up = s.trim().to_ascii_uppercase();
    packed_contains(COUNTRY_CODES, 2, &up).then_some(up)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_codes_authgear_accepts() {
        assert_eq!(COUNTRY_CODES.len(), 243 * 2);
        for ok in ["GB", "US", "XK", "HK", "TW", "gb", " jp "] {
            assert!(normalize(ok).is_some(), "{ok}");
        }
        assert_eq!(normalize("gb").as_deref(), Some("GB"));
    }

    #[test]
    fn rejects_what_authgear_rejects() {
        // AC/TA are libphonenumber-only; AQ, BV, … are ISO but not libphonenumber.
        for bad in ["AC", "TA", "AQ", "BV", "UM", "", "G", "GBR", "United Kingdom", "ZZ"] {
            assert_eq!(normalize(bad), None, "{bad}");
        }
    }
}
