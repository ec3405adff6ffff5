//! Progressive profiling: on token events (`oidc.jwt.pre_create`,
//! `oidc.id_token.pre_create`) add one claim listing the next few attributes
//! the app should ask this user for — the admin's priority list minus what
//! is already filled. No network, no sources: it must cost token issuance
//! almost nothing.

use crate::event::{Event, UserAttrs};
use crate::json::{Map, Value};
use crate::model::{self, Progressive};
use crate::prelude::*;

/// Claims a hook must not take: registered JWT and OIDC claims, OIDC's
/// standard user claims, and Authgear's own namespace. Authgear fails token
/// issuance when a hook changes or removes a claim it put there
/// (authgear-server pkg/util/jwtutil ApplyMutations), and it may put any of
/// these there for some client or scope. The standard attributes' names come
/// from `model`'s one list; these are the others.
const RESERVED: &[&str] = &[
    "iss",
    "aud",
    "exp",
    "nbf",
    "iat",
    "jti",
    "auth_time",
    "nonce",
    "acr",
    "amr",
    "azp",
    "sid",
    "at_hash",
    "c_hash",
    "s_hash",
    "scope",
    "client_id",
    "cnf",
    "act",
    "may_act",
    "typ",
    "events",
    "roles",
    "groups",
];

/// Why `claim` may not be the progressive claim, if it may not.
pub fn reserved(claim: &str) -> Option<&'static str> {
    if claim.starts_with("https://authgear.com/") {
        Some("is in Authgear's own claim namespace")
    } else if RESERVED.contains(&claim)
        || model::standard_names().chain(model::IDENTITY.iter().chain(model::NOT_ECHOED).copied()).any(|n| n == claim)
    {
        Some("is a registered or standard claim")
    } else {
        None
    }
}

/// The names of the next attributes to ask for.
pub fn next(p: &Progressive, user: &UserAttrs) -> Vec<String> {
    p.ask.iter().filter(|(_, a)| !user.is_filled(a)).take(p.count).map(|(n, _)| n.clone()).collect()
}

/// `mutations` for a token event (the token's payload plus the claim), and
/// the claim's value. `None` when the event carries no readable payload or
/// user attributes.
/// `Err` when the token already has the claim: changing it would fail the login.
pub fn mutations(p: &Progressive, ev: &Event, key: &str) -> Result<Option<(Map, Value)>, &'static str> {
    let Some(mut payload) = ev.token.clone() else { return Ok(None) };
    if ev.user.custom.is_none() || ev.user.standard.is_none() {
        return Ok(None);
    }
    if payload.get(&p.claim).is_some() {
        return Err("the token already has the claim");
    }
    let asked = Value::from(next(p, &ev.user));
    payload.insert(p.claim.clone(), asked.clone());
    let mut token = Map::new();
    token.insert("payload", Value::Object(payload));
    let mut m = Map::new();
    m.insert(key, Value::Object(token));
    Ok(Some((m, asked)))
}
