//! Is an IP address worth sending to a geolocation provider? Private,
//! loopback, link-local, shared, multicast, documentation and other reserved
//! ranges locate nobody; sending them only costs quota.

/// `None` when `ip` is a public unicast address; otherwise why it is not.
pub fn non_public_reason(ip: &str) -> Option<&'static str> {
    if ip.contains('%') {
        // A zone id names an interface of the sender's own host: never public.
        return Some("a scoped (zone id) address");
    }
    if let Some(v4) = parse_v4(ip) {
        return v4_reason(v4);
    }
    match parse_v6(ip) {
        Some(v6) => v6_reason(v6),
        None => Some("not an IP address"),
    }
}

fn v4_reason(a: [u8; 4]) -> Option<&'static str> {
    let in_net = |net: [u8; 4], bits: u32| {
        let (x, y) = (u32::from_be_bytes(a), u32::from_be_bytes(net));
        bits == 0 || (x ^ y) >> (32 - bits) == 0
    };
    const RANGES: &[([u8; 4], u32, &str)] = &[
        ([0, 0, 0, 0], 8, "a reserved address"),
        ([10, 0, 0, 0], 8, "a private address"),
        ([100, 64, 0, 0], 10, "a shared (carrier-grade NAT) address"),
        ([127, 0, 0, 0], 8, "a loopback address"),
        ([169, 254, 0, 0], 16, "a link-local address"),
        ([172, 16, 0, 0], 12, "a private address"),
        ([192, 0, 0, 0], 24, "a reserved address"),
        ([192, 0, 2, 0], 24, "a documentation address"),
        ([192, 168, 0, 0], 16, "a private address"),
        ([198, 18, 0, 0], 15, "a benchmarking address"),
        ([198, 51, 100, 0], 24, "a documentation address"),
        ([203, 0, 113, 0], 24, "a documentation address"),
        ([224, 0, 0, 0], 4, "a multicast address"),
        ([240, 0, 0, 0], 4, "a reserved address"),
    ];
    RANGES.iter().find(|(net, bits, _)| in_net(*net, *bits)).map(|(_, _, why)| *why)
}

fn v6_reason(a: [u16; 8]) -> Option<&'static str> {
    if a == [0; 8] {
        return Some("the unspecified address");
    }
    if a == [0, 0, 0, 0, 0, 0, 0, 1] {
        return Some("a loopback address");
    }
    let v4 = |hi: u16, lo: u16| {
        let [h, l] = [hi.to_be_bytes(), lo.to_be_bytes()];
        [h[0], h[1], l[0], l[1]]
    };
    // An IPv4 address in IPv6 clothing is judged as the IPv4 address it
    // carries: IPv4-mapped (::ffff:a.b.c.d), -compatible (::a.b.c.d),
    // NAT64 (64:ff9b::/96) and 6to4 (2002:aabb:ccdd::/48).
    let low32 = a[..6] == [0, 0, 0, 0, 0, 0xffff] || a[..6] == [0; 6] || a[..6] == [0x64, 0xff9b, 0, 0, 0, 0];
    let embedded = if low32 {
        Some(v4(a[6], a[7]))
    } else if a[0] == 0x2002 {
        Some(v4(a[1], a[2]))
    } else {
        None
    };
    if let Some(v4) = embedded {
        return v4_reason(v4).or((a[..6] == [0; 6]).then_some("a deprecated IPv4-compatible address"));
    }
    match a[0] {
        // Teredo hides the client behind a relay: the address locates nobody.
        0x2001 if a[1] == 0 => Some("a Teredo tunnel address"),
        x if x & 0xfe00 == 0xfc00 => Some("a private (unique local) address"),
        x if x & 0xffc0 == 0xfe80 => Some("a link-local address"),
        x if x & 0xff00 == 0xff00 => Some("a multicast address"),
        0x2001 if a[1] == 0x0db8 => Some("a documentation address"),
        // Only 2000::/3 is allocated for global unicast.
        x if x & 0xe000 != 0x2000 => Some("a reserved address"),
        _ => None,
    }
}

// Parsing is core::net's (the standard grammar: no leading zeros, no
// shorthand forms); it cost 96 B in the pasted file over the hand-written
// parser it replaced (BENCHMARKS.md, issue 31).
pub(crate) fn parse_v4(s: &str) -> Option<[u8; 4]> {
    s.parse::<core::net::Ipv4Addr>().ok().map(|a| a.octets())
}

pub(crate) fn parse_v6(s: &str) -> Option<[u16; 8]> {
    let s = s.split('%').next()?; // zone index
    s.parse::<core::net::Ipv6Addr>().ok().map(|a| a.segments())
}

#[cfg(test)]
mod tests {
    use super::non_public_reason as r;

    #[test]
    fn public_addresses_pass() {
        for ip in ["81.2.69.160", "8.8.8.8", "2a00:1450:4009:81f::200e", "2606:4700::1111", "::ffff:81.2.69.160"] {
            assert_eq!(r(ip), None, "{ip}");
        }
    }

    #[test]
    fn non_public_addresses_are_named() {
        for (ip, why) in [
            ("10.1.2.3", "private"),
            ("172.20.0.1", "private"),
            ("192.168.1.1", "private"),
            ("127.0.0.1", "loopback"),
            ("169.254.1.1", "link-local"),
            ("100.64.0.1", "shared"),
            ("0.0.0.0", "reserved"),
            ("224.0.0.1", "multicast"),
            ("255.255.255.255", "reserved"),
            ("203.0.113.17", "documentation"),
            ("::1", "loopback"),
            ("::", "unspecified"),
            ("fd12:3456::1", "unique local"),
            ("fe80::1", "link-local"),
            ("ff02::1", "multicast"),
            ("2001:db8:85a3::8a2e:370:7334", "documentation"),
            ("::ffff:192.168.0.1", "private"),
        ] {
            assert!(r(ip).is_some_and(|w| w.contains(why)), "{ip}: {:?}", r(ip));
        }
    }

    #[test]
    fn non_public_addresses_in_disguise_are_named() {
        for (ip, why) in [
            ("2002:c0a8:0101::1", "private"), // 6to4 of 192.168.1.1
            ("2002:7f00:0001::", "loopback"), // 6to4 of 127.0.0.1
            ("2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo"),
            ("64:ff9b::10.0.0.1", "private"),     // NAT64
            ("64:ff9b::a9fe:0101", "link-local"), // NAT64 of 169.254.1.1, in hex
            ("::ffff:127.0.0.1", "loopback"),
            ("::ffff:7f00:1", "loopback"),
            ("::10.0.0.1", "private"), // IPv4-compatible
            ("::81.2.69.160", "IPv4-compatible"),
            ("2a00:1450:4009:81f::200e%eth0", "zone id"),
            ("81.2.69.160%1", "zone id"),
        ] {
            assert!(r(ip).is_some_and(|w| w.contains(why)), "{ip}: {:?}", r(ip));
        }
        // Public IPv4 behind 6to4 or NAT64 is still a public address.
        assert_eq!(r("2002:5102:45a0::1"), None);
        assert_eq!(r("64:ff9b::81.2.69.160"), None);
    }

    #[test]
    fn garbage_is_not_an_ip() {
        for s in ["", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1:2:3", "1::2::3", "gggg::1", "example.com"] {
            assert_eq!(r(s), Some("not an IP address"), "{s}");
        }
    }
}
