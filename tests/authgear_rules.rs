//! What authgear-server itself enforces, as the core must respect it: token
//! claims may only be added (pkg/util/jwtutil ApplyMutations), a returned
//! attribute map is re-validated whole, stored values included
//! (pkg/lib/authn/stdattrs/validate.go), and what real events carry
//! (pkg/api/event/context.go; Google's raw profile is its ID token's claims).

mod support;

use enrich_hook::json::{parse, Value};
use enrich_hook::session::Timing;

fn sample(name: &str) -> String {
    std::fs::read_to_string(format!("samples/{name}")).unwrap()
}

fn at<'v>(v: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(v, |v, k| v.get(k))
}

fn str_at<'v>(v: &'v Value, path: &str) -> Option<&'v str> {
    at(v, path).and_then(Value::as_str)
}

/// The e-mail signup with its stored standard and custom maps replaced.
fn signup_with(standard: &str, custom: &str) -> String {
    let mut ev = parse(&sample("email-signup.json")).unwrap();
    let Value::Object(root) = &mut ev else { panic!() };
    let Some(Value::Object(payload)) = root.get_mut("payload") else { panic!() };
    let Some(Value::Object(user)) = payload.get_mut("user") else { panic!() };
    user.insert("standard_attributes", parse(standard).unwrap());
    user.insert("custom_attributes", parse(custom).unwrap());
    ev.to_string()
}

const ZONE_AND_COMPANY: &str = r#"{"standard": {"zoneinfo": "timezone"},
    "custom": {"company": {"type": "string", "from": "company_domain"},
               "tier": {"type": "enum", "enum": ["free", "pro"]}}}"#;

