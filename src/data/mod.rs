//! Static tables. `countries` and `zones` are generated (scripts/gen-tables.sh);
//! the language and free-mail lists are curated here.

/// The country codes Authgear accepts and the calling codes that exist (generated).
pub mod countries;
pub mod free_mail;
pub mod languages;
/// IANA zone names with a slash, and each country's zones, from tzdata (generated).
pub mod zones;

/// Binary search in a sorted list of fixed-width codes packed into one string.
pub(crate) fn packed_contains(packed: &str, width: usize, code: &str) -> bool {
    if code.len() != width {
        return false;
    }
    let n = packed.len() / width;
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = (lo + hi) / 2;
        let probe = &packed[mid * width..mid * width + width];
        match probe.cmp(code) {
            core::cmp::Ordering::Equal => return true,
            core::cmp::Ordering::Less => lo = mid + 1,
            core::cmp::Ordering::Greater => hi = mid,
        }
    }
    false
}
