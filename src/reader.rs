//! What the config reader and the provider spec reader share: numbers out
//! of range are clamped with a line, never an error (a slip in a number
//! must not switch enrichment off).

use crate::json::Value;
use crate::prelude::*;
use concat::cat;

/// `v` as a number within `lo..=hi`: out of range, the nearest bound and a
/// line in `warnings` saying so; not a number, `None`.
pub fn clamped(path: &str, v: &Value, lo: f64, hi: f64, warnings: &mut Vec<String>) -> Option<f64> {
    let n = v.as_f64()?;
    let c = n.clamp(lo, hi);
    if c != n {
        let int = |n: f64| crate::pieces::int(n as i64);
        let side = if n < lo { "below" } else { "above" };
        warnings.push(cat!("{path}: {} is {side} {}..{}; {} is used", v.to_json(), int(lo), int(hi), int(c)));
    }
    Some(c)
}
