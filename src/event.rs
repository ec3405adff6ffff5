//! The hook event, read leniently: unknown fields are ignored, optional ones
//! may be missing or `null`, and a part with the wrong type is ignored (with
//! a diagnostic) rather than failing the whole event. What cannot be read
//! safely — the user's attribute maps — is marked unwritable instead.

use crate::json::{Map, Value};
use crate::prelude::*;
use concat::cat;

/// A hook event, as far as the hook reads it.
pub struct Event {
    /// What the event is to the hook, from its `type`.
    pub kind: Kind,
    /// `type` as the event spells it, for messages.
    pub type_name: String,
    /// `payload.user`'s two attribute maps.
    pub user: UserAttrs,
    /// The user's e-mail: from standard attributes, else a login ID claim.
    pub email: Option<String>,
    /// `context`: who triggered the event, from where, in which languages.
    pub context: Context,
    /// For `oidc.jwt.pre_create` / `oidc.id_token.pre_create`: the token's
    /// payload (`payload.jwt.payload` / `payload.id_token.payload`).
    pub token: Option<Map>,
    /// The raw profile of the first OAuth identity (e.g. Google's, with `hd`).
    pub oauth_profile: Option<Map>,
}

/// The attribute maps as stored. `None`: absent or malformed, so they cannot
/// be echoed back and must not be replaced.
pub struct UserAttrs {
    /// `custom_attributes`, keyed by attribute name.
    pub custom: Option<Map>,
    /// `standard_attributes`.
    pub standard: Option<Map>,
}

#[derive(Default)]
/// The parts of `context` the sources use.
pub struct Context {
    /// `user`, `admin_api`, `system` or `site_admin`.
    pub triggered_by: Option<String>,
    /// The request's IP, if Authgear had one.
    pub ip_address: Option<String>,
    /// The country Authgear derived from the IP (GeoLite2), if any.
    pub geo_location_code: Option<String>,
    /// From `ui_locales` or `Accept-Language`, in order.
    pub preferred_languages: Vec<String>,
    /// The UI language Authgear resolved for the request.
    pub language: Option<String>,
    /// The event was fired by this hook's own Admin API write: its token's
    /// `audit_context` (`{"enrich_hook": …}`), which Authgear copies into
    /// `context.audit_context` (pkg/lib/event/service.go).
    pub own_write: bool,
}

/// Read an event leniently; `Err` only when it is no event at all.
pub fn parse(v: &Value, diags: &mut Vec<String>) -> Result<Event, String> {
    let root = v.as_object().ok_or_else(|| cat!("event is {}, not an object", v.kind()))?;
    let kind = root.get("type").and_then(Value::as_str).ok_or("event has no string \"type\"")?;
    let payload = root.get("payload").and_then(Value::as_object).ok_or("event has no \"payload\" object")?;
    let user = payload.get("user").and_then(Value::as_object).ok_or("event has no \"payload.user\" object")?;

    let mut attrs = |key: &str| match user.get(key) {
        Some(Value::Object(m)) => Some(m.clone()),
        other => {
            let got = other.map_or("missing", Value::kind);
            diags.push(cat!("payload.user.{key} is {got}: left untouched"));
            None
        }
    };
    let custom = attrs("custom_attributes");
    let standard = attrs("standard_attributes");

    let email = standard
        .as_ref()
        .and_then(|m| m.get("email"))
        .and_then(Value::as_str)
        .or_else(|| identity_email(payload.get("identities")))
        .map(str::to_string);

    let ctx = root.get("context").and_then(Value::as_object);
    let text = |key: &str| ctx.and_then(|c| c.get(key)).and_then(Value::as_str).map(str::to_string);
    let preferred_languages = ctx
        .and_then(|c| c.get("preferred_languages"))
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
        .unwrap_or_default();
    let context = Context {
        triggered_by: text("triggered_by"),
        ip_address: text("ip_address"),
        geo_location_code: text("geo_location_code"),
        preferred_languages,
        language: text("language"),
        own_write: ctx.and_then(|c| c.get("audit_context")?.get("enrich_hook")?.as_str()).is_some(),
    };

    let kind_ = Kind::of(kind);
    let token = match kind_ {
        Kind::Token(k) => payload.get(k).and_then(|t| t.get("payload")?.as_object()).cloned(),
        _ => None,
    };
    let oauth_profile = payload
        .get("identities")
        .and_then(Value::as_array)
        .and_then(|ids| ids.iter().find_map(|i| i.get("claims")?.get(OAUTH_PROFILE)?.as_object()))
        .cloned();
    Ok(Event {
        kind: kind_,
        type_name: kind.to_string(),
        user: UserAttrs { custom, standard },
        email,
        context,
        token,
        oauth_profile,
    })
}

