//! `url`, `picture`, `profile`, `website`: absolute URLs as Authgear accepts
//! them (Go's url.Parse, scheme and host present, path already clean: no
//! `.`/`..` segments, no `//`). The check is a strict subset of Go's grammar:
//! whatever passes here passes there. A `picture` may also be an image
//! Authgear stores itself: `authgearimages:///<clean path>`, no host.

use crate::prelude::*;
/// Whether `s` is an absolute URL as Go's `url.Parse` and Authgear's path check take it.
pub fn check(s: &str, http_only: bool) -> Result<(), &'static str> {
    if let Some(path) = s.strip_prefix("authgearimages:///").filter(|_| http_only) {
        return clean_path(&["/", path].concat());
    }
    let (scheme, rest) = s.split_once("://").ok_or("not an absolute URL")?;
    let mut sc = scheme.bytes();
    let scheme_ok = sc.next().is_some_and(|b| b.is_ascii_alphabetic())
        && sc.all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b));
    if !scheme_ok {
        return Err("bad scheme");
    }
    if http_only && !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return Err("not an http(s) URL");
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (host, tail) = rest.split_at(end);
    check_host(host)?;
    let path_end = tail.find(['?', '#']).unwrap_or(tail.len());
    let (path, after) = tail.split_at(path_end);
    check_chars(after, b"/?#")?;
    clean_path(path)
}

/// Allowed characters, and no `.`/`..` segment or `//` (Go's FormatAbsolutePath).
fn clean_path(path: &str) -> Result<(), &'static str> {
    check_chars(path, b"/")?;
    if !path.is_empty() {
        // "/a/" is clean; "/a//b", "/./a", "/a/.." are not.
        let segs: Vec<&str> = path[1..].split('/').collect();
        let last = segs.len() - 1;
        for (i, seg) in segs.iter().enumerate() {
            if *seg == "." || *seg == ".." || (seg.is_empty() && i != last) {
                return Err("path is not clean");
            }
        }
    }
    Ok(())
}

fn check_host(host: &str) -> Result<(), &'static str> {
    if host.contains('@') {
        return Err("user info is not allowed");
    }
    let (name, port) = if host.starts_with('[') {
        match host.find(']') {
            Some(i) if i + 1 == host.len() => (host, None),
            Some(i) if host.as_bytes()[i + 1] == b':' => (&host[..=i], Some(&host[i + 2..])),
            _ => return Err("bad host"),
        }
    } else {
        match host.split_once(':') {
            Some((n, p)) => (n, Some(p)),
            None => (host, None),
        }
    };
    if let Some(p) = port {
        if p.is_empty() || p.len() > 5 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err("bad port");
        }
    }
    let bracketed = name.starts_with('[') && name.ends_with(']') && name.len() > 2;
    let plain = !name.is_empty()
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        && !name.starts_with(['.', '-'])
        && !name.contains("..");
    // Go (1.25+) takes only an IPv6 address in brackets, not an IPv4 one.
    let v6 = bracketed && crate::net::parse_v6(&name[1..name.len() - 1]).is_some() && !name.contains('%');
    if plain || v6 {
        Ok(())
    } else {
        Err("bad host")
    }
}

/// Unreserved, sub-delims, ':', '@', valid percent escapes, plus `extra`.
fn check_chars(s: &str, extra: &[u8]) -> Result<(), &'static str> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'%' {
            let ok = i + 2 < b.len() && b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit();
            if !ok {
                return Err("bad percent escape");
            }
            i += 3;
            continue;
        }
        let allowed = c.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&c) || extra.contains(&c);
        if !allowed {
            return Err("character not allowed in a URL");
        }
        i += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn accepts_what_authgear_accepts() {
        for ok in [
            "http://example.com",
            "http://example.com/",
            "http://example.com/a",
            "http://example.com/a/",
            "http://example.com?",
            "http://example.com?a=b",
            "http://example.com#a",
            "https://s.gravatar.com/avatar/ab12?s=80&d=mp",
            "https://example.com:8443/x%20y",
            "https://[2001:db8::1]/a",
            "https://[::ffff:1.2.3.4]/",
        ] {
            assert_eq!(check(ok, false), Ok(()), "{ok}");
        }
    }

    #[test]
    fn rejects_what_authgear_rejects() {
        for bad in [
            "",
            "/a",
            "#a",
            "?a",
            "example.com",
            "http://",
            "http://example.com/../..",
            "http://example.com/a//b",
            "http://example.com/./a",
            "http://exa mple.com/",
            "http://example.com/a b",
            "http://example.com/%zz",
            "http://user:pw@example.com/",
            "http://example.com:port/",
            "1http://example.com",
            "https://[1.2.3.4]/",
            "https://[::1::2]/",
            "https://[example]/",
        ] {
            assert!(check(bad, false).is_err(), "{bad}");
        }
    }

    #[test]
    fn picture_must_be_http() {
        assert!(check("ftp://example.com/a.png", true).is_err());
        assert!(check("ftp://example.com/a.png", false).is_ok());
        assert!(check("HTTPS://example.com/a.png", true).is_ok());
        assert!(check("authgearimages:///app/abc/def", true).is_ok());
        assert!(check("authgearimages:///app/../x", true).is_err());
        assert!(check("authgearimages:///app/abc", false).is_err());
    }
}
