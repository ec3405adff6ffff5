//! The live-source state machine, driven by hand as the wasm host drives it.

mod support;

use enrich_hook::json::Value;
use enrich_hook::session::{NoAnswer, Timing, RETRY_AFTER_MS};

fn signup(edit: impl Fn(String) -> String) -> String {
    edit(std::fs::read_to_string("samples/email-signup.json").unwrap())
}

const IPINFO: &str =
    r#"{"preset": "ipinfo.io", "baseUrl": "http://127.0.0.1:9/ipinfo", "allowHttp": true, "timeoutMs": 500}"#;
const IPWHO: &str = r#"{"preset": "ipwho.is", "baseUrl": "http://127.0.0.1:9/ipwho", "allowHttp": true}"#;
const IPINFO_OK: &str = r#"{"ip":"81.2.69.160","city":"London","region":"England","country":"GB","loc":"51.5085,-0.1257","timezone":"Europe/London"}"#;

fn config(sources: &str, custom: &str) -> String {
    format!(r#"{{"sources": [{sources}], "custom": {{{custom}}}, "deadlineMs": 1000}}"#)
}

const CITY_LAT: &str = r#""city": {"type": "string", "from": "city"}, "lat": {"type": "number", "from": "latitude"}"#;

fn custom_of(s: support::Checked) -> String {
    let out = s.finish();
    out.response
        .get("mutations")
        .and_then(|m| m.get("user"))
        .and_then(|u| u.get("custom_attributes"))
        .map_or("none".into(), Value::to_string)
}

#[test]
fn plans_one_request_per_useful_source() {
    let s = support::start(&signup(|e| e), &config(&format!("\"geo\", {IPINFO}"), CITY_LAT));
    let reqs = s.requests();
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0].1.url, "http://127.0.0.1:9/ipinfo/81.2.69.160/json");
    assert_eq!(reqs[0].1.timeout_ms, 500);
    assert_eq!(s.deadline_ms(), 1000);
}

