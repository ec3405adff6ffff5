//! A small JSON value, parser and printer. The hook only moves JSON through:
//! it never needs floating-point formatting, serde's generic machinery or a
//! B-tree, which together were most of the wasm's size. Numbers keep their
//! source text, so they round-trip exactly; objects keep their key order.

use crate::prelude::*;
use concat::cat;

#[derive(Clone, Debug, PartialEq)]
/// A JSON value.
pub enum Value {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// The number's JSON text, already validated against JSON's grammar.
    Number(String),
    /// A string Rust can hold.
    String(String),
    /// A string Rust cannot hold but JavaScript can (a lone surrogate
    /// escape): its JSON text, quotes included, so that it goes back exactly
    /// as it came. It is no `str` to the hook: never a candidate, never
    /// matched, only echoed.
    Raw(String),
    /// An array.
    Array(Vec<Value>),
    /// An object, keys in order.
    Object(Map),
}

/// An object: insertion-ordered pairs. Hook objects are small, so a linear
/// scan beats hashing on size and on speed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Map(Vec<(String, Value)>);

impl Map {
    /// An empty object.
    pub fn new() -> Map {
        Map(Vec::new())
    }
    /// The value under `k`.
    pub fn get(&self, k: &str) -> Option<&Value> {
        self.0.iter().find(|(key, _)| key == k).map(|(_, v)| v)
    }
    /// The value under `k`, to change it.
    pub fn get_mut(&mut self, k: &str) -> Option<&mut Value> {
        self.0.iter_mut().find(|(key, _)| key == k).map(|(_, v)| v)
    }
    /// Insert or replace, keeping the key's position.
    pub fn insert(&mut self, k: impl Into<String>, v: Value) {
        let k = k.into();
        match self.get_mut(&k) {
            Some(slot) => *slot = v,
            None => self.0.push((k, v)),
        }
    }
    /// Remove `k`.
    pub fn remove(&mut self, k: &str) {
        self.0.retain(|(key, _)| key != k);
    }
    /// Keys and values, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.0.iter().map(|(k, v)| (k, v))
    }
    /// Keys, in order.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }
    /// Whether there are no keys.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// Keep the pairs `f` accepts.
    pub fn retain(&mut self, mut f: impl FnMut(&str, &Value) -> bool) {
        self.0.retain(|(k, v)| f(k, v));
    }
}

impl FromIterator<(String, Value)> for Map {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(it: I) -> Map {
        let mut m = Map::new();
        for (k, v) in it {
            m.insert(k, v);
        }
        m
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::String(s.to_string())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::String(s)
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}
impl From<Map> for Value {
    fn from(m: Map) -> Value {
        Value::Object(m)
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(o: Option<T>) -> Value {
        o.map_or(Value::Null, Into::into)
    }
}
impl<T: Into<Value>> From<Vec<T>> for Value {
    fn from(v: Vec<T>) -> Value {
        Value::Array(v.into_iter().map(Into::into).collect())
    }
}

impl Value {
    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
    /// The object, if this is one.
    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }
    /// An array of strings, copied; `None` if this is not one.
    pub fn as_strings(&self) -> Option<Vec<String>> {
        match self.as_array() {
            Some(a) if a.iter().all(Value::is_string) => {
                Some(a.iter().filter_map(Value::as_str).map(String::from).collect())
            }
            _ => None,
        }
    }
    /// The array, if this is one.
    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }
    /// The number as f64, if it can be read exactly: for comparisons
    /// against bounds, not for output.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => number_to_f64(n),
            _ => None,
        }
    }
    /// The value under `k`, if this is an object that has it.
    pub fn get(&self, k: &str) -> Option<&Value> {
        self.as_object()?.get(k)
    }
    /// Its JSON kind, for diagnostics that must not echo the value itself
    /// ("a string", "an empty string", "an object", …).
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(s) if s.trim().is_empty() => "an empty string",
            Value::String(_) | Value::Raw(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
    /// Whether this is a string (not `Raw`).
    pub fn is_string(&self) -> bool {
        matches!(self, Value::String(_))
    }
    /// Whether this is an object.
    pub fn is_object(&self) -> bool {
        matches!(self, Value::Object(_))
    }
    /// A number value from JSON number text, if the text is one.
    pub fn number(text: &str) -> Option<Value> {
        let mut p = Parser { b: text.as_bytes(), i: 0, depth: 0, keys: 0 };
        p.number().ok().filter(|_| p.i == text.len()).map(|_| Value::Number(text.to_string()))
    }

    /// Append the JSON text to `out`.
    pub fn write(&self, out: &mut String) {
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) | Value::Raw(n) => out.push_str(n),
            Value::String(s) => write_str(s, out),
            Value::Array(a) => {
                out.push('[');
                for (i, v) in a.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    v.write(out);
                }
                out.push(']');
            }
            Value::Object(m) => {
                out.push('{');
                for (i, (k, v)) in m.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_str(k, out);
                    out.push(':');
                    v.write(out);
                }
                out.push('}');
            }
        }
    }
}

