//! Diagnostics go to the server log, so they must never carry an e-mail
//! address, a full IP address or a secret. `scrub` is applied to every line
//! on its way out, whatever produced it.

use crate::prelude::*;
use concat::cat;
/// A diagnostic is one readable line: past this many bytes it is cut (a
/// config whose keys are megabytes long must not make a megabyte of log).
const MAX_LINE: usize = 1000;

/// Cut `s` to at most `max` bytes, on a char boundary, marked with `...`.
pub fn cut(s: &mut String, max: usize) {
    if s.len() > max {
        let mut at = max - 3;
        while !s.is_char_boundary(at) {
            at -= 1;
        }
        s.truncate(at);
        s.push_str("...");
    }
}

/// Replace e-mail addresses with `<email>`, keep only the network part of
/// IP addresses (`81.2.x.x`, `2001:db8:…`), and escape control characters
/// (a CRLF in an e-mail address) so that a diagnostic is always one line;
/// then cut it to `MAX_LINE` (scrubbed first: a cut address would escape).
pub fn scrub(line: &str) -> String {
    let mut one = String::with_capacity(line.len());
    for c in scrub_words(line).chars() {
        match c {
            '\n' => one.push_str("\\n"),
            '\r' => one.push_str("\\r"),
            '\t' => one.push_str("\\t"),
            c if c.is_control() => {
                // Every control character is below U+00A0: two hex digits.
                one.push_str("\\x");
                for nib in [c as u32 >> 4, c as u32 & 15] {
                    one.push(char::from(b"0123456789abcdef"[nib as usize & 15]));
                }
            }
            c => one.push(c),
        }
    }
    cut(&mut one, MAX_LINE);
    one
}

fn scrub_words(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut word = String::new();
    // Whether `word` holds "://" yet, kept as it grows: searching the word
    // again at every character made a long one cost its length squared.
    let mut url = false;
    for ch in line.chars().chain(core::iter::once(' ')) {
        if ch.is_whitespace() || "\"'<>()[],;".contains(ch) || (ch == '=' && !url) {
            out.push_str(&scrub_word(&word));
            word.clear();
            url = false;
            out.push(ch);
        } else {
            word.push(ch);
            url = url || word.ends_with("://");
        }
    }
    out.pop();
    out
}

fn scrub_word(w: &str) -> String {
    // A URL: its path may hold the user's IP, its query keys and hashes.
    if let Some(i) = w.find("://") {
        let rest = &w[i + 3..];
        let end = rest.find('?').unwrap_or(rest.len());
        let path: Vec<String> = rest[..end].split('/').map(scrub_word).collect();
        let query = if end < rest.len() { "?…" } else { "" };
        return [&scrub_word(&w[..i]), "://", &path.join("/"), query].concat();
    }
    // Any `@` with text on both sides (`@jane@example.com` too).
    let t = w.trim_end_matches(['.', ':']);
    if t.bytes().enumerate().any(|(i, b)| b == b'@' && i > 0 && i + 1 < t.len()) {
        return "<email>".into();
    }
    redact_runs(&redact_runs(w, false), true)
}

/// Every IP address in `w`, even glued to other text (`NaN81.2.69.160`,
/// `host:81.2.69.160:443`), cut to its network part: runs of digits and
/// dots for IPv4, of hex digits and colons for IPv6.
fn redact_runs(w: &str, v6: bool) -> String {
    let b = w.as_bytes();
    let in_run = |c: u8| if v6 { c.is_ascii_hexdigit() || c == b':' } else { c.is_ascii_digit() || c == b'.' };
    let mut out = String::with_capacity(w.len());
    let (mut i, mut from) = (0, 0);
    while i < b.len() {
        let start = i;
        while i < b.len() && in_run(b[i]) {
            i += 1;
        }
        if i == start {
            // Not a run: step over one byte (a run never starts inside a char).
            i += 1;
            continue;
        }
        // Run bytes are ASCII: `start..i` lies on char boundaries.
        let mut end = i;
        while end > start && matches!(b[end - 1], b'.' | b':') {
            end -= 1;
        }
        let body = &w[start..end];
        let colons = body.bytes().filter(|c| *c == b':').count();
        let whole = !v6 || body.contains("::") || colons >= 7;
        if let Some(r) = redact_ip(body).filter(|_| whole && body.bytes().any(|c| c.is_ascii_digit())) {
            out.push_str(&w[from..start]);
            out.push_str(&r);
            from = end;
        }
    }
    out.push_str(&w[from..]);
    out
}

/// The redacted form of an IP address, or `None` if `s` is not one.
pub fn redact_ip(s: &str) -> Option<String> {
    // Four or more groups of any length, empty ones aside: `1.2.3.4.5`,
    // `81.2.69.1600.0.0.0` or `.2.61.2.69.160` may hide one inside.
    let parts: Vec<&str> = s.split('.').filter(|p| !p.is_empty()).collect();
    if parts.len() >= 4 && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) {
        return Some(cat!("{}.{}.x.x", parts[0], parts[1]));
    }
    let groups = s.split(':').count();
    let hexish = s.bytes().all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.');
    if groups >= 3 && hexish && s.bytes().any(|b| b.is_ascii_hexdigit()) {
        let head: Vec<&str> = s.split(':').take(2).collect();
        return Some(cat!("{}:…", head.join(":")));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrubs_emails_and_ips_but_keeps_the_rest() {
        assert_eq!(scrub("user jane.doe@example.com from 81.2.69.160."), "user <email> from 81.2.x.x.");
        assert_eq!(scrub("ip=2001:db8:85a3::8a2e:370:7334 ok"), "ip=2001:db8:… ok");
        assert_eq!(scrub("\"a@b.example\" is bad"), "\"<email>\" is bad");
        assert_eq!(scrub("config.custom.city: 12:30 at 1.5"), "config.custom.city: 12:30 at 1.5");
        assert_eq!(scrub("Europe/London and en-GB"), "Europe/London and en-GB");
        assert_eq!(
            scrub("for http://127.0.0.1:9/p/81.2.69.160/json/?key=s3cret (x)"),
            "for http://127.0.x.x:9/p/81.2.x.x/json/?… (x)"
        );
        // A `?` before `://` used to slice out of order (a trap in wasm).
        for w in ["x?y://z", "?://", "a?://b?c", "://", "?"] {
            assert!(!scrub(w).is_empty());
        }
        assert_eq!(scrub("x?81.2.69.160://81.2.69.161/p?q"), "x?81.2.x.x://81.2.x.x/p?…");
        // Glued to other text, an address is still cut to its network part.
        assert_eq!(scrub("tag \"NaN81.2.69.160\" is bad"), "tag \"NaN81.2.x.x\" is bad");
        assert_eq!(scrub("ip:81.2.69.160:443 v1.2.3.4.5 at 12:30:45"), "ip:81.2.x.x:443 v1.2.x.x at 12:30:45");
        assert_eq!(scrub("x2001:db8::1y and fe80::1%eth0"), "x2001:db8:…y and fe80::…%eth0");
        assert_eq!(scrub("é81.2.69.160ü 😀::1"), "é81.2.x.xü 😀::…");
        assert_eq!(scrub(".2.61.2.69.160 1..2.3.4"), "2.61.x.x 1.2.x.x");
        let long = scrub(&"é".repeat(2000));
        assert!(long.len() <= MAX_LINE && long.ends_with("..."), "{}", long.len());
        assert_eq!(scrub("bad \"x\r\nSet: y\u{7}\" at\tz"), "bad \"x\\r\\nSet: y\\x07\" at\\tz");
    }
}