#[test]
fn live_values_merge_in_source_order() {
    let mut s = support::start(&signup(|e| e), &config(&format!("{IPINFO}, {IPWHO}"), CITY_LAT));
    let ids: Vec<usize> = s.requests().iter().map(|r| r.0).collect();
    assert_eq!(ids, [0, 1]);
    // The lower-priority source answers first; the higher one still wins.
    s.on_response(1, 200, None, r#"{"success":true,"city":"Londres","latitude":1.5}"#, Timing::default());
    assert!(s.unneeded().is_empty(), "ipinfo may still give better values");
    s.on_response(0, 200, None, IPINFO_OK, Timing::default());
    assert_eq!(custom_of(s), r#"{"city":"London","lat":51.5085}"#);
}

#[test]
fn a_lower_priority_source_is_aborted_once_everything_is_settled() {
    let mut s = support::start(&signup(|e| e), &config(&format!("{IPINFO}, {IPWHO}"), CITY_LAT));
    s.on_response(0, 200, None, IPINFO_OK, Timing::default());
    assert_eq!(s.unneeded(), vec![1]);
    s.on_error(1, NoAnswer::Unneeded, "", Timing::default());
    assert_eq!(custom_of(s), r#"{"city":"London","lat":51.5085}"#);
}

#[test]
fn sources_that_cannot_help_are_not_called() {
    // Everything the IP source could fill is already set (fill policy).
    let filled =
        signup(|e| e.replace(r#""custom_attributes": {}"#, r#""custom_attributes": {"city": "Leeds", "lat": 53.8}"#));
    assert!(support::start(&filled, &config(IPINFO, CITY_LAT)).requests().is_empty());
    // Country is settled by the free offline source before it.
    let country = r#""c": {"type": "country_code", "from": "country"}"#;
    assert!(support::start(&signup(|e| e), &config(&format!("\"geo\", {IPINFO}"), country)).requests().is_empty());
    // No attribute takes any of its fields.
    let company = r#""co": {"type": "string", "from": "company"}"#;
    assert!(support::start(&signup(|e| e), &config(IPINFO, company)).requests().is_empty());
}

#[test]
fn ip_sources_respect_privacy_rules() {
    let private = signup(|e| e.replace("81.2.69.160", "192.168.1.20"));
    let s = support::start(&private, &config(IPINFO, CITY_LAT));
    assert!(s.requests().is_empty());
    let note = s.finish().notes.join("\n");
    assert!(note.contains("ipinfo.io: skipped, the IP address is a private address"), "{note}");

    let admin = signup(|e| e.replace(r#""triggered_by": "user""#, r#""triggered_by": "admin_api""#));
    assert!(support::start(&admin, &config(IPINFO, CITY_LAT)).requests().is_empty());

    let no_ip = signup(|e| e.replace(r#""ip_address": "81.2.69.160","#, ""));
    let s = support::start(&no_ip, &config(IPINFO, CITY_LAT));
    assert!(s.requests().is_empty());
    assert!(s.finish().notes.join(" ").contains("the event has no IP address"));
}

#[test]
fn failures_are_source_failures_with_diagnostics() {
    for (status, body, want) in [
        (429, "{}", "quota"),
        (500, "", "HTTP 500"),
        (200, "<html>", "not JSON"),
        (200, r#"{"bogon":true}"#, "reported an error"),
        (301, "", "redirects"),
    ] {
        let mut s = support::start(&signup(|e| e), &config(IPINFO, CITY_LAT));
        let late = Timing { elapsed_ms: 1000.0, attempt_ms: 10.0 }; // no budget for a retry
        assert_eq!(s.on_response(0, status, None, body, late), None);
        let out = s.finish();
        assert_eq!(out.response.to_string(), r#"{"is_allowed":true}"#);
        assert!(
            out.diagnostics.iter().any(|d| d.starts_with("source ipinfo.io failed") && d.contains(want)),
            "{want}: {:?}",
            out.diagnostics
        );
    }
    let mut s = support::start(&signup(|e| e), &config(IPINFO, CITY_LAT));
    s.on_error(0, NoAnswer::Timeout, "", Timing::default());
    assert!(s.finish().diagnostics[0].contains("timed out"));
}

#[test]
fn wrong_types_are_dropped_by_validation() {
    let mut s = support::start(
        &signup(|e| e),
        &config(
            IPINFO,
            r#""c": {"type": "country_code", "from": "country"}, "tz": {"type": "string", "from": "timezone"}"#,
        ),
    );
    s.on_response(0, 200, None, r#"{"country":"United Kingdom","timezone":"+01:00"}"#, Timing::default());
    let out = s.finish();
    // Neither is what its field says: a country name is no code, "+01:00" no
    // time zone, even for a plain string attribute.
    assert_eq!(out.response.to_string(), r#"{"is_allowed":true}"#);
    assert!(out.diagnostics.iter().any(|d| d.contains("dropped timezone from ipinfo.io for custom_attributes.tz")));
    assert!(out.diagnostics.iter().any(|d| d.contains("dropped country from ipinfo.io")));
    let mut s = support::start(
        &signup(|e| e),
        &format!(r#"{{"sources": [{IPINFO}], "standard": {{"zoneinfo": "timezone"}}}}"#),
    );
    s.on_response(0, 200, None, r#"{"timezone":"+01:00"}"#, Timing::default());
    assert_eq!(s.finish().response.to_string(), r#"{"is_allowed":true}"#, "an offset is never a zoneinfo");
}

#[test]
fn retries_once_within_the_budget_and_never_a_spent_quota() {
    let early = Timing { elapsed_ms: 100.0, attempt_ms: 50.0 };
    let retry = |status: u16, retry_after: Option<&str>, t: Timing| {
        let mut s = support::start(&signup(|e| e), &config(IPINFO, CITY_LAT));
        s.on_response(0, status, retry_after, "{}", t)
    };
    assert_eq!(retry(404, None, early), None, "not retryable");
    assert_eq!(retry(429, Some("5"), early), None, "a declared wait is a spent quota");
    assert_eq!(retry(429, None, early), Some(RETRY_AFTER_MS), "a bare 429 is a burst limit");
    assert_eq!(retry(503, None, early), Some(RETRY_AFTER_MS));
    assert_eq!(retry(503, None, Timing { elapsed_ms: 900.0, attempt_ms: 50.0 }), None, "past the budget");
    let mut s = support::start(&signup(|e| e), &config(IPINFO, CITY_LAT));
    assert_eq!(s.on_error(0, NoAnswer::Network, "TypeError (connection closed)", early), Some(RETRY_AFTER_MS));
    assert_eq!(s.on_response(0, 429, None, "{}", early), None, "only one retry");
    let out = s.finish();
    assert!(out.diagnostics.iter().any(|d| d.contains("quota")), "{:?}", out.diagnostics);
    let mut s = support::start(&signup(|e| e), &config(IPINFO, CITY_LAT));
    assert_eq!(s.on_error(0, NoAnswer::Timeout, "", early), None, "a timeout is not retried");
}

#[test]
fn pending_sources_at_finish_are_noted() {
    let s = support::start(&signup(|e| e), &config(IPINFO, CITY_LAT));
    let out = s.finish();
    assert_eq!(out.response.to_string(), r#"{"is_allowed":true}"#);
    assert!(out.notes.iter().any(|n| n == "ipinfo.io: no answer before the deadline"));
}

#[test]
fn person_sources_send_only_hashes_and_only_when_configured() {
    let s = support::start(&signup(|e| e), &config("\"email\"", r#""t": {"type": "string", "from": "job_title"}"#));
    assert!(s.requests().is_empty(), "no person source unless configured");
    let grav = r#"{"preset": "gravatar", "baseUrl": "http://127.0.0.1:9/g", "allowHttp": true}"#;
    let s = support::start(&signup(|e| e), &config(grav, r#""t": {"type": "string", "from": "job_title"}"#));
    let url = &s.requests()[0].1.url;
    assert!(url.ends_with(&enrich_hook::digest::sha256_hex(b"jane@acme.example")), "{url}");
}

#[test]
fn failure_messages_never_carry_the_key() {
    let src = r#"{"preset": "ipapi.co", "key": "s3cr3t-key", "baseUrl": "http://127.0.0.1:9/x", "allowHttp": true}"#;
    let mut s = support::start(&signup(|e| e), &config(src, CITY_LAT));
    s.on_error(
        0,
        NoAnswer::Network,
        "TypeError: error sending request (key s3cr3t-key) for http://127.0.0.1:9/x/81.2.69.160/json/?key=s3cr3t-key",
        Timing::default(),
    );
    let json = s.finish().to_json(true);
    assert!(!json.contains("s3cr3t-key"), "{json}");
    assert!(!json.contains("81.2.69.160"), "{json}");
}

/// The README's custom-provider example, verbatim in substance.
#[test]
fn readme_custom_provider_example() {
    let spec = r#"{"name": "geo-internal", "input": "ip", "method": "GET", "baseUrl": "https://geo.internal.example",
        "path": "/v1/lookup/{ip}", "query": {"lang": "en", "token": "{key}"}, "headers": {"X-Client": "authgear"},
        "key": "YOUR_KEY", "timeoutMs": 800, "failIf": [{"pointer": "/ok", "equals": false}], "noMatch": [404],
        "noMatchIf": [{"pointer": "/found", "equals": false}], "quota": [429], "burst": [429], "placeholders": ["Upgrade to see"],
        "fields": {"country": "/location/country_code", "city": {"pointer": "/location/cities", "first": true},
            "latitude": {"pointer": "/location/latlon", "split": ",", "index": 0, "number": true},
            "longitude": {"pointer": "/location/latlon", "split": ",", "index": 1, "number": true},
            "company_website": {"pointer": "/org/domain", "url": true},
            "company_linkedin_url": {"pointer": "/org/li", "prefix": "https://www.linkedin.com/"}}}"#;
    let custom = r#""c": {"type": "country_code", "from": "country"}, "city": {"type": "string", "from": "city"},
        "lat": {"type": "number", "from": "latitude"}, "lon": {"type": "number", "from": "longitude"}, "tz": {"type": "string", "from": "timezone"}"#;
    let mut s = support::start(&signup(|e| e), &config(spec, custom));
    let reqs = s.requests();
    assert_eq!(reqs[0].1.url, "https://geo.internal.example/v1/lookup/81.2.69.160?lang=en&token=YOUR_KEY");
    assert!(reqs[0].1.headers.contains(&("X-Client".into(), "authgear".into())));
    s.on_response(
        0,
        200,
        None,
        r#"{"ok": true, "location": {"country_code": "DE", "cities": ["Berlin"], "latlon": "52.52,13.40"}}"#,
        Timing::default(),
    );
    assert_eq!(custom_of(s), r#"{"c":"DE","city":"Berlin","lat":52.52,"lon":13.40,"tz":"Europe/Berlin"}"#);
    let mut s = support::start(&signup(|e| e), &config(spec, custom));
    s.on_response(0, 200, None, r#"{"ok": false}"#, Timing::default());
    assert_eq!(custom_of(s), "none");
}

#[test]
fn a_provider_number_past_what_a_double_holds_is_dropped_not_passed_on() {
    // 5e2147483648 once read as 5 (an i32 exponent overflowing to 0) and
    // went back as text that JavaScript reads as Infinity and sends as null.
    for lat in ["5e2147483648", "1.7976931348623159e308", "90.00000000000000000000001", "9007199254740993"] {
        let mut s = support::start(&signup(|e| e), &config(IPWHO, CITY_LAT));
        let body = format!(r#"{{"success":true,"city":"London","latitude":{lat}}}"#);
        s.on_response(0, 200, None, &body, Timing::default());
        let out = s.finish();
        let custom = out.response.get("mutations").and_then(|m| m.get("user")).and_then(|u| u.get("custom_attributes"));
        assert_eq!(custom.map(Value::to_string).as_deref(), Some(r#"{"city":"London"}"#), "{lat}");
        assert!(out.diagnostics.iter().any(|d| d.contains("dropped latitude")), "{lat}: {:?}", out.diagnostics);
    }
}

#[test]
fn no_answer_codes_say_what_happened_without_sentences_from_the_host() {
    for (kind, says, code) in [
        (NoAnswer::Timeout, "timed out after 500 ms", "ipinfo.io:timeout"),
        (NoAnswer::Deadline, "no answer before the deadline", "ipinfo.io:timeout"),
        (NoAnswer::TooLarge, "the body is larger than 256 KiB", "ipinfo.io:error"),
        (NoAnswer::Network, "TypeError (connection refused)", "ipinfo.io:error"),
    ] {
        let cfg =
            config(IPINFO, CITY_LAT).replace(r#""deadlineMs": 1000"#, r#""deadlineMs": 1000, "statusAttribute": "st""#);
        let mut s = support::start(&signup(|e| e), &cfg);
        // Past the deadline: a network error is not retried either.
        let late = Timing { elapsed_ms: 990.0, attempt_ms: 50.0 };
        assert_eq!(s.on_error(0, kind, "TypeError (connection refused)", late), None);
        let out = s.finish();
        assert!(
            out.diagnostics.iter().any(|d| d == &format!("source ipinfo.io failed: {says}")),
            "{:?}",
            out.diagnostics
        );
        let status = out.response.get("mutations").and_then(|m| m.get("user")).and_then(|u| u.get("custom_attributes"));
        assert!(
            status.and_then(|c| c.get("st")).and_then(Value::as_str).is_some_and(|l| l.contains(code)),
            "{status:?}"
        );
    }
    // Unneeded: abandoned quietly, not a failure.
    let mut s = support::start(&signup(|e| e), &config(IPINFO, CITY_LAT));
    s.on_error(0, NoAnswer::Unneeded, "", Timing::default());
    assert!(s.finish().diagnostics.is_empty());
}

const IPWHO_FALLBACK: &str = r#"{"preset": "ipwho.is", "baseUrl": "http://127.0.0.1:9/ipwho", "allowHttp": true, "timeoutMs": 400, "fallback": true}"#;
const IPWHO_OK: &str = r#"{"success":true,"city":"London","latitude":51.5,"country_code":"GB"}"#;

#[test]
fn a_fallback_source_waits_and_is_not_called_when_the_first_answered() {
    let mut s = support::start(&signup(|e| e), &config(&format!("{IPINFO}, {IPWHO_FALLBACK}"), CITY_LAT));
    let ids: Vec<usize> = s.requests().iter().map(|r| r.0).collect();
    assert_eq!(ids, [0], "the fallback is held back");
    s.on_response(0, 200, None, IPINFO_OK, Timing { elapsed_ms: 80.0, attempt_ms: 80.0 });
    assert!(s.requests().is_empty(), "everything it could fill is filled: never called");
    assert_eq!(custom_of(s), r#"{"city":"London","lat":51.5085}"#);
}

#[test]
fn a_fallback_source_is_called_when_the_first_failed_or_left_a_field_empty() {
    // Failed.
    let mut s = support::start(&signup(|e| e), &config(&format!("{IPINFO}, {IPWHO_FALLBACK}"), CITY_LAT));
    s.on_response(0, 401, None, "", Timing { elapsed_ms: 50.0, attempt_ms: 50.0 });
    assert_eq!(s.requests().iter().map(|r| r.0).collect::<Vec<_>>(), [1]);
    s.on_response(1, 200, None, IPWHO_OK, Timing { elapsed_ms: 120.0, attempt_ms: 70.0 });
    assert_eq!(custom_of(s), r#"{"city":"London","lat":51.5}"#);
    // Answered without a latitude: the fallback fills it.
    let mut s = support::start(&signup(|e| e), &config(&format!("{IPINFO}, {IPWHO_FALLBACK}"), CITY_LAT));
    s.on_response(0, 200, None, r#"{"city":"London","country":"GB"}"#, Timing { elapsed_ms: 50.0, attempt_ms: 50.0 });
    assert_eq!(s.requests().iter().map(|r| r.0).collect::<Vec<_>>(), [1]);
    s.on_response(1, 200, None, IPWHO_OK, Timing { elapsed_ms: 120.0, attempt_ms: 70.0 });
    assert_eq!(
        custom_of(s),
        r#"{"city":"London","lat":51.5}"#,
        "the first source's city wins; the latitude is the fallback's"
    );
}

#[test]
fn a_fallback_source_is_skipped_with_a_reason_when_its_timeout_no_longer_fits() {
    let cfg = config(&format!("{IPINFO}, {IPWHO_FALLBACK}"), &format!("{CITY_LAT}, \"st\": {{\"type\": \"string\"}}"))
        .replace(r#""deadlineMs": 1000"#, r#""deadlineMs": 1000, "statusAttribute": "st""#);
    let mut s = support::start(&signup(|e| e), &cfg);
    s.on_response(0, 401, None, "", Timing { elapsed_ms: 700.0, attempt_ms: 700.0 });
    assert!(s.requests().is_empty(), "300 ms left, a 400 ms timeout: not started");
    let out = s.finish();
    assert!(out.notes.iter().any(|n| n.contains("ipwho.is: skipped, 300 ms of the deadline left")), "{:?}", out.notes);
    let st = out.response.to_string();
    assert!(st.contains("ipwho.is:skipped"), "the status line says so: {st}");
}

#[test]
fn sources_without_fallback_still_run_at_once() {
    let s = support::start(&signup(|e| e), &config(&format!("{IPWHO_FALLBACK}, {IPINFO}"), CITY_LAT));
    // The fallback is first: nothing before it, so it starts; the second is parallel as ever.
    assert_eq!(s.requests().iter().map(|r| r.0).collect::<Vec<_>>(), [0, 1]);
}

#[test]
fn a_query_override_keeps_the_rest_of_the_presets_query() {
    let cfg = r#"{"sources": [{"preset": "peopledatalabs", "key": "k", "query": {"min_likelihood": "8"}}],
                  "custom": {"job": {"type": "string", "from": "job_title"}}}"#;
    let s = support::start(&signup(|e| e), cfg);
    let url = &s.requests()[0].1.url;
    assert!(url.contains("min_likelihood=8") && url.contains("email_hash="), "{url}");
}

#[test]
fn a_body_override_sets_fullcontacts_confidence_and_keeps_the_hash() {
    let cfg = r#"{"sources": [{"preset": "fullcontact", "key": "k", "body": {"confidenceLevel": "HIGH"}}],
                  "custom": {"job": {"type": "string", "from": "job_title"}}}"#;
    let s = support::start(&signup(|e| e), cfg);
    let body = s.requests()[0].1.body.clone().unwrap();
    let sha = enrich_hook::digest::sha256_hex(b"jane@acme.example");
    assert_eq!(body, format!(r#"{{"email":"{sha}","confidenceLevel":"HIGH"}}"#));
}

#[test]
fn a_live_zone_is_kept_only_when_it_agrees_with_the_stored_country() {
    let cfg = r#"{"sources": ["profile", {"preset": "ipinfo.io", "baseUrl": "http://127.0.0.1:9/ipinfo", "allowHttp": true}],
        "standard": {"zoneinfo": "timezone"}, "custom": {"country": {"type": "country_code", "from": "country"}}}"#;
    let with_country = |cc: &str| {
        signup(|e| e.replace(r#""custom_attributes": {}"#, &format!(r#""custom_attributes": {{"country": "{cc}"}}"#)))
    };
    let zone = |s: support::Checked| {
        let out = s.finish();
        let z = out.response.get("mutations").and_then(|m| m.get("user")).and_then(|u| u.get("standard_attributes"));
        z.and_then(|s| s.get("zoneinfo")).and_then(Value::as_str).map(str::to_string)
    };
    // A US user (a country of many zones) answered from a US IP: the IP's zone stands.
    let mut s = support::start(&with_country("US"), cfg);
    assert_eq!(s.requests().iter().map(|r| r.0).collect::<Vec<_>>(), [1], "no zone yet: the source is worth asking");
    s.on_response(1, 200, None, r#"{"country":"US","timezone":"America/Chicago"}"#, Timing::default());
    assert_eq!(zone(s).as_deref(), Some("America/Chicago"));
    // The same answer for a French user: dropped; France's own zone, from `profile`.
    let s = support::start(&with_country("FR"), cfg);
    assert!(s.requests().is_empty(), "profile already settled the zone from the stored country");
    assert_eq!(zone(s).as_deref(), Some("Europe/Paris"));
    // A source that says nothing of the country, for a user of a country of many zones: no zone.
    let mut s = support::start(&with_country("US"), cfg);
    s.on_response(1, 200, None, r#"{"timezone":"America/Chicago"}"#, Timing::default());
    assert_eq!(zone(s), None);
}

#[test]
fn a_request_the_runtime_would_hang_on_is_never_retried_and_said_once() {
    let two = config(&format!("{IPINFO}, {IPWHO}"), CITY_LAT)
        .replace(r#""deadlineMs": 1000"#, r#""deadlineMs": 1000, "statusAttribute": "st""#);
    let mut s = support::start(&signup(|e| e), &two);
    assert_eq!(s.on_error(0, NoAnswer::Prompt, "1.46.3", Timing::default()), None);
    assert_eq!(s.on_error(1, NoAnswer::Prompt, "1.46.3", Timing::default()), None);
    assert!(s.requests().is_empty());
    let out = s.finish();
    assert_eq!(out.diagnostics.len(), 1, "{:?}", out.diagnostics);
    assert!(out.diagnostics[0].contains("Deno 1.46.3 would prompt for net access"), "{:?}", out.diagnostics);
    assert!(out.diagnostics[0].contains("Deno 1.41.3"), "it says what to do");
    let st = out.response.get("mutations").and_then(|m| m.get("user")).and_then(|u| u.get("custom_attributes"));
    let st = st.and_then(|c| c.get("st")).and_then(Value::as_str).unwrap();
    assert_eq!(st, "ipinfo.io:prompt; ipwho.is:prompt");
}
