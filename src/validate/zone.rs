//! `zoneinfo`: an IANA name with a slash that Go's `time.LoadLocation` loads.

use crate::data::zones::{ZONE_BY_COUNTRY, ZONE_NAMES};

/// Whether `s` is a known zone (or link) name containing a slash.
pub fn is_zone(s: &str) -> bool {
    s.contains('/') && ZONE_NAMES.split('\n').any(|z| z == s)
}

/// The time zone of a country that has a single one (or a clear primary one).
pub fn for_country(cc: &str) -> Option<&'static str> {
    ZONE_BY_COUNTRY.split(';').find(|e| e.len() > 2 && &e[..2] == cc).map(|e| &e[2..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_names_need_a_slash_and_must_exist() {
        for ok in ["Europe/London", "Etc/UTC", "America/Argentina/Buenos_Aires", "Asia/Calcutta"] {
            assert!(is_zone(ok), "{ok}");
        }
        for bad in ["UTC", "GMT", "", "+01:00", "Europe/Nowhere", "europe/london", "Europe/"] {
            assert!(!is_zone(bad), "{bad}");
        }
    }

    #[test]
    fn single_zone_countries_map_and_multi_zone_ones_do_not() {
        assert_eq!(for_country("GB"), Some("Europe/London"));
        assert_eq!(for_country("JP"), Some("Asia/Tokyo"));
        assert_eq!(for_country("NO"), Some("Europe/Oslo"));
        assert_eq!(for_country("DE"), Some("Europe/Berlin"));
        for multi in ["US", "RU", "CA", "BR", "AU", "MX", "AR", "ID", "ZZ", ""] {
            assert_eq!(for_country(multi), None, "{multi}");
        }
    }

    #[test]
    fn every_country_zone_is_a_valid_zone_of_a_valid_country() {
        for e in ZONE_BY_COUNTRY.split(';') {
            assert!(super::super::country::normalize(&e[..2]).is_some(), "{e}");
            assert!(is_zone(&e[2..]), "{e}");
        }
        assert!(ZONE_BY_COUNTRY.split(';').count() > 200);
    }
}
