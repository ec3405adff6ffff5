//! Progressive profiling: on token events (`oidc.jwt.pre_create`,
//! `oidc.id_token.pre_create`) add one claim listing the next few attributes
//! the app should ask this user for — the admin's priority list minus what
//! is already filled. No network, no sources: it must cost token issuance
//! almost nothing.

use crate::config::Attr;
use crate::event::{Event, UserAttrs};
use crate::json::{Map, Value};
use crate::prelude::*;

pub struct Progressive {
    pub claim: String,
    /// (name as written in the config, attribute) in priority order.
    pub ask: Vec<(String, Attr)>,
    pub count: usize,
}

pub const DEFAULT_CLAIM: &str = "https://enrich-hook/claims/ask";
pub const DEFAULT_COUNT: usize = 2;

/// The names of the next attributes to ask for.
pub fn next(p: &Progressive, user: &UserAttrs) -> Vec<String> {
    p.ask.iter().filter(|(_, a)| !crate::merge::is_filled(user, a)).take(p.count).map(|(n, _)| n.clone()).collect()
}

/// `mutations` for a token event (the token's payload plus the claim), and
/// the claim's value. `None` when the event carries no readable payload or
/// user attributes.
pub fn mutations(p: &Progressive, ev: &Event, key: &str) -> Option<(Map, Value)> {
    let mut payload = ev.token.clone()?;
    if ev.user.custom.is_none() || ev.user.standard.is_none() {
        return None;
    }
    let asked = Value::from(next(p, &ev.user));
    payload.insert(p.claim.clone(), asked.clone());
    let mut token = Map::new();
    token.insert("payload", Value::Object(payload));
    let mut m = Map::new();
    m.insert(key, Value::Object(token));
    Some((m, asked))
}
