//! LZMA ("alone" format) decoder, no_std, no allocator, and the text the
//! packed bytes travel in (`text`): the host copies the text in, calls
//! `unpack`, and reads the output. Used to unpack enrich-hook's main wasm
//! module at load time.
//! Follows the LZMA specification's reference decoder.
#![cfg_attr(target_arch = "wasm32", no_std)]

pub mod text;

const IS_MATCH: usize = 0;
const IS_REP: usize = 192;
const IS_REP_G0: usize = 204;
const IS_REP_G1: usize = 216;
const IS_REP_G2: usize = 228;
const IS_REP0_LONG: usize = 240;
const POS_SLOT: usize = 432;
const SPEC_POS: usize = 688;
const ALIGN: usize = 803;
const LEN: usize = 819;
const REP_LEN: usize = 1333;
const LIT: usize = 1847;
/// Literal coders for lc + lp ≤ 4.
pub const PROBS: usize = LIT + (0x300 << 4);

struct Rc<'a> {
    src: &'a [u8],
    at: usize,
    range: u32,
    code: u32,
}

impl Rc<'_> {
    #[inline(always)]
    fn norm(&mut self) {
        if self.range < 1 << 24 {
            self.range <<= 8;
            self.code = (self.code << 8) | u32::from(*self.src.get(self.at).unwrap_or(&0));
            self.at += 1;
        }
    }
    #[inline(always)]
    fn bit(&mut self, p: &mut u16) -> u32 {
        let bound = (self.range >> 11) * u32::from(*p);
        let b = if self.code < bound {
            self.range = bound;
            *p += (2048 - *p) >> 5;
            0
        } else {
            self.range -= bound;
            self.code -= bound;
            *p -= *p >> 5;
            1
        };
        self.norm();
        b
    }
    fn tree(&mut self, p: &mut [u16], bits: u32) -> u32 {
        let mut m = 1usize;
        while m < 1 << bits {
            m = (m << 1) | self.bit(&mut p[m]) as usize;
        }
        m as u32 - (1 << bits)
    }
    fn reverse(&mut self, p: &mut [u16], bits: u32) -> u32 {
        let (mut m, mut sym) = (1usize, 0u32);
        for i in 0..bits {
            let b = self.bit(&mut p[m]);
            m = (m << 1) | b as usize;
            sym |= b << i;
        }
        sym
    }
    fn len(&mut self, p: &mut [u16], pos_state: usize) -> u32 {
        if self.bit(&mut p[0]) == 0 {
            self.tree(&mut p[2 + pos_state * 8..], 3)
        } else if self.bit(&mut p[1]) == 0 {
            8 + self.tree(&mut p[130 + pos_state * 8..], 3)
        } else {
            16 + self.tree(&mut p[258..], 8)
        }
    }
}

/// Decode `src` (13-byte header, then range-coded data) into `out`, whose
/// length is the unpacked size. `probs` is scratch of `PROBS` entries.
/// Returns false on corrupt input.
pub fn decode(src: &[u8], out: &mut [u8], probs: &mut [u16]) -> bool {
    // A properties byte is lc + 9 * (lp + 5 * pb), each in range: below 9 * 5 * 5.
    if src.len() < 18 || probs.len() < PROBS || src[0] >= 225 {
        return false;
    }
    let (lc, lp, pb) = (u32::from(src[0] % 9), u32::from(src[0] / 9 % 5), u32::from(src[0] / 45));
    if lc + lp > 4 {
        return false;
    }
    probs.fill(1024);
    let code = u32::from_be_bytes([src[14], src[15], src[16], src[17]]);
    let mut rc = Rc { src, at: 18, range: u32::MAX, code };
    let (mut state, mut reps, mut pos) = (0usize, [0usize; 4], 0usize);
    let (pb_mask, lp_mask) = ((1 << pb) - 1, (1 << lp) - 1);
    while pos < out.len() {
        let pos_state = pos & pb_mask;
        if rc.bit(&mut probs[IS_MATCH + (state << 4) + pos_state]) == 0 {
            let prev = if pos > 0 { out[pos - 1] } else { 0 };
            let lit = LIT + 0x300 * (((pos & lp_mask) << lc) + (usize::from(prev) >> (8 - lc)));
            let p = &mut probs[lit..lit + 0x300];
            let mut sym = 1usize;
            if state >= 7 {
                if reps[0] >= pos {
                    return false;
                }
                let mut matched = out[pos - reps[0] - 1];
                while sym < 0x100 {
                    let mb = usize::from(matched >> 7);
                    matched <<= 1;
                    let b = rc.bit(&mut p[((1 + mb) << 8) + sym]) as usize;
                    sym = (sym << 1) | b;
                    if mb != b {
                        break;
                    }
                }
            }
            while sym < 0x100 {
                sym = (sym << 1) | rc.bit(&mut p[sym]) as usize;
            }
            out[pos] = sym as u8;
            pos += 1;
            state = if state < 4 {
                0
            } else if state < 10 {
                state - 3
            } else {
                state - 6
            };
            continue;
        }
        let n;
        if rc.bit(&mut probs[IS_REP + state]) == 1 {
            if rc.bit(&mut probs[IS_REP_G0 + state]) == 0 {
                if rc.bit(&mut probs[IS_REP0_LONG + (state << 4) + pos_state]) == 0 {
                    if reps[0] >= pos {
                        return false;
                    }
                    state = if state < 7 { 9 } else { 11 };
                    out[pos] = out[pos - reps[0] - 1];
                    pos += 1;
                    continue;
                }
            } else {
                let i = if rc.bit(&mut probs[IS_REP_G1 + state]) == 0 {
                    1
                } else if rc.bit(&mut probs[IS_REP_G2 + state]) == 0 {
                    2
                } else {
                    3
                };
                reps[..=i].rotate_right(1);
            }
            n = rc.len(&mut probs[REP_LEN..LIT], pos_state);
            state = if state < 7 { 8 } else { 11 };
        } else {
            reps.rotate_right(1);
            n = rc.len(&mut probs[LEN..REP_LEN], pos_state);
            state = if state < 7 { 7 } else { 10 };
            let slot = rc.tree(&mut probs[POS_SLOT + ((n.min(3) as usize) << 6)..SPEC_POS], 6);
            reps[0] = if slot < 4 {
                slot as usize
            } else {
                let bits = (slot >> 1) - 1;
                let mut d = (2 | (slot & 1)) << bits;
                if slot < 14 {
                    d += rc.reverse(&mut probs[SPEC_POS + d as usize - slot as usize..ALIGN], bits);
                } else {
                    let mut direct = 0u32;
                    for _ in 0..bits - 4 {
                        rc.range >>= 1;
                        let b = u32::from(rc.code >= rc.range);
                        rc.code -= rc.range * b;
                        direct = (direct << 1) | b;
                        rc.norm();
                    }
                    d = d.wrapping_add(direct << 4).wrapping_add(rc.reverse(&mut probs[ALIGN..LEN], 4));
                }
                if d == u32::MAX {
                    // An end marker before the known size is reached: truncated.
                    return false;
                }
                d as usize
            };
        }
        if reps[0] >= pos {
            return false;
        }
        for _ in 0..n + 2 {
            if pos >= out.len() {
                break;
            }
            out[pos] = out[pos - reps[0] - 1];
            pos += 1;
        }
    }
    // Past the end, `norm` reads zeros: a truncated stream must not pass.
    rc.at <= src.len()
}

