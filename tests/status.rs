//! The status line as the hook's memory (src/status.rs): it says where each
//! value came from and keeps saying so while the value is held; it changes
//! only when a value is written (a signup writes a new one); a value it says
//! the hook set that is gone now was removed on purpose and is never filled
//! again. And how each way of writing is checked (event::Via): a hook
//! mutation re-validates both maps, an Admin API write (login, backfill)
//! only the maps it sends.

mod support;

use enrich_hook::json::{parse, Value};

fn sample(name: &str) -> String {
    std::fs::read_to_string(format!("samples/{name}")).unwrap()
}

/// `kind` event of the e-mail user, with these stored maps.
fn event(kind: &str, standard: &str, custom: &str) -> String {
    let mut ev = parse(&sample("email-signup.json")).unwrap();
    let Value::Object(root) = &mut ev else { panic!() };
    root.insert("type", Value::from(kind));
    let Some(Value::Object(payload)) = root.get_mut("payload") else { panic!() };
    let Some(Value::Object(user)) = payload.get_mut("user") else { panic!() };
    user.insert("standard_attributes", parse(standard).unwrap());
    user.insert("custom_attributes", parse(custom).unwrap());
    ev.to_string()
}

const UPDATE: &str = "user.profile.pre_update";
const LOGIN: &str = "user.authenticated";

const CFG: &str = r#"{"standard": {"zoneinfo": "timezone", "locale": "locale"}, "onProfileUpdate": true,
    "statusAttribute": "st",
    "custom": {"country": {"type": "country_code", "from": "country"}, "st": {"type": "string"},
               "company": {"type": "string", "from": "company_domain"}}}"#;

fn at<'v>(v: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(v, |v, k| v.get(k))
}
fn text(out: &enrich_hook::Outcome, path: &str) -> Option<String> {
    at(&out.response, &format!("mutations.user.{path}")).and_then(Value::as_str).map(str::to_string)
}

