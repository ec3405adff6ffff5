//! The core's boundary, one message each way (src/step.rs): `start` → Step,
//! `answer` → Step, driven here as the TypeScript driver drives it. Every
//! final Step's answer goes through the oracle (`support::run`).

mod support;

use enrich_hook::json::Value;
use enrich_hook::session::RETRY_AFTER_MS;

fn sample(name: &str) -> String {
    std::fs::read_to_string(format!("samples/{name}.json")).unwrap()
}

const IPINFO: &str = r#"{"preset": "ipinfo.io", "baseUrl": "http://127.0.0.1:9/ipinfo", "allowHttp": true, "timeoutMs": 500, "key": "k"}"#;
const IPWHO: &str = r#"{"preset": "ipwho.is", "baseUrl": "http://127.0.0.1:9/ipwho", "allowHttp": true}"#;
const IPWHO_FALLBACK: &str = r#"{"preset": "ipwho.is", "baseUrl": "http://127.0.0.1:9/ipwho", "allowHttp": true, "timeoutMs": 400, "fallback": true}"#;
const IPINFO_OK: &str = r#"{"ip":"81.2.69.160","city":"London","region":"England","country":"GB","loc":"51.5085,-0.1257","timezone":"Europe/London"}"#;
const IPWHO_OK: &str = r#"{"success":true,"city":"London","latitude":51.5,"country_code":"GB"}"#;
const CITY_LAT: &str = r#""city": {"type": "string", "from": "city"}, "lat": {"type": "number", "from": "latitude"}"#;