#[test]
fn a_reserved_or_authgear_claim_is_a_config_error_and_the_token_is_untouched() {
    for claim in ["sub", "aud", "auth_time", "scope", "client_id", "email", "https://authgear.com/claims/user/roles"] {
        let cfg = format!(r#"{{"progressive": {{"ask": ["given_name"], "claim": "{claim}"}}}}"#);
        let out = support::handle(&sample("jwt-pre-create.json"), &cfg);
        assert_eq!(out.response.to_string(), r#"{"is_allowed":true}"#, "{claim}");
        assert!(out.diagnostics[0].contains("config.progressive.claim"), "{claim}: {:?}", out.diagnostics);
    }
}

#[test]
fn a_claim_already_in_the_token_is_never_changed() {
    let ev = sample("jwt-pre-create.json")
        .replace(r#""client_id": "a1b2c3d4e5f6","#, r#""client_id": "a1b2c3d4e5f6", "ask_next": 7,"#);
    let out = support::handle(&ev, r#"{"progressive": {"ask": ["given_name", "family_name"], "claim": "ask_next"}}"#);
    assert_eq!(out.response.to_string(), r#"{"is_allowed":true}"#);
    assert!(out.diagnostics[0].contains("already has the claim"), "{:?}", out.diagnostics);
}

#[test]
fn the_claim_is_only_added_every_original_claim_is_echoed_exactly() {
    let ev = sample("jwt-pre-create.json");
    let out = support::handle(&ev, r#"{"progressive": {"ask": ["family_name"]}}"#);
    let before = at(&parse(&ev).unwrap(), "payload.jwt.payload").unwrap().as_object().unwrap().clone();
    let after = at(&out.response, "mutations.jwt.payload").unwrap().as_object().unwrap();
    for (k, v) in before.iter() {
        assert_eq!(after.get(k), Some(v), "{k}");
    }
    assert_eq!(after.keys().count(), before.keys().count() + 1);
}

#[test]
fn a_stored_value_authgear_would_reject_means_no_mutation_at_all_whichever_map_changes() {
    // Authgear writes the whole user back after any mutation and
    // re-validates both maps (pkg/lib/hook/sink.go, pkg/api/event/blocking/util.go):
    // returning only the other map does not protect a stale value.
    for (standard, key) in [
        (r#"{"email": "jane@acme.example", "birthdate": "1990-02-30"}"#, "birthdate"),
        (r#"{"email": "jane@acme.example", "locale": "en_US"}"#, "locale"),
        (r#"{"email": "jane@acme.example", "picture": "ftp://files.example/jane.png", "gender": ""}"#, "picture"),
        (r#"{"email": "jane@acme.example", "website": "https://[1.2.3.4]/"}"#, "website"),
        (r#"{"email": "jane@acme.example", "nickname": ""}"#, "nickname"),
        (r#"{"email": "jane@acme.example", "favourite_colour": "blue"}"#, "favourite_colour"),
        (r#"{"email": "jane@acme.example", "address": {"locality": ""}}"#, "address"),
    ] {
        let ev = signup_with(standard, "{}");
        let out = support::handle(&ev, ZONE_AND_COMPANY);
        assert_eq!(out.response.to_string(), r#"{"is_allowed":true}"#, "{standard}");
        let d = out.diagnostics.join("\n");
        assert!(d.contains("nothing written: the stored standard attribute") && d.contains(key), "{standard}: {d}");
        // The answer the hook used to give (the custom map alone) is one the model refuses.
        let old = r#"{"is_allowed":true,"mutations":{"user":{"custom_attributes":{"company":"acme.example"}}}}"#;
        let (ok, errors) = support::verdict(&ev, ZONE_AND_COMPANY, "", old);
        assert!(!ok && errors.iter().any(|e| e.contains(key)), "{standard}: {errors:?}");
    }
}

#[test]
fn a_stale_declared_custom_value_means_no_mutation_even_for_a_standard_target() {
    // An enum value from before the admin changed the enum.
    let ev = signup_with(r#"{"email": "jane@acme.example"}"#, r#"{"tier": "gold"}"#);
    let out = support::handle(&ev, ZONE_AND_COMPANY);
    assert_eq!(out.response.to_string(), r#"{"is_allowed":true}"#);
    assert!(out.diagnostics.iter().any(|d| d.contains("nothing written: the stored custom attribute tier")));
    let old = r#"{"is_allowed":true,"mutations":{"user":{"standard_attributes":{"email":"jane@acme.example","zoneinfo":"Europe/London"}}}}"#;
    let (ok, errors) = support::verdict(&ev, ZONE_AND_COMPANY, "", old);
    assert!(!ok && errors.iter().any(|e| e.contains("tier")), "{errors:?}");

    // Stored values that pass are echoed whole.
    let out = support::handle(
        &signup_with(
            r#"{"email": "jane@acme.example", "picture": "authgearimages:///my-app/abc", "birthdate": "2000-02-29"}"#,
            r#"{"tier": "pro"}"#,
        ),
        ZONE_AND_COMPANY,
    );
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let user = at(&out.response, "mutations.user").unwrap();
    assert_eq!(str_at(user, "custom_attributes.tier"), Some("pro"));
    assert_eq!(str_at(user, "standard_attributes.birthdate"), Some("2000-02-29"));
}

/// A profile update of the e-mail user: the user after the update, no identities.
fn update_with(standard: &str, custom: &str) -> String {
    signup_with(standard, custom).replace(r#""type": "user.pre_create""#, r#""type": "user.profile.pre_update""#)
}

#[test]
fn an_undeclared_stored_custom_attribute_means_no_mutation_unless_the_admin_opts_out() {
    // `legacy` may hold a value Authgear now rejects (an enum value since
    // removed): undeclared, the hook cannot check it, and a mutation would
    // make Authgear re-validate it.
    let cfg = r#"{"standard": {"zoneinfo": "timezone"}, "onProfileUpdate": true,
        "custom": {"tier": {"type": "enum", "enum": ["free", "pro"]}}}"#;
    let ev = update_with(r#"{"email": "jane@acme.example"}"#, r#"{"tier": "pro", "legacy": "gold", "old2": 5}"#);
    let out = support::handle_in(
        &ev,
        cfg,
        r#"{"legacy": {"type": "enum", "enum": ["silver"]}, "old2": {"type": "integer"}}"#,
    );
    assert_eq!(out.response.to_string(), r#"{"is_allowed":true}"#);
    assert_eq!(out.diagnostics.len(), 1, "{:?}", out.diagnostics);
    assert!(out.diagnostics[0].contains("unchecked: legacy, old2; nothing written"), "{:?}", out.diagnostics);
    // The same with nothing to write: the one line, naming them, at any event.
    let full = update_with(r#"{"email": "jane@acme.example", "zoneinfo": "Europe/Paris"}"#, r#"{"legacy": "gold"}"#);
    let out = support::handle_in(&full, cfg, r#"{"legacy": {"type": "string"}}"#);
    assert_eq!(out.diagnostics, vec!["custom attributes missing from the config, so unchecked: legacy".to_string()]);
    // A token event too (its sample's user has a custom company_domain).
    let jwt = sample("jwt-pre-create.json");
    let out = support::handle(&jwt, r#"{"progressive": {"ask": ["given_name"]}}"#);
    assert_eq!(
        out.diagnostics,
        vec!["custom attributes missing from the config, so unchecked: company_domain".to_string()]
    );
    assert!(at(&out.response, "mutations.jwt.payload").is_some(), "the claim is still added");
    // Opted out: written, the undeclared value echoed as it is, and still named.
    let opted = cfg.replace(r#""onProfileUpdate": true"#, r#""onProfileUpdate": true, "allowUndeclared": true"#);
    let out = support::handle_in(&ev, &opted, r#"{"legacy": {"type": "string"}, "old2": {"type": "integer"}}"#);
    let user = at(&out.response, "mutations.user").unwrap();
    assert_eq!(str_at(user, "standard_attributes.zoneinfo"), Some("Europe/London"));
    assert!(out.diagnostics[0].contains("unchecked: legacy, old2") && !out.diagnostics[0].contains("nothing written"));
    // The status attribute is the hook's own: never counted as undeclared.
    let st = r#"{"standard": {"zoneinfo": "timezone"}, "statusAttribute": "enrich_status"}"#;
    let out = support::handle_in(
        &signup_with(r#"{"email": "jane@acme.example"}"#, r#"{"enrich_status": "nothing to set"}"#),
        st,
        r#"{"enrich_status": {"type": "string"}}"#,
    );
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
}

#[test]
fn phone_number_targets_are_config_errors_but_may_be_declared_for_checking() {
    let out = support::handle(
        &sample("email-signup.json"),
        r#"{"custom": {"mobile": {"type": "phone_number", "from": "company"}}}"#,
    );
    assert_eq!(out.response.to_string(), r#"{"is_allowed":true}"#);
    assert!(out.diagnostics[0].contains("config.custom.mobile: no enriched field is a phone number"));
    let out = support::handle(
        &sample("email-signup.json"),
        r#"{"custom": {"mobile": {"type": "phone_number"}, "company": {"type": "string", "from": "company_domain"}}}"#,
    );
    assert_eq!(str_at(&out.response, "mutations.user.custom_attributes.company"), Some("acme.example"));
}

#[test]
fn portal_is_not_a_trigger_and_the_hint_says_what_is() {
    let out = support::handle(&sample("email-signup.json"), r#"{"requestFieldsFor": ["user", "portal"]}"#);
    assert!(out.diagnostics[0].contains("Add user is admin_api"), "{:?}", out.diagnostics);
}

#[test]
fn the_status_attribute_says_what_was_set_from_where_and_what_failed() {
    let cfg = r#"{"standard": {"zoneinfo": "timezone", "locale": "locale"},
        "custom": {"city": {"type": "string", "from": "city"}},
        "statusAttribute": "enrich_status", "deadlineMs": 1000,
        "sources": ["profile", "geo", "languages", "email",
                    {"preset": "ipinfo.io", "baseUrl": "http://127.0.0.1:9/i", "allowHttp": true, "key": "sekret"}]}"#;
    let mut s = support::start(&sample("email-signup.json"), cfg);
    let id = s.requests()[0].0;
    s.on_response(id, 429, Some("60"), "", Timing::default());
    let out = s.finish();
    let status = str_at(&out.response, "mutations.user.custom_attributes.enrich_status").unwrap();
    assert_eq!(status, "zoneinfo<-geo+tzdata; locale<-languages; ipinfo.io:429-quota");
    assert!(!status.contains("sekret") && !status.contains("81.2") && !status.contains("jane"));

    // A stored value Authgear would reject: not even the status is written
    // (it is a mutation too); nothing at all is said as such.
    let ev = signup_with(r#"{"email": "jane@acme.example", "birthdate": "--02-30"}"#, "{}");
    let out = support::handle(&ev, r#"{"standard": {"zoneinfo": "timezone"}, "statusAttribute": "enrich_status"}"#);
    assert_eq!(out.response.to_string(), r#"{"is_allowed":true}"#);
    assert!(out.diagnostics[0].contains("nothing written: the stored standard attribute birthdate"));
    let out = support::handle(&sample("email-signup.json"), r#"{"statusAttribute": "enrich_status"}"#);
    assert_eq!(str_at(&out.response, "mutations.user.custom_attributes.enrich_status"), Some("nothing to set"));
}

#[test]
fn the_status_attribute_must_be_a_string_of_its_own() {
    for cfg in [
        r#"{"statusAttribute": "city", "custom": {"city": {"type": "string", "from": "city"}}}"#,
        r#"{"statusAttribute": "n", "custom": {"n": {"type": "integer"}}}"#,
        r#"{"statusAttribute": "bad-name"}"#,
    ] {
        let out = support::handle(&sample("email-signup.json"), cfg);
        assert!(out.diagnostics[0].contains("config.statusAttribute"), "{cfg}: {:?}", out.diagnostics);
    }
}

#[test]
fn context_language_is_the_last_fallback_for_locale() {
    let ev = sample("email-signup.json")
        .replace(r#""en-GB","#, r#""not a tag","#)
        .replace(
            r#""en"
    ],"#,
            r#""!!"],"#,
        )
        .replace(r#""language": "en""#, r#""language": "de-AT""#);
    let out = support::handle(&ev, r#"{"standard": {"locale": "locale"}}"#);
    assert_eq!(str_at(&out.response, "mutations.user.standard_attributes.locale"), Some("de-AT"), "{ev}");
}

#[test]
fn google_workspace_hd_is_the_company_domain_and_profile_fills_gaps() {
    let cfg = r#"{"standard": {"picture": "avatar_url", "locale": "locale"},
        "custom": {"company": {"type": "string", "from": "company_domain"}, "site": {"type": "url", "from": "company_website"}}}"#;
    let out = support::handle(&sample("oauth-google-workspace-signup.json"), cfg);
    let user = at(&out.response, "mutations.user").unwrap();
    assert_eq!(str_at(user, "custom_attributes.company"), Some("initech.example"), "not eu.initech.example");
    assert_eq!(str_at(user, "custom_attributes.site"), Some("https://initech.example"));
    assert_eq!(
        str_at(user, "standard_attributes.picture"),
        Some("https://lh3.googleusercontent.com/a/ACg8ocK-maria=s96-c")
    );
    assert_eq!(str_at(user, "standard_attributes.locale"), Some("es-419"));
    assert_eq!(str_at(user, "standard_attributes.given_name"), Some("María"), "stored values echoed");
}