#[test]
fn a_signup_writes_the_line_and_later_runs_keep_what_it_says() {
    let signup = support::handle(&event("user.pre_create", r#"{"email": "jane@acme.example"}"#, "{}"), CFG);
    let line = text(&signup, "custom_attributes.st").unwrap();
    // Custom values are said set (?) until seen stored: Authgear drops an undefined custom attribute.
    assert_eq!(line, "zoneinfo<-geo+tzdata; locale<-languages; custom:country<-geo?; custom:company<-email?");

    // Everything held: an update, a login, a backfill rerun write nothing, the line included.
    let std = r#"{"email": "jane@acme.example", "zoneinfo": "Europe/London", "locale": "en-GB"}"#;
    let custom = format!(r#"{{"country": "GB", "company": "acme.example", "st": "{line}"}}"#);
    for kind in [UPDATE, LOGIN] {
        let out = support::handle(&event(kind, std, &custom), CFG);
        assert_eq!(out.response.to_string(), r#"{"is_allowed":true}"#, "{kind}: the line alone is no reason");
    }

    // A value written later adds its record; the signup's records stay.
    let no_locale = r#"{"email": "jane@acme.example", "zoneinfo": "Europe/London"}"#;
    let custom = r#"{"country": "GB", "company": "acme.example", "st": "zoneinfo<-geo+tzdata; custom:country<-geo; custom:company<-email; ipinfo.io:429"}"#;
    let out = support::handle(&event(LOGIN, no_locale, custom), CFG);
    assert_eq!(text(&out, "standard_attributes.locale").as_deref(), Some("en-GB"));
    assert_eq!(
        text(&out, "custom_attributes.st").as_deref(),
        Some("zoneinfo<-geo+tzdata; custom:country<-geo; custom:company<-email; locale<-languages"),
        "the old run's failure is not a record: it goes"
    );
}

#[test]
fn a_custom_value_never_seen_stored_is_recorded_not_kept_once_and_never_filled_again() {
    let signup = support::handle(&event("user.pre_create", r#"{"email": "jane@acme.example"}"#, "{}"), CFG);
    let line = text(&signup, "custom_attributes.st").unwrap();
    // The project has no `company` attribute: Authgear kept the rest and dropped it.
    let std = r#"{"email": "jane@acme.example", "zoneinfo": "Europe/London", "locale": "en-GB"}"#;
    let custom = format!(r#"{{"country": "GB", "st": "{line}"}}"#);
    for kind in [UPDATE, LOGIN] {
        let out = support::handle(&event(kind, std, &custom), CFG);
        // Not filled again (it may have been cleared), but said: in the line and the log.
        assert_eq!(text(&out, "custom_attributes.company"), None, "{kind}");
        assert_eq!(
            text(&out, "custom_attributes.st").as_deref(),
            Some("zoneinfo<-geo+tzdata; locale<-languages; custom:country<-geo; custom:company not kept"),
            "{kind}: the line is worth a write to say so"
        );
        assert!(
            out.diagnostics.iter().any(|d| d.starts_with("custom:company: set by enrich-hook, never seen stored")
                && d.contains("does not define")),
            "{kind}: {:?}",
            out.diagnostics
        );
        // Once said, nothing more: no write, no line.
        let said = text(&out, "custom_attributes.st").unwrap();
        let custom = format!(r#"{{"country": "GB", "st": "{said}"}}"#);
        let again = support::handle(&event(kind, std, &custom), CFG);
        assert_eq!(again.response.to_string(), r#"{"is_allowed":true}"#, "{kind}");
        assert!(again.diagnostics.is_empty(), "{kind}: {:?}", again.diagnostics);
    }
}

#[test]
fn a_value_the_hook_set_and_someone_removed_is_not_filled_again() {
    // The admin cleared zoneinfo and company: pre_update carries only the user after it.
    let std = r#"{"email": "jane@acme.example", "locale": "en-GB"}"#;
    let custom =
        r#"{"country": "GB", "st": "zoneinfo,locale<-geo+tzdata; custom:country<-geo; custom:company<-email"}"#;
    for kind in [UPDATE, LOGIN] {
        let out = support::handle(&event(kind, std, custom), CFG);
        assert_eq!(out.response.to_string(), r#"{"is_allowed":true}"#, "{kind}");
        let why: Vec<&str> = out
            .explained
            .iter()
            .filter(|e| e.attribute.ends_with("zoneinfo") || e.attribute.ends_with("company"))
            .flat_map(|e| e.notes.iter().map(String::as_str))
            .collect();
        assert!(why.iter().filter(|n| n.contains("cleared since enrich-hook set it")).count() == 2, "{why:?}");
    }
    // When something else is written, the line marks them cleared, so they stay so.
    let no_locale = r#"{"email": "jane@acme.example"}"#;
    let custom = r#"{"country": "GB", "st": "zoneinfo<-geo+tzdata; custom:country<-geo; custom:company<-email"}"#;
    let out = support::handle(&event(UPDATE, no_locale, custom), CFG);
    assert_eq!(text(&out, "standard_attributes.locale").as_deref(), Some("en-GB"));
    assert_eq!(text(&out, "standard_attributes.zoneinfo"), None);
    let line = text(&out, "custom_attributes.st").unwrap();
    assert_eq!(line, "zoneinfo,custom:company cleared; custom:country<-geo; locale<-languages");
    // … and a later run reads that back.
    let custom = format!(r#"{{"country": "GB", "st": "{line}"}}"#);
    let out = support::handle(&event(LOGIN, r#"{"email": "jane@acme.example", "locale": "en-GB"}"#, &custom), CFG);
    assert_eq!(out.response.to_string(), r#"{"is_allowed":true}"#);
    // Without a record (no status attribute, or a line cleared too), an empty value is filled.
    let out = support::handle(&event(UPDATE, std, r#"{"country": "GB"}"#), CFG);
    assert_eq!(text(&out, "standard_attributes.zoneinfo").as_deref(), Some("Europe/London"));
}

#[test]
fn a_time_zone_must_agree_with_the_country_the_user_has() {
    // A French user logs in from Germany: not Europe/Berlin, but France's zone.
    let de = |ev: String| ev.replace(r#""geo_location_code":"GB""#, r#""geo_location_code":"DE""#);
    let fr = r#"{"country": "FR"}"#;
    let std = r#"{"email": "jane@acme.example"}"#;
    let cfg = r#"{"standard": {"zoneinfo": "timezone"}, "onProfileUpdate": true,
        "custom": {"country": {"type": "country_code", "from": "country"}}}"#;
    for kind in ["user.pre_create", UPDATE, LOGIN] {
        let out = support::handle(&de(event(kind, std, fr)), cfg);
        assert_eq!(text(&out, "standard_attributes.zoneinfo").as_deref(), Some("Europe/Paris"), "{kind}");
    }
    // Without `profile` (which derives the stored country's zone), the stored
    // country still wins: no zone at all rather than the IP's.
    let no_profile = r#"{"standard": {"zoneinfo": "timezone"}, "sources": ["geo", "languages"],
        "custom": {"country": {"type": "country_code", "from": "country"}}}"#;
    let ev = de(event(LOGIN, std, fr));
    assert!(ev.contains(r#""geo_location_code":"DE""#));
    let out = support::handle(&ev, no_profile);
    assert_eq!(out.response.to_string(), r#"{"is_allowed":true}"#);
    // A US user from a US IP: the country agrees, but geo+tzdata has no zone
    // for a country of many (a live source's zone for it stands: tests/session.rs).
    let us = r#"{"country": "US"}"#;
    let geo_us = |ev: String| ev.replace(r#""geo_location_code":"GB""#, r#""geo_location_code":"US""#);
    let out = support::handle(&geo_us(event(LOGIN, std, us)), no_profile);
    assert_eq!(out.response.to_string(), r#"{"is_allowed":true}"#, "the US has no single zone: none from tzdata");
    // The address's country counts as the stored one too; an unreadable one ("France") does not.
    let addr = r#"{"email": "jane@acme.example", "address": {"country": "FR"}}"#;
    let out = support::handle(&de(event(LOGIN, addr, "{}")), r#"{"standard": {"zoneinfo": "timezone"}}"#);
    assert_eq!(text(&out, "standard_attributes.zoneinfo").as_deref(), Some("Europe/Paris"));
    let prose = r#"{"email": "jane@acme.example", "address": {"country": "France"}}"#;
    let out = support::handle(&de(event(LOGIN, prose, "{}")), r#"{"standard": {"zoneinfo": "timezone"}}"#);
    assert_eq!(text(&out, "standard_attributes.zoneinfo").as_deref(), Some("Europe/Berlin"));
}

#[test]
fn an_admin_api_write_checks_only_the_maps_it_sends() {
    // A stale stored custom value (an enum value since removed) blocks a hook
    // mutation whole, but not a login's standard-only write.
    let cfg = r#"{"standard": {"zoneinfo": "timezone"}, "onProfileUpdate": true,
        "custom": {"tier": {"type": "enum", "enum": ["free", "pro"]}}}"#;
    let std = r#"{"email": "jane@acme.example"}"#;
    let stale = r#"{"tier": "gold"}"#;
    let out = support::handle(&event(UPDATE, std, stale), cfg);
    assert_eq!(out.response.to_string(), r#"{"is_allowed":true}"#);
    assert!(out.diagnostics.iter().any(|d| d.contains("nothing written: the stored custom attribute tier")));
    let out = support::handle(&event(LOGIN, std, stale), cfg);
    assert_eq!(text(&out, "standard_attributes.zoneinfo").as_deref(), Some("Europe/London"));
    assert!(at(&out.response, "mutations.user.custom_attributes").is_none(), "the custom map is not sent");
    // With a status attribute the custom map would carry the line: it is left out, the standard write goes.
    let with_status = cfg.replace(r#""onProfileUpdate": true"#, r#""statusAttribute": "st""#);
    let out = support::handle(&event(LOGIN, std, stale), &with_status);
    assert_eq!(text(&out, "standard_attributes.zoneinfo").as_deref(), Some("Europe/London"));
    assert!(at(&out.response, "mutations.user.custom_attributes").is_none());
    assert!(
        out.diagnostics
            .iter()
            .any(|d| d.starts_with("custom attributes not written: the stored custom attribute tier")),
        "{:?}",
        out.diagnostics
    );
    // A stale standard value, a custom target: the custom write goes alone.
    let custom_cfg = r#"{"custom": {"country": {"type": "country_code", "from": "country"}}}"#;
    let bad_std = r#"{"email": "jane@acme.example", "picture": "ftp://x.example/a.png"}"#;
    let out = support::handle(&event(LOGIN, bad_std, "{}"), custom_cfg);
    assert_eq!(text(&out, "custom_attributes.country").as_deref(), Some("GB"));
    assert!(at(&out.response, "mutations.user.standard_attributes").is_none());
    // Undeclared stored attributes keep the custom map out of a login's write too.
    let out =
        support::handle_in(&event(LOGIN, std, r#"{"legacy": 1}"#), custom_cfg, r#"{"legacy": {"type": "integer"}}"#);
    assert_eq!(out.response.to_string(), r#"{"is_allowed":true}"#);
    assert!(out.diagnostics[0].contains("unchecked: legacy"), "{:?}", out.diagnostics);
}
