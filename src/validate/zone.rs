//! `zoneinfo`: an IANA name with a slash that Go's `time.LoadLocation` loads.

use crate::data::countries::COUNTRY_CODES;
use crate::data::packed_index;
use crate::data::zones::{NO_ZONE, ZONE_NAMES, ZONE_OF_COUNTRY};

/// Whether `s` is a known zone (or link) name containing a slash.
pub fn is_zone(s: &str) -> bool {
    s.contains('/') && ZONE_NAMES.split('\n').any(|z| z == s)
}

/// The time zone of a country that has a single one (or a clear primary one).
pub fn for_country(cc: &str) -> Option<&'static str> {
    let zone = *ZONE_OF_COUNTRY.get(packed_index(COUNTRY_CODES, 2, cc)?)?;
    (zone != NO_ZONE).then(|| ZONE_NAMES.split('\n').nth(zone as usize)).flatten()
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
        assert_eq!(ZONE_OF_COUNTRY.len() * 2, COUNTRY_CODES.len(), "one entry per country");
        let zones: Vec<&str> =
            (0..COUNTRY_CODES.len() / 2).filter_map(|i| for_country(&COUNTRY_CODES[i * 2..i * 2 + 2])).collect();
        assert!(zones.len() > 200, "{}", zones.len());
        assert!(zones.iter().all(|z| is_zone(z)));
        // Its own name where zone.tab has one (Europe/Oslo, not the Europe/Berlin it links to).
        assert_eq!(for_country("SJ"), Some("Arctic/Longyearbyen"));
    }
}