fn config(sources: &str) -> String {
    format!(r#"{{"sources": [{sources}], "custom": {{{CITY_LAT}}}, "deadlineMs": 1000}}"#)
}

fn ok(ms: f64) -> String {
    format!(r#"{{"status": 200, "elapsedMs": {ms}, "ms": {ms}}}"#)
}

fn ids(step: &Value, key: &str) -> Vec<f64> {
    let list = step.get(key).and_then(Value::as_array).unwrap_or_else(|| panic!("no {key} in {step}"));
    list.iter().map(|r| r.get("id").or(Some(r)).and_then(Value::as_f64).unwrap()).collect()
}

fn custom_of(step: &Value) -> String {
    let done = step.get("done").unwrap_or_else(|| panic!("not done: {step}"));
    let m = done.get("response").and_then(|r| r.get("mutations")).and_then(|m| m.get("user"));
    m.and_then(|u| u.get("custom_attributes")).map_or("none".into(), Value::to_string)
}

#[test]
fn the_first_step_names_each_request_with_its_source_its_timing_and_the_deadline() {
    let (_, step) = support::run(&sample("email-signup"), &config(&format!("{IPINFO}, {IPWHO}")), "{}");
    assert_eq!(
        step.to_json(),
        concat!(
            r#"{"send":[{"id":0,"source":"ipinfo.io","input":"ip","keyed":true,"method":"GET","#,
            r#""url":"http://127.0.0.1:9/ipinfo/81.2.69.160/json","headers":{"Authorization":"Bearer k","Accept":"application/json"},"timeoutMs":500,"delayMs":0},"#,
            r#"{"id":1,"source":"ipwho.is","input":"ip","keyed":false,"method":"GET","#,
            r#""url":"http://127.0.0.1:9/ipwho/81.2.69.160","headers":{"Accept":"application/json"},"timeoutMs":1000,"delayMs":0}],"#,
            r#""abort":[],"deadlineMs":1000,"bodyCap":262144}"#
        )
    );
}

#[test]
fn a_run_with_nothing_to_fetch_is_done_at_its_first_step() {
    let (run, step) = support::run(&sample("email-signup"), &config("\"geo\""), "{}");
    assert!(run.is_done());
    assert!(step.get("send").is_none());
    assert!(step.get("done").and_then(|d| d.get("response")).is_some(), "{step}");
    // A config the core refuses: the safe answer and the reason, at once.
    let (run, step) = support::run(&sample("email-signup"), r#"{"deadlineMs": "soon"}"#, "{}");
    assert!(run.is_done());
    assert_eq!(
        step.get("done").and_then(|d| d.get("response")).map(Value::to_json).as_deref(),
        Some(r#"{"is_allowed":true}"#)
    );
    let lines = step.get("done").and_then(|d| d.get("diagnostics")).and_then(Value::as_strings).unwrap();
    assert!(lines[0].starts_with("bad config, enrichment is off: config.deadlineMs"), "{lines:?}");
}

#[test]
fn a_network_error_is_sent_again_after_the_backoff() {
    let (mut run, _) = support::run(&sample("email-signup"), &config(IPINFO), "{}");
    let step = run.answer(
        0,
        r#"{"error": "network", "detail": "TypeError (connection refused)", "elapsedMs": 20, "ms": 20}"#,
        "",
    );
    assert_eq!(ids(&step, "send"), [0.0]);
    let again = &step.get("send").and_then(Value::as_array).unwrap()[0];
    assert_eq!(again.get("delayMs").and_then(Value::as_f64), Some(RETRY_AFTER_MS as f64));
    let step = run.answer(0, &ok(150.0), IPINFO_OK);
    assert_eq!(custom_of(&step), r#"{"city":"London","lat":51.5085}"#);
}

#[test]
fn a_source_no_longer_needed_is_aborted_in_the_same_step() {
    let (mut run, _) = support::run(&sample("email-signup"), &config(&format!("{IPINFO}, {IPWHO}")), "{}");
    let step = run.answer(0, &ok(40.0), IPINFO_OK);
    // Everything ipwho.is could fill is settled: aborted, and the run is over.
    assert!(step.get("done").is_some(), "{step}");
    assert_eq!(custom_of(&step), r#"{"city":"London","lat":51.5085}"#);
    // Its late answer is the host's mistake, said, never a crash.
    let late = run.answer(1, &ok(90.0), IPWHO_OK);
    assert!(late.get("done").and_then(|d| d.get("diagnostics")).unwrap().to_json().contains("after the run ended"));
}

#[test]
fn a_fallback_is_released_by_the_answer_that_settles_the_sources_before_it() {
    let (mut run, step) = support::run(&sample("email-signup"), &config(&format!("{IPINFO}, {IPWHO_FALLBACK}")), "{}");
    assert_eq!(ids(&step, "send"), [0.0], "the fallback is held back");
    let step = run.answer(0, r#"{"status": 401, "elapsedMs": 50, "ms": 50}"#, "");
    assert_eq!(ids(&step, "send"), [1.0]);
    assert_eq!(ids(&step, "abort"), Vec::<f64>::new());
    let step = run.answer(1, &ok(120.0), IPWHO_OK);
    assert_eq!(custom_of(&step), r#"{"city":"London","lat":51.5}"#);
}

#[test]
fn the_deadline_ends_every_request_still_out() {
    let cfg = config(&format!("{IPINFO}, {IPWHO}"))
        .replace("}, \"deadlineMs\"", ", \"st\": {\"type\": \"string\"}}, \"statusAttribute\": \"st\", \"deadlineMs\"");
    let (mut run, _) = support::run(&sample("email-signup"), &cfg, "{}");
    let step = run.answer(0, r#"{"error": "deadline", "elapsedMs": 1000, "ms": 0}"#, "");
    let lines = step.get("done").and_then(|d| d.get("diagnostics")).and_then(Value::as_strings).unwrap();
    for source in ["ipinfo.io", "ipwho.is"] {
        assert!(lines.contains(&format!("source {source} failed: no answer before the deadline")), "{lines:?}");
    }
    assert!(run.is_done());
}

#[test]
fn an_outcome_the_core_cannot_read_counts_as_a_network_error_not_a_crash() {
    let timed = |o: &str| format!(r#"{{{o}"elapsedMs": 20, "ms": 20}}"#);
    for bad in [
        timed(""),
        timed(r#""error": "gone", "#),
        timed(r#""status": -1, "#),
        timed(r#""status": 200, "error": "timeout", "#),
    ] {
        let (mut run, _) = support::run(&sample("email-signup"), &config(IPINFO), "{}");
        let step = run.answer(0, &bad, "");
        assert_eq!(ids(&step, "send"), [0.0], "{bad}: retried once, as a network error is");
    }
    // Without a timing it can read, no time is left to retry in: the run ends.
    for bad in ["", "null", r#"{"error": "network"}"#] {
        let (mut run, _) = support::run(&sample("email-signup"), &config(IPINFO), "{}");
        let step = run.answer(0, bad, "");
        assert!(step.get("done").is_some(), "{bad}: {step}");
    }
}

#[test]
fn a_timing_the_core_cannot_read_exactly_leaves_no_time_for_a_fallback() {
    // Node's performance.now() differences are floats such as 970.4123809999999,
    // which the core's JSON refuses to read inexactly: the driver sends whole ms,
    // and a timing read as nothing must not read as "no time spent".
    const FIRST: &str = r#"{"preset": "ipinfo.io", "baseUrl": "http://127.0.0.1:9/ipinfo", "allowHttp": true, "key": "k", "failIf": [{"pointer": "/city", "equals": "London"}]}"#;
    let cfg = config(&format!("{FIRST}, {IPWHO_FALLBACK}"));
    for (outcome, released) in [
        (r#"{"status": 200, "elapsedMs": 300, "ms": 280}"#, true),
        (r#"{"status": 200, "elapsedMs": 971, "ms": 923}"#, false),
        (r#"{"status": 200, "elapsedMs": 970.4123809999999, "ms": 922.072472}"#, false),
    ] {
        let (mut run, _) = support::run(&sample("email-signup"), &cfg, "{}");
        let step = run.answer(0, outcome, IPINFO_OK);
        if released {
            assert_eq!(ids(&step, "send"), [1.0], "{outcome}");
        } else {
            assert!(step.get("send").is_none(), "{outcome}: {step}");
            assert!(step.get("done").is_some(), "{outcome}: {step}");
        }
    }
}

#[test]
fn explain_mode_is_an_option_of_the_run() {
    let (_, plain) = support::run(&sample("email-signup"), &config("\"geo\""), "{}");
    assert!(plain.get("done").unwrap().get("explain").is_none());
    let (_, step) = support::run(&sample("email-signup"), &config("\"geo\""), r#"{"explain": true}"#);
    let rows = step.get("done").and_then(|d| d.get("explain")).and_then(Value::as_array).unwrap();
    assert_eq!(rows.len(), 2, "one row per configured attribute");
}

#[test]
fn a_caller_cap_shortens_the_deadline_and_every_timeout() {
    let (_, step) = support::run(&sample("email-signup"), &config(IPINFO), r#"{"deadlineCapMs": 300}"#);
    assert_eq!(step.get("deadlineMs").and_then(Value::as_f64), Some(300.0));
    assert_eq!(
        step.get("send").and_then(Value::as_array).unwrap()[0].get("timeoutMs").and_then(Value::as_f64),
        Some(300.0)
    );
}

const ADMIN_API: &str =
    r#""adminApi": {"endpoint": "https://myapp.authgear.cloud", "token": "aa.bb.cc", "timeoutMs": 2000}"#;

fn login_config(admin_api: &str) -> String {
    format!(r#"{{"sources": ["geo", {IPWHO}], "custom": {{{CITY_LAT}}}, {admin_api}}}"#)
}

#[test]
fn a_login_run_gets_what_its_budget_leaves_and_hands_the_budget_back() {
    let (mut run, step) = support::run(&sample("login"), &login_config(ADMIN_API), r#"{"elapsedMs": 300}"#);
    // 2000 ms of budget, 300 already spent, 800 kept for the read and the write.
    assert_eq!(step.get("deadlineMs").and_then(Value::as_f64), Some(900.0));
    // Request ids are the sources' places in the list: "geo" is 0.
    let step = run.answer(1, &ok(60.0), IPWHO_OK);
    let done = step.get("done").unwrap();
    assert_eq!(done.get("login").map(Value::to_json).as_deref(), Some(r#"{"budgetMs":2000}"#));
    assert_eq!(custom_of(&step), r#"{"city":"London","lat":51.5}"#);
    // Spent already: nothing tried, and said.
    let (run, step) = support::run(&sample("login"), &login_config(ADMIN_API), r#"{"elapsedMs": 1500}"#);
    assert!(run.is_done());
    let lines = step.get("done").and_then(|d| d.get("diagnostics")).and_then(Value::as_strings).unwrap();
    assert_eq!(lines, ["login: adminApi.timeoutMs (2000 ms) left no time to enrich; nothing written"]);
}

#[test]
fn a_bad_admin_api_block_refuses_logins_and_is_said_at_signups_which_it_leaves_enriched() {
    let bad = r#""adminApi": {"endpoint": "http://myapp.authgear.cloud", "token": "SECRET"}"#;
    let (run, step) = support::run(&sample("login"), &login_config(bad), "{}");
    assert!(run.is_done());
    let done = step.get("done").unwrap();
    assert_eq!(done.get("response").map(Value::to_json).as_deref(), Some(r#"{"is_allowed":true}"#));
    let lines = done.get("diagnostics").and_then(Value::as_strings).unwrap();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0]
        .starts_with("bad config, logins are not enriched: config.adminApi.endpoint: must be an absolute https://"));
    assert!(lines[0].contains("config.adminApi.token: must be the JWT") && !lines[0].contains("SECRET"), "{lines:?}");
    // A signup under the same config is enriched, and the line is said there too.
    let (mut run, _) = support::run(&sample("email-signup"), &login_config(bad), "{}");
    let step = run.answer(1, &ok(60.0), IPWHO_OK);
    assert_eq!(custom_of(&step), r#"{"city":"London","lat":51.5}"#);
    let lines = step.get("done").and_then(|d| d.get("diagnostics")).and_then(Value::as_strings).unwrap();
    assert!(lines.iter().any(|l| l.starts_with("bad config, logins are not enriched")), "{lines:?}");
}