/// What an event is to the hook: the one place its `type` is read, and
/// which path through the hook, and which write, it takes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    /// `user.pre_create`: enriched; the answer is a hook mutation.
    Signup,
    /// `user.profile.pre_update`: enriched if the config says so (fill
    /// only); the answer is a hook mutation.
    ProfileUpdate,
    /// `user.authenticated` (non-blocking): the login file enriches a
    /// returning user, written through the Admin API (no login event can mutate).
    Login,
    /// `oidc.jwt.pre_create` (`jwt`) or `oidc.id_token.pre_create`
    /// (`id_token`): the progressive-profiling claim, where the event
    /// carries the token and where its mutation goes.
    Token(&'static str),
    /// Any other: allowed, untouched.
    Other,
}

/// How the answer reaches the user, which decides what Authgear checks and
/// what is worth a write.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Via {
    /// A `user.pre_create` mutation: both maps re-validated whole; a status
    /// line, new at signup, is worth writing by itself.
    Signup,
    /// A `user.profile.pre_update` mutation: both maps re-validated whole.
    Update,
    /// An Admin API `updateUser` (the login path, the backfill): each map
    /// sent is validated alone, a map left out not at all
    /// (pkg/admin/facade/user_profile.go); it fires `user.profile.pre_update`
    /// and `user.profile.updated`, so only a value is worth one.
    AdminApi,
}

impl Kind {
    /// The kind of an event whose `type` is `name`.
    pub fn of(name: &str) -> Kind {
        match name {
            "user.pre_create" => Kind::Signup,
            "user.profile.pre_update" => Kind::ProfileUpdate,
            "user.authenticated" => Kind::Login,
            "oidc.jwt.pre_create" => Kind::Token("jwt"),
            "oidc.id_token.pre_create" => Kind::Token("id_token"),
            _ => Kind::Other,
        }
    }

    /// How an enrichment answer to this kind is written, if it is one.
    pub fn via(self) -> Option<Via> {
        match self {
            Kind::Signup => Some(Via::Signup),
            Kind::ProfileUpdate => Some(Via::Update),
            Kind::Login => Some(Via::AdminApi),
            Kind::Token(_) | Kind::Other => None,
        }
    }
}

/// Where an OAuth identity's claims keep the provider's raw profile.
const OAUTH_PROFILE: &str = "https://authgear.com/claims/oauth/profile";

fn identity_email(identities: Option<&Value>) -> Option<&str> {
    identities?.as_array()?.iter().filter_map(|i| i.get("claims")?.get("email")?.as_str()).next()
}

#[cfg(test)]
mod tests {
    use super::parse;
    use crate::json::parse as j;

    #[test]
    fn reads_a_full_event_and_ignores_unknown_fields() {
        let v = j(r#"{"type":"user.pre_create","extra":1,
            "payload":{"user":{"standard_attributes":{"email":"a@b.example"},"custom_attributes":{"x":1}},
                "identities":[]},
            "context":{"triggered_by":"user","ip_address":"81.2.69.160","geo_location_code":"GB",
                "preferred_languages":["en-GB", 3],"audit_context":{}}}"#)
        .unwrap();
        let mut d = vec![];
        let e = parse(&v, &mut d).unwrap();
        assert_eq!(e.kind, super::Kind::Signup);
        assert_eq!(e.email.as_deref(), Some("a@b.example"));
        assert_eq!(e.context.geo_location_code.as_deref(), Some("GB"));
        assert_eq!(e.context.preferred_languages, vec!["en-GB"]);
        assert!(d.is_empty());
    }

    #[test]
    fn nulls_and_missing_context_are_fine() {
        let v = j(r#"{"type":"user.pre_create","payload":{"user":{"standard_attributes":{},"custom_attributes":{}},
            "identities":[{"claims":{"email":"id@c.example"}}]},"context":{"geo_location_code":null}}"#)
        .unwrap();
        let e = parse(&v, &mut vec![]).unwrap();
        assert_eq!(e.context.geo_location_code, None);
        assert_eq!(e.email.as_deref(), Some("id@c.example"));
    }

    #[test]
    fn malformed_attribute_maps_are_marked_unwritable() {
        let v =
            j(r#"{"type":"user.pre_create","payload":{"user":{"standard_attributes":[],"custom_attributes":null}}}"#)
                .unwrap();
        let mut d = vec![];
        let e = parse(&v, &mut d).unwrap();
        assert!(e.user.custom.is_none() && e.user.standard.is_none());
        assert_eq!(d.len(), 2);
    }

    #[test]
    fn non_events_are_errors() {
        for t in ["null", "\"x\"", "[1]", r#"{"type":"user.pre_create"}"#, r#"{"payload":{}}"#] {
            let v = j(t).unwrap();
            assert!(parse(&v, &mut vec![]).is_err(), "{v}");
        }
    }
}