/// The wasm interface: the host calls `buffer(text length)`, writes the
/// core's text (see `text`) at the returned offset, calls `unpack`, and reads
/// the unpacked bytes right after the text.
#[cfg(target_arch = "wasm32")]
mod wasm {
    use core::arch::wasm32::{memory_grow, memory_size};

    static mut PROBS: [u16; super::PROBS] = [0; super::PROBS];

    extern "C" {
        static __heap_base: u8;
    }

    fn base() -> usize {
        (core::ptr::addr_of!(__heap_base) as usize + 15) & !15
    }

    /// Make room for `len` bytes after the heap base; false: no memory.
    fn room(len: usize) -> bool {
        let need = base() + len;
        let have = memory_size(0) * 65536;
        need <= have || memory_grow(0, (need - have).div_ceil(65536)) != usize::MAX
    }

    /// Room for `len` bytes after the heap base; returns that offset (0: no memory).
    #[no_mangle]
    pub extern "C" fn buffer(len: usize) -> usize {
        if room(len) {
            base()
        } else {
            0
        }
    }

    /// Unpack the `len` bytes of text at `buffer`'s offset; the core follows
    /// the text. Returns its size, 0 when the text or the stream is corrupt.
    #[no_mangle]
    pub extern "C" fn unpack(len: usize) -> usize {
        let b = base();
        // Safety: `buffer` made this memory ours.
        let Some(n) = super::text::decode(unsafe { core::slice::from_raw_parts_mut(b as *mut u8, len) }) else {
            return 0;
        };
        let src = unsafe { core::slice::from_raw_parts(b as *const u8, n) };
        let Some(size) = src.get(5..9).map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]) as usize) else {
            return 0;
        };
        if !room(len + size) {
            return 0;
        }
        // Safety: room() made it ours; it does not overlap the text.
        let (out, probs) = unsafe {
            (core::slice::from_raw_parts_mut((b + len) as *mut u8, size), &mut *core::ptr::addr_of_mut!(PROBS))
        };
        if super::decode(src, out, probs) {
            size
        } else {
            0
        }
    }

    #[panic_handler]
    fn panic(_: &core::panic::PanicInfo) -> ! {
        core::arch::wasm32::unreachable()
    }
}

#[cfg(test)]
mod tests {
    /// `fixture.txt` (the samples, pseudo-random numbers, a long run) and
    /// `fixture.lzma`, it packed by the npm `lzma` package at
    /// level 9, as build/hook.mjs packs the main module.
    #[test]
    fn decodes_what_the_build_packs() {
        let packed = include_bytes!("../tests/fixture.lzma");
        let want = include_bytes!("../tests/fixture.txt");
        let mut out = vec![0u8; want.len()];
        let mut probs = vec![0u16; super::PROBS];
        assert!(super::decode(packed, &mut out, &mut probs));
        assert_eq!(&out[..], &want[..]);
    }

    #[test]
    fn corrupt_input_is_refused_not_a_panic() {
        let mut packed = include_bytes!("../tests/fixture.lzma").to_vec();
        let want = include_bytes!("../tests/fixture.txt");
        let mut probs = vec![0u16; super::PROBS];
        for i in (20..packed.len()).step_by(97) {
            packed[i] ^= 0x5a;
        }
        let mut out = vec![0u8; want.len()];
        // Must not panic, and must not pass corrupt data off as the original.
        let ok = super::decode(&packed, &mut out, &mut probs);
        assert!(!ok || out[..] != want[..], "corruption went unnoticed");
        assert!(!super::decode(&packed[..10], &mut out, &mut probs));
    }
}
