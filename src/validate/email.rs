//! `email`: an address Go's `net/mail.ParseAddress` takes, without a display
//! name. Checked as an ASCII addr-spec (dot-atom local part or quoted string;
//! dot-atom domain), a subset of what Go accepts.

use crate::prelude::*;
/// Whether `s` is a plain address Go's `net/mail` takes (a subset), without a display name.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else { return false };
    let local_ok = if local.len() >= 2 && local.starts_with('"') && local.ends_with('"') {
        local[1..local.len() - 1].bytes().all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\')
    } else {
        dot_atom(local, |b| b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~".contains(&b))
    };
    local_ok && dot_atom(domain, |b| b.is_ascii_alphanumeric() || b == b'-')
}

fn dot_atom(s: &str, atext: impl Fn(u8) -> bool) -> bool {
    !s.is_empty() && s.split('.').all(|atom| !atom.is_empty() && atom.bytes().all(&atext))
}

/// The lower-cased domain of an address, if it has one worth using.
pub fn domain_of(s: &str) -> Option<String> {
    let s = s.trim();
    if !is_email(s) {
        return None;
    }
    let domain = s.rsplit_once('@')?.1.to_ascii_lowercase();
    is_domain(&domain).then_some(domain)
}

/// A host name fit to be data in a request: LDH labels of 1 to 63
/// characters, no leading or trailing `-`, at least one dot, ≤ 253 in all.
pub fn is_domain(d: &str) -> bool {
    d.len() <= 253
        && d.contains('.')
        && d.split('.').all(|l| {
            (1..=63).contains(&l.len())
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addr_specs() {
        for ok in ["user@example.com", "a.b+c@sub.example.co.uk", "\"john doe\"@example.com", "x@localhost"] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in
            ["", "foobar", "John Doe <user@example.com>", "@example.com", "a@", "a..b@example.com", ".a@example.com"]
        {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn domains() {
        assert_eq!(domain_of(" Jane@Acme.Example ").as_deref(), Some("acme.example"));
        assert_eq!(domain_of("x@localhost"), None);
        assert_eq!(domain_of("nope"), None);
        for bad in ["x@a_b.example", "x@-a.example", "x@a..example", "x@.example"] {
            assert_eq!(domain_of(bad), None, "{bad}");
        }
        assert!(is_domain("xn--bcher-kva.example") && !is_domain("example") && !is_domain("a.b/c"));
    }
}
