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
    packed_index(packed, width, code).is_some()
}

/// Where `code` is in a sorted list of fixed-width codes packed into one string.
pub(crate) fn packed_index(packed: &str, width: usize, code: &str) -> Option<usize> {
    if code.len() != width {
        return None;
    }
    let (mut lo, mut hi) = (0, packed.len() / width);
    while lo < hi {
        let mid = (lo + hi) / 2;
        match packed[mid * width..mid * width + width].cmp(code) {
            core::cmp::Ordering::Equal => return Some(mid),
            core::cmp::Ordering::Less => lo = mid + 1,
            core::cmp::Ordering::Greater => hi = mid,
        }
    }
    None
}
