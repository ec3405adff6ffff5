//! The core end to end, natively: each shipped sample event with the shipped
//! full config gives exactly the expected mutations.

mod support;

use enrich_hook::json::{parse, Value};

fn run(sample: &str, config: &str) -> (Value, Vec<String>) {
    let event = std::fs::read_to_string(format!("samples/{sample}")).unwrap();
    let out = support::handle(&event, config);
    (out.response, out.diagnostics)
}

fn full_config() -> String {
    std::fs::read_to_string("samples/config.full.json").unwrap()
}

fn at<'v>(v: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(v, |v, k| v.get(k))
}

fn s(v: Option<&Value>) -> Option<&str> {
    v.and_then(Value::as_str)
}

#[test]
fn email_signup_gets_zone_locale_country_and_company() {
    let (r, d) = run("email-signup.json", &full_config());
    assert!(d.is_empty(), "{d:?}");
    let u = at(&r, "mutations.user").unwrap();
    assert_eq!(s(at(u, "standard_attributes.zoneinfo")), Some("Europe/London"));
    assert_eq!(s(at(u, "standard_attributes.locale")), Some("en-GB"));
    assert_eq!(s(at(u, "standard_attributes.address.country")), Some("GB"));
    assert_eq!(s(at(u, "standard_attributes.email")), Some("jane@acme.example"));
    for managed in ["sub", "updated_at", "email_verified"] {
        assert!(at(u, &format!("standard_attributes.{managed}")).is_none(), "{managed} echoed");
    }
    assert_eq!(
        at(u, "custom_attributes").unwrap().to_string(),
        r#"{"country":"GB","company_domain":"acme.example","company_url":"https://acme.example","timezone":"Europe/London"}"#
    );
}

#[test]
fn oauth_signup_keeps_claims_and_skips_free_mail() {
    let (r, _) = run("oauth-google-signup.json", &full_config());
    let u = at(&r, "mutations.user").unwrap();
    assert_eq!(s(at(u, "standard_attributes.locale")), Some("ja"));
    assert_eq!(s(at(u, "standard_attributes.given_name")), Some("Kenji"));
    assert_eq!(s(at(u, "custom_attributes.display_name")), Some("Kenji Sato"));
    assert!(at(u, "custom_attributes.company_domain").is_none());
}

#[test]
fn admin_created_user_gets_nothing_from_the_admins_request() {
    let (r, _) = run("admin-created.json", &full_config());
    let u = at(&r, "mutations.user").unwrap();
    assert!(at(u, "standard_attributes").is_none());
    assert!(at(u, "custom_attributes.country").is_none());
    assert_eq!(s(at(u, "custom_attributes.company_domain")), Some("globex.example"));

    let cfg = full_config().replace(r#""requestFieldsFor": ["user"]"#, r#""requestFieldsFor": ["user", "admin_api"]"#);
    let (r, _) = run("admin-created.json", &cfg);
    assert_eq!(s(at(&r, "mutations.user.standard_attributes.zoneinfo")), Some("Europe/Berlin"));
}

#[test]
fn phone_signup_over_ipv6() {
    let (r, _) = run("phone-signup.json", &full_config());
    assert_eq!(s(at(&r, "mutations.user.standard_attributes.locale")), Some("zh-Hant-HK"));
    assert_eq!(s(at(&r, "mutations.user.standard_attributes.phone_number")), Some("+85298765432"));
}

#[test]
fn policies_fill_overwrite_never() {
    let event = std::fs::read_to_string("samples/email-signup.json").unwrap().replace(
        r#""custom_attributes": {}"#,
        r#""custom_attributes": {"a": "FR", "b": "FR", "c": "FR", "keep": 3, "gone": null}"#,
    );
    let cfg = r#"{"custom": {
        "a": {"type": "country_code", "from": "country"},
        "b": {"type": "country_code", "from": "country", "policy": "overwrite"},
        "c": {"type": "country_code", "from": "country", "policy": "never"},
        "d": {"type": "country_code", "from": "country", "policy": "never"},
        "keep": {"type": "integer"}}}"#;
    let out = support::handle(&event, cfg);
    assert_eq!(
        at(&out.response, "mutations.user.custom_attributes").unwrap().to_string(),
        r#"{"a":"FR","b":"GB","c":"FR","keep":3}"#,
        "fill keeps, overwrite replaces, never leaves alone, nulls are not echoed"
    );
}

#[test]
fn invalid_values_are_dropped_with_a_diagnostic() {
    let event = std::fs::read_to_string("samples/email-signup.json")
        .unwrap()
        .replace(r#""geo_location_code": "GB""#, r#""geo_location_code": "ZZ""#);
    let cfg = r#"{"custom": {"c": {"type": "country_code", "from": "country"}}, "standard": {"zoneinfo": "timezone"}}"#;
    let out = support::handle(&event, cfg);
    assert_eq!(out.response.to_string(), r#"{"is_allowed":true}"#);
    assert!(
        out.diagnostics.iter().any(|d| d.contains("dropped country from geo for custom_attributes.c")),
        "{:?}",
        out.diagnostics
    );
}

#[test]
fn diagnostics_never_carry_emails_or_full_ips() {
    let event = r#"{"type":"user.pre_create","payload":{"user":{"standard_attributes":{"email":"x@y.example"},"custom_attributes":{}}},
        "context":{"geo_location_code":"jane@acme.example 81.2.69.160"}}"#;
    let out = support::handle(event, r#"{"custom":{"c":{"type":"country_code","from":"country"}}}"#);
    let json = out.to_json(true);
    assert!(!json.contains("jane@acme.example") && !json.contains("81.2.69.160"), "{json}");
    assert!(json.contains("<email>") && json.contains("81.2.x.x"), "{json}");
}

#[test]
fn explain_output_is_parseable_and_complete() {
    let event = std::fs::read_to_string("samples/email-signup.json").unwrap();
    let json = support::handle(&event, &full_config()).to_json(true);
    let v = parse(&json).unwrap();
    let rows = v.get("explain").and_then(Value::as_array).unwrap();
    assert_eq!(rows.len(), 8);
    let zone = rows.iter().find(|r| s(r.get("attribute")) == Some("standard_attributes.zoneinfo")).unwrap();
    assert_eq!(s(zone.get("source")), Some("geo+tzdata"));
}
