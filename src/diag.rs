//! Diagnostics go to the server log, so they must never carry an e-mail
//! address, a full IP address or a secret. `scrub` is applied to every line
//! on its way out, whatever produced it.

use crate::prelude::*;
use concat::cat;
/// Replace e-mail addresses with `<email>`, keep only the network part of
/// IP addresses (`81.2.x.x`, `2001:db8:…`), and escape control characters
/// (a CRLF in an e-mail address) so that a diagnostic is always one line.
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
    one
}

fn scrub_words(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut word = String::new();
    for ch in line.chars().chain(core::iter::once(' ')) {
        let url = word.contains("://");
        if ch.is_whitespace() || "\"'<>()[],;".contains(ch) || (ch == '=' && !url) {
            out.push_str(&scrub_word(&word));
            word.clear();
            out.push(ch);
        } else {
            word.push(ch);
        }
    }
    out.pop();
    out
}

fn scrub_word(w: &str) -> String {
    // A URL: its path may hold the user's IP, its query keys and hashes.
    if let Some(i) = w.find("://") {
        let end = w.find('?').unwrap_or(w.len());
        let path: Vec<String> = w[i + 3..end].split('/').map(scrub_word).collect();
        let query = if end < w.len() { "?…" } else { "" };
        return [&w[..i + 3], &path.join("/"), query].concat();
    }
    let t = w.trim_end_matches(['.', ':']);
    // host:port
    if let Some((host, port)) =
        t.rsplit_once(':').filter(|(h, p)| h.contains('.') && p.bytes().all(|b| b.is_ascii_digit()))
    {
        if let Some(r) = redact_ip(host) {
            return [&r, ":", port, &w[t.len()..]].concat();
        }
    }
    if let Some(i) = t.find('@') {
        if i > 0 && i + 1 < t.len() {
            return "<email>".into();
        }
    }
    redact_ip(t).map_or_else(|| w.to_string(), |r| r + &w[t.len()..])
}

/// The redacted form of an IP address, or `None` if `s` is not one.
pub fn redact_ip(s: &str) -> Option<String> {
    let parts: Vec<&str> = s.split('.').collect();
    if parts.len() == 4 && parts.iter().all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()))
    {
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
        assert_eq!(scrub("bad \"x\r\nSet: y\u{7}\" at\tz"), "bad \"x\\r\\nSet: y\\x07\" at\\tz");
    }
}