/// For tests and native callers; the hook's own code uses `to_json`, so the
/// wasm links no `core::fmt`.
impl core::fmt::Display for Value {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.to_json())
    }
}

impl Value {
    /// The JSON text.
    pub fn to_json(&self) -> String {
        let mut s = String::new();
        self.write(&mut s);
        s
    }
}

fn write_str(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(HEX[(c as usize) >> 4] as char);
                out.push(HEX[(c as usize) & 15] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Decimal JSON number text to f64, when it can be read exactly: up to
/// 2^53 in the significant digits and a power of ten up to 10^22 (Clinger's
/// fast path: one correctly rounded operation, the value JavaScript's
/// `JSON.parse` and Go's `strconv` give). `None` otherwise: a number this
/// hook would misjudge (or one that is infinite to JavaScript) is refused,
/// never passed on.
fn number_to_f64(n: &str) -> Option<f64> {
    const EXACT: u64 = 1 << 53;
    let b = n.as_bytes();
    let neg = b.first() == Some(&b'-');
    let (mut m, mut scale, mut zeros, mut frac) = (0u64, 0i32, 0i32, false);
    let mut i = usize::from(neg);
    while let Some(&c) = b.get(i) {
        match c {
            b'.' => frac = true,
            b'0'..=b'9' => {
                scale -= i32::from(frac);
                // Zeros wait: trailing ones move into the exponent instead.
                if c == b'0' {
                    zeros += 1;
                } else {
                    for _ in 0..=zeros {
                        m *= 10;
                        if m > EXACT {
                            return None;
                        }
                    }
                    m += u64::from(c - b'0');
                    if m > EXACT {
                        return None;
                    }
                    zeros = 0;
                }
            }
            _ => break,
        }
        i += 1;
    }
    scale += zeros;
    if let Some(e) = n.get(i + 1..) {
        // Saturating: past any power that matters, the number is refused below.
        let x = e.bytes().filter(u8::is_ascii_digit).fold(0i32, |x, d| (x * 10 + i32::from(d - b'0')).min(99_999));
        scale += if e.starts_with('-') { -x } else { x };
    }
    if m == 0 {
        scale = 0;
    }
    // A power past 10^22 is exact only while the digits absorb the excess.
    while scale > 22 && m * 10 <= EXACT {
        m *= 10;
        scale -= 1;
    }
    if scale.unsigned_abs() > 22 {
        return None;
    }
    let p = (0..scale.unsigned_abs()).fold(1f64, |p, _| p * 10.0);
    let v = if scale < 0 { m as f64 / p } else { m as f64 * p };
    Some(if neg { -v } else { v })
}

/// Nesting deeper than this is refused: a hostile `[[[[…` must not exhaust
/// the wasm stack (a trap), it must be a parse error.
const MAX_DEPTH: u32 = 128;

/// What one document may hold. Far above any real event, config or provider
/// answer; low enough that the worst case (duplicate checks are linear per
/// key) stays a few ms on a cold Deno 1.46 (BENCHMARKS.md, "Hostile input").
pub const MAX_BYTES: usize = 1 << 20;
/// Keys in one object.
pub const MAX_KEYS: usize = 1000;
/// Keys in the whole document.
pub const MAX_TOTAL_KEYS: usize = 20_000;
/// Items in one array.
pub const MAX_ITEMS: usize = 1000;
/// Bytes in one string.
pub const MAX_STRING: usize = 64 * 1024;

/// Parse a whole JSON document, within the caps above.
pub fn parse(s: &str) -> Result<Value, String> {
    if s.len() > MAX_BYTES {
        return Err("larger than 1 MiB".into());
    }
    let mut p = Parser { b: s.as_bytes(), i: 0, depth: 0, keys: 0 };
    p.ws();
    let v = p.value()?;
    p.ws();
    if p.i != p.b.len() {
        return Err(p.err("trailing characters"));
    }
    Ok(v)
}

struct Parser<'a> {
    b: &'a [u8],
    i: usize,
    depth: u32,
    /// Keys read so far, in all objects.
    keys: usize,
}

impl Parser<'_> {
    fn err(&self, what: &str) -> String {
        cat!("{what} at byte {}", self.i)
    }
    fn ws(&mut self) {
        while self.i < self.b.len() && matches!(self.b[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }
    fn eat(&mut self, lit: &str) -> Result<(), String> {
        if self.b[self.i..].starts_with(lit.as_bytes()) {
            self.i += lit.len();
            Ok(())
        } else {
            Err(self.err("invalid literal"))
        }
    }
    fn value(&mut self) -> Result<Value, String> {
        match self.peek() {
            Some(b'n') => self.eat("null").map(|_| Value::Null),
            Some(b't') => self.eat("true").map(|_| Value::Bool(true)),
            Some(b'f') => self.eat("false").map(|_| Value::Bool(false)),
            Some(b'"') => {
                let start = self.i;
                let (s, lone) = self.string()?;
                Ok(if lone {
                    Value::Raw(String::from_utf8_lossy(&self.b[start..self.i]).into_owned())
                } else {
                    Value::String(s)
                })
            }
            Some(b'[' | b'{') => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return Err(self.err("nesting too deep"));
                }
                let v = if self.peek() == Some(b'[') { self.array() } else { self.object() };
                self.depth -= 1;
                v
            }
            Some(b'-' | b'0'..=b'9') => {
                let start = self.i;
                self.number()?;
                Ok(Value::Number(String::from_utf8_lossy(&self.b[start..self.i]).into_owned()))
            }
            _ => Err(self.err("expected a value")),
        }
    }
    fn digits(&mut self) -> usize {
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        self.i - start
    }
    fn number(&mut self) -> Result<(), String> {
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        let lead_zero = self.peek() == Some(b'0');
        let n = self.digits();
        if n == 0 || (lead_zero && n > 1) {
            return Err(self.err("invalid number"));
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if self.digits() == 0 {
                return Err(self.err("invalid number"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if self.digits() == 0 {
                return Err(self.err("invalid number"));
            }
        }
        Ok(())
    }
    /// The code unit of a `\\uXXXX` escape at `at`, if there is one (four
    /// hex digits: `from_str_radix` would take a sign, `\\u+041`).
    fn escape_at(&self, at: usize) -> Option<u32> {
        let h = self.b.get(at..at + 6).filter(|h| h.starts_with(b"\\u"))?;
        h[2..].iter().try_fold(0, |v, c| Some(v << 4 | char::from(*c).to_digit(16)?))
    }
    /// The decoded string, and whether it held a lone surrogate (decoded as
    /// U+FFFD: the caller keeps its JSON text instead).
    fn string(&mut self) -> Result<(String, bool), String> {
        self.i += 1; // opening quote
        let mut out = Vec::new();
        let mut lone = false;
        loop {
            if out.len() > MAX_STRING {
                return Err(self.err("a string longer than 64 KiB"));
            }
            let c = self.peek().ok_or_else(|| self.err("unterminated string"))?;
            self.i += 1;
            match c {
                b'"' => break,
                b'\\' => {
                    let e = self.peek().ok_or_else(|| self.err("unterminated string"))?;
                    self.i += 1;
                    let ch = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = self.escape_at(self.i - 2).ok_or_else(|| self.err("invalid \\u escape"))?;
                            self.i += 4;
                            // A pair only when a low surrogate escape follows at
                            // once, as JSON.parse pairs them.
                            let lo = self
                                .escape_at(self.i)
                                .filter(|lo| (0xDC00..0xE000).contains(lo) && (0xD800..0xDC00).contains(&hi));
                            let cp = match lo {
                                Some(lo) => {
                                    self.i += 6;
                                    0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                                }
                                None => hi,
                            };
                            char::from_u32(cp).unwrap_or_else(|| {
                                lone = true;
                                '\u{FFFD}'
                            })
                        }
                        _ => return Err(self.err("invalid escape")),
                    };
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                }
                c if c < 0x20 => return Err(self.err("control character in string")),
                c => out.push(c),
            }
        }
        // Input came from a &str and escapes were encoded as UTF-8.
        String::from_utf8(out).map(|s| (s, lone)).map_err(|_| self.err("invalid UTF-8"))
    }
    fn array(&mut self) -> Result<Value, String> {
        self.i += 1;
        let mut a = Vec::new();
        self.ws();
        if self.peek() == Some(b']') {
            self.i += 1;
            return Ok(Value::Array(a));
        }
        loop {
            self.ws();
            if a.len() == MAX_ITEMS {
                return Err(self.err("an array of more than 1000 items"));
            }
            a.push(self.value()?);
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return Ok(Value::Array(a));
                }
                _ => return Err(self.err("expected , or ]")),
            }
        }
    }
    fn object(&mut self) -> Result<Value, String> {
        self.i += 1;
        let mut m = Map::new();
        self.ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Ok(Value::Object(m));
        }
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                return Err(self.err("expected a key"));
            }
            self.keys += 1;
            if self.keys > MAX_TOTAL_KEYS {
                return Err(self.err("more than 20000 keys"));
            }
            // A key with a lone surrogate reads as U+FFFD, as Go's decoder reads it.
            let (k, _) = self.string()?;
            self.ws();
            if self.peek() != Some(b':') {
                return Err(self.err("expected :"));
            }
            self.i += 1;
            self.ws();
            let v = self.value()?;
            m.insert(k, v);
            if m.0.len() > MAX_KEYS {
                return Err(self.err("an object of more than 1000 keys"));
            }
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(Value::Object(m));
                }
                _ => return Err(self.err("expected , or }")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round(s: &str) -> String {
        parse(s).unwrap_or_else(|e| panic!("{s}: {e}")).to_string()
    }

    #[test]
    fn round_trips_exactly() {
        for s in [
            "null",
            "true",
            "[]",
            "{}",
            "-0.5e+10",
            "123456789012345678901234567890",
            r#"{"b":1,"a":[1,2.50,{"x":null}],"s":"é\"\\\n"}"#,
        ] {
            assert_eq!(round(s), s);
        }
        assert_eq!(round(" { \"a\" : [ 1 , 2 ] } "), r#"{"a":[1,2]}"#);
    }

    #[test]
    fn unescapes() {
        assert_eq!(parse(r#""\u00e9\ud83d\ude00\/\t""#).unwrap(), Value::from("é😀/\t"));
        assert_eq!(Value::from("\u{1}").to_string(), "\"\\u0001\"");
    }

    #[test]
    fn duplicate_keys_keep_the_last_value() {
        assert_eq!(round(r#"{"a":1,"a":2}"#), r#"{"a":2}"#);
    }

    #[test]
    fn rejects_malformed_json() {
        for bad in [
            "",
            "nul",
            "01",
            "1.",
            "-",
            "[1,]",
            "{\"a\"}",
            "{\"a\":1,}",
            "\"abc",
            "\"\u{1}\"",
            "[1] x",
            "'a'",
            "{a:1}",
            "\"\\x\"",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn caps_are_errors() {
        use std::format;
        let obj = |n: usize| format!("{{{}}}", (0..n).map(|i| format!("\"k{i}\":0")).collect::<Vec<_>>().join(","));
        assert!(parse(&obj(MAX_KEYS)).is_ok());
        assert!(parse(&obj(MAX_KEYS + 1)).unwrap_err().starts_with("an object of more than 1000 keys"));
        let many = format!("[{}]", (0..21).map(|_| obj(999)).collect::<Vec<_>>().join(","));
        assert!(parse(&many).unwrap_err().starts_with("more than 20000 keys"));
        let arr = |n: usize| format!("[{}]", vec!["1"; n].join(","));
        assert!(parse(&arr(MAX_ITEMS)).is_ok());
        assert!(parse(&arr(MAX_ITEMS + 1)).unwrap_err().starts_with("an array of more than 1000 items"));
        assert!(parse(&format!("\"{}\"", "x".repeat(MAX_STRING))).is_ok());
        assert!(parse(&format!("\"{}\"", "x".repeat(MAX_STRING + 2))).unwrap_err().starts_with("a string longer"));
        assert_eq!(parse(&" ".repeat(MAX_BYTES + 1)).unwrap_err(), "larger than 1 MiB");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        assert!(parse(&deep).unwrap_err().contains("too deep"));
        let ok = "[".repeat(100) + &"]".repeat(100);
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn numbers_compare_as_f64() {
        assert_eq!(parse("51.5074").unwrap().as_f64(), Some(51.5074));
        assert_eq!(parse("-90").unwrap().as_f64(), Some(-90.0));
        assert_eq!(parse("1e3").unwrap().as_f64(), Some(1000.0));
        assert_eq!(Value::number("12.5"), Some(Value::Number("12.5".into())));
        assert_eq!(Value::number("12.5x"), None);
        assert_eq!(Value::number(" 1"), None);
    }
}
