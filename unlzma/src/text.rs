//! The text the packed core travels in: 93 printable ASCII characters (all
//! of 0x20..=0x7E but `"` and `\`), so it sits in a double-quoted JS string
//! as is and each character is one byte of the hook file. 13 bytes become 16
//! digits (93^16 > 2^104): 23% larger than the bytes, where base64 is 33%.
//! The encoder is build/text93.mjs; the byte stream is zero-padded to whole
//! blocks, which the LZMA decoder never reads (it stops at the unpacked size).

/// Characters per block, bytes per block.
pub const CHARS: usize = 16;
pub const BYTES: usize = 13;

/// 93^8: what the first half of a block's digits is worth.
const HALF: u128 = 5_595_818_096_650_401;

/// The digit a character stands for.
fn digit(c: u8) -> Option<u64> {
    if !(0x20..=0x7e).contains(&c) || c == b'"' || c == b'\\' {
        return None;
    }
    Some(u64::from(c - 0x20 - u8::from(c > b'"') - u8::from(c > b'\\')))
}

/// Decode the text in `buf` in place (bytes land at the front; the writer
/// never passes the reader). Returns the byte count, `None` when the text is
/// not whole blocks of the alphabet.
pub fn decode(buf: &mut [u8]) -> Option<usize> {
    if !buf.len().is_multiple_of(CHARS) {
        return None;
    }
    let mut out = 0;
    for block in 0..buf.len() / CHARS {
        // Two halves of 8 digits each fit a u64 (93^8 < 2^53): one wide
        // multiply per block, not sixteen (u128 arithmetic is emulated in
        // wasm, where this loop runs unoptimised: BENCHMARKS.md, issue 26).
        let (mut hi, mut lo) = (0u64, 0u64);
        for (i, &c) in buf[block * CHARS..(block + 1) * CHARS].iter().enumerate() {
            let d = digit(c)?;
            if i < CHARS / 2 {
                hi = hi * 93 + d;
            } else {
                lo = lo * 93 + d;
            }
        }
        let v = u128::from(hi) * HALF + u128::from(lo);
        if v >> (BYTES * 8) != 0 {
            return None;
        }
        buf[out..out + BYTES].copy_from_slice(&v.to_be_bytes()[16 - BYTES..]);
        out += BYTES;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    /// `fixture.lzma` as build/text93.mjs writes it (tests/js checks the
    /// encoder still writes exactly this file).
    #[test]
    fn decodes_what_the_encoder_writes() {
        let mut text = include_bytes!("../tests/fixture.lzma.txt").to_vec();
        let want = include_bytes!("../tests/fixture.lzma");
        let n = super::decode(&mut text).expect("valid text");
        assert_eq!(n, want.len().div_ceil(13) * 13);
        assert_eq!(&text[..want.len()], &want[..]);
        assert!(text[want.len()..n].iter().all(|&b| b == 0), "padding is zeros");
    }

    #[test]
    fn refuses_what_is_not_its_text() {
        for bad in [&b"abc"[..], b"\"aaaaaaaaaaaaaaa", b"\\aaaaaaaaaaaaaaa", b"~~~~~~~~~~~~~~~~", b"\naaaaaaaaaaaaaaa"]
        {
            let mut buf = bad.to_vec();
            assert_eq!(super::decode(&mut buf), None, "{:?}", core::str::from_utf8(bad));
        }
        let mut zeros = b"                ".to_vec();
        assert_eq!(super::decode(&mut zeros), Some(13));
        assert_eq!(&zeros[..13], &[0; 13]);
        // The largest block, 13 × 0xff, as the encoder writes it.
        let mut ones = b"^732sg!8o]*fj|x0".to_vec();
        assert_eq!(super::decode(&mut ones), Some(13));
        assert_eq!(&ones[..13], &[0xff; 13]);
    }
}
