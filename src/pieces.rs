//! How values are written into messages by `concat::cat!` (see the
//! `concat/` crate): plain appends, no `core::fmt` — which would otherwise be
//! one of the larger parts of the wasm.

use crate::prelude::*;

/// A value `concat::cat!` can write into a string.
pub trait Piece {
    /// Append this value's text to `out`.
    fn push_to(&self, out: &mut String);
}

impl Piece for str {
    fn push_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for String {
    fn push_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for char {
    fn push_to(&self, out: &mut String) {
        out.push(*self);
    }
}

impl<T: Piece + ?Sized> Piece for &T {
    fn push_to(&self, out: &mut String) {
        (**self).push_to(out);
    }
}

impl Piece for crate::json::Value {
    fn push_to(&self, out: &mut String) {
        self.write(out);
    }
}

macro_rules! unsigned {
    ($($t:ty),*) => {$(
        impl Piece for $t {
            fn push_to(&self, out: &mut String) {
                push_u64(*self as u64, out);
            }
        }
    )*};
}
unsigned!(u8, u16, u32, u64, usize);

impl Piece for i64 {
    fn push_to(&self, out: &mut String) {
        if *self < 0 {
            out.push('-');
        }
        push_u64(self.unsigned_abs(), out);
    }
}

fn push_u64(mut n: u64, out: &mut String) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // Safety-free: ASCII digits.
    out.extend(buf[i..].iter().map(|&b| b as char));
}

/// Decimal text of a number, for places that need a `String`.
pub fn int(n: i64) -> String {
    let mut s = String::new();
    n.push_to(&mut s);
    s
}

#[cfg(test)]
mod tests {
    use concat::cat;

    #[test]
    fn pieces_and_the_macro() {
        let (a, n, neg) = ("x", 4200u32, -17i64);
        let owned = String::from("own");
        let s = cat!("{a}-{}-{neg}-{owned}-{{}}-{}", n, 0u8);
        assert_eq!(s, "x-4200--17-own-{}-0");
        assert_eq!(owned, "own", "arguments are borrowed, not moved");
        assert_eq!(super::int(i64::MIN + 1), "-9223372036854775807");
        assert_eq!(cat!("\"q\" \\ {}", "e"), "\"q\" \\ e");
    }
}
