//! Every event type gets the answer its response shape allows: signup and
//! profile updates mutate the user; token events get the progressive-profiling
//! claim; anything else is allowed untouched.

mod support;

use enrich_hook::json::Value;

fn run(sample: &str, config: &str) -> enrich_hook::Outcome {
    support::handle(&std::fs::read_to_string(format!("samples/{sample}")).unwrap(), config)
}

const PROGRESSIVE: &str = r#""progressive": {"ask": ["given_name", "family_name", "custom:company_domain", "custom:job", "address.locality"], "count": 2}"#;

#[test]
fn profile_updates_are_not_enriched_unless_configured() {
    let out = run("profile-update.json", r#"{"standard": {"zoneinfo": "timezone"}}"#);
    assert_eq!(out.response.to_string(), r#"{"is_allowed":true}"#);
    assert!(out.notes[0].contains("onProfileUpdate"));
}

#[test]
fn profile_updates_fill_only_what_is_still_empty() {
    let cfg = r#"{"onProfileUpdate": true, "standard": {"zoneinfo": "timezone", "locale": {"from": "locale", "policy": "overwrite"}},
                  "custom": {"company_domain": {"type": "string", "from": "company_domain", "policy": "overwrite"}}}"#;
    let out = run("profile-update.json", cfg);
    let user = out.response.get("mutations").and_then(|m| m.get("user")).unwrap();
    let std = user.get("standard_attributes").unwrap();
    assert_eq!(std.get("zoneinfo").and_then(Value::as_str), Some("Europe/London"), "empty: filled");
    assert_eq!(
        std.get("locale").and_then(Value::as_str),
        Some("fr-FR"),
        "the user's own value survives even `overwrite`"
    );
    assert_eq!(std.get("given_name").and_then(Value::as_str), Some("Jane"));
    assert!(user.get("custom_attributes").is_none(), "nothing new for custom attributes");
}

#[test]
fn token_events_get_the_next_attributes_to_ask_for() {
    for (sample, key) in [("jwt-pre-create.json", "jwt"), ("id-token-pre-create.json", "id_token")] {
        let out = run(sample, &format!("{{{PROGRESSIVE}}}"));
        let payload = out.response.get("mutations").and_then(|m| m.get(key)).and_then(|t| t.get("payload")).unwrap();
        assert_eq!(
            payload.get("https://enrich-hook/claims/ask").unwrap().to_string(),
            r#"["family_name","custom:job"]"#,
            "{sample}"
        );
        assert_eq!(
            payload.get("iss").and_then(Value::as_str),
            Some("https://myapp.authgear.cloud"),
            "original claims kept"
        );
        assert!(payload.get("sub").is_some() && payload.get("exp").is_some());
    }
}

#[test]
fn the_claim_name_and_count_are_configurable_and_a_full_profile_asks_nothing() {
    let cfg = r#"{"progressive": {"ask": ["given_name", "zoneinfo", "custom:company_domain"], "claim": "ask_next", "count": 5}}"#;
    let out = run("jwt-pre-create.json", cfg);
    let claim = out
        .response
        .get("mutations")
        .and_then(|m| m.get("jwt"))
        .and_then(|t| t.get("payload"))
        .and_then(|p| p.get("ask_next"))
        .unwrap();
    assert_eq!(claim.to_string(), "[]");
}

#[test]
fn token_events_without_progressive_config_are_untouched() {
    let out = run("jwt-pre-create.json", r#"{"standard": {"zoneinfo": "timezone"}}"#);
    assert_eq!(out.response.to_string(), r#"{"is_allowed":true}"#);
}

#[test]
fn other_events_are_allowed_untouched() {
    let event = std::fs::read_to_string("samples/email-signup.json")
        .unwrap()
        .replace("user.pre_create", "authentication.pre_initialize");
    let out = support::handle(&event, &format!("{{{PROGRESSIVE}, \"onProfileUpdate\": true}}"));
    assert_eq!(out.response.to_string(), r#"{"is_allowed":true}"#);
}

#[test]
fn a_login_is_enriched_as_a_signup_would_be() {
    // The login file's core (feature `login`; native builds have it) answers
    // user.authenticated with the mutation its shim writes through the Admin API.
    let out = run("login.json", r#"{"standard": {"zoneinfo": "timezone", "locale": "locale"}}"#);
    let std = out.response.get("mutations").and_then(|m| m.get("user")).and_then(|u| u.get("standard_attributes"));
    let std = std.expect("a mutation");
    assert_eq!(std.get("zoneinfo").and_then(Value::as_str), Some("Europe/London"));
    assert_eq!(std.get("locale").and_then(Value::as_str), Some("en-GB"));
    assert_eq!(std.get("email").and_then(Value::as_str), Some("jane@acme.example"), "stored values kept");
}

#[test]
fn at_login_a_status_line_alone_is_no_reason_to_write() {
    let cfg = r#"{"standard": {"zoneinfo": "timezone"}, "statusAttribute": "enrich_status",
                  "custom": {"enrich_status": {"type": "string"}}}"#;
    let event = std::fs::read_to_string("samples/login.json").unwrap();
    let filled =
        event.replace(r#""updated_at": 1740816930 }"#, r#""updated_at": 1740816930, "zoneinfo": "Asia/Tokyo" }"#);
    assert_ne!(filled, event);
    let out = support::handle(&filled, cfg);
    assert_eq!(out.response.to_string(), r#"{"is_allowed":true}"#, "a write per login otherwise");
    // At signup the same status line is written: the line records every run there.
    let signup = support::handle(&filled.replace("user.authenticated", "user.pre_create"), cfg);
    assert!(signup.response.to_string().contains("enrich_status"));
}

#[test]
fn the_update_our_own_write_fires_is_left_alone() {
    let cfg = r#"{"onProfileUpdate": true, "standard": {"zoneinfo": "timezone"},
                  "custom": {"company_domain": {"type": "string"}}}"#;
    let event = std::fs::read_to_string("samples/profile-update.json").unwrap();
    let ours = event.replacen(
        r#""context": {"#,
        r#""context": {"audit_context": {"enrich_hook": "login", "http_url": "x"}, "#,
        1,
    );
    assert_ne!(ours, event);
    let out = support::handle(&ours, cfg);
    assert_eq!(out.response.to_string(), r#"{"is_allowed":true}"#);
    assert!(out.notes.iter().any(|n| n.contains("own write")), "{:?}", out.notes);
    // Someone else's update is enriched.
    assert!(support::handle(&event, cfg).response.get("mutations").is_some());
}
