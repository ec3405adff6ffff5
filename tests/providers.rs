//! Every preset against its provider's documented answer
//! (`tests/fixtures/providers.json`, shared with the JS mock): the right
//! field for the right meaning, names in display case, placeholders and
//! changed APIs caught, and domain sources that send only the domain.

mod support;

use enrich_hook::json::{parse, Value};
use enrich_hook::providers::{judge, Verdict};
use enrich_hook::session::Timing;

fn fixtures() -> Value {
    parse(&std::fs::read_to_string("tests/fixtures/providers.json").unwrap()).unwrap()
}

fn fixture(preset: &str, case: &str) -> String {
    fixtures().get(preset).and_then(|p| p.get(case)).unwrap_or_else(|| panic!("{preset}.{case}")).to_json()
}

fn signup(email: &str) -> String {
    std::fs::read_to_string("samples/email-signup.json").unwrap().replace("jane@acme.example", email)
}

/// One source, every new field into a custom string attribute of its own name.
fn config(preset: &str, extra: &str) -> String {
    let names = [
        "name",
        "given_name",
        "family_name",
        "job_title",
        "seniority",
        "linkedin_url",
        "company",
        "company_domain",
        "company_website",
        "industry",
        "employee_count",
        "employee_range",
        "founded_year",
        "company_linkedin_url",
        "city",
        "country",
    ];
    let custom: Vec<String> = names.iter().map(|n| format!(r#""{n}": {{"type": "string", "from": "{n}"}}"#)).collect();
    format!(
        r#"{{"sources": [{{"preset": "{preset}", "key": "k", "baseUrl": "http://127.0.0.1:9/{preset}", "allowHttp": true{extra}}}],
            "custom": {{{}}}, "deadlineMs": 1000}}"#,
        custom.join(", ")
    )
}

/// The custom attributes written from `preset`'s `case` answer, and the request it made.
fn run(preset: &str, case: &str, email: &str) -> (String, String) {
    let mut s = support::start(&signup(email), &config(preset, ""));
    let reqs = s.requests();
    assert_eq!(reqs.len(), 1, "{preset}: one request");
    let (id, req) = &reqs[0];
    let line = format!("{} {} {:?}", req.method, req.url, req.body);
    assert_eq!(s.on_response(*id, 200, None, &fixture(preset, case), Timing::default()), None);
    let out = s.finish();
    let custom = out
        .response
        .get("mutations")
        .and_then(|m| m.get("user"))
        .and_then(|u| u.get("custom_attributes"))
        .map_or("none".into(), Value::to_string);
    (custom, line)
}

#[test]
fn person_presets_map_names_and_company_fields_by_meaning() {
    // FullContact, asked with a hashed e-mail only, no longer returns names or
    // social URLs (its docs, "Multi-field request"): the preset maps what can
    // come back, even when an answer (this fixture, from a plain-e-mail
    // query) carries more.
    let (c, _) = run("fullcontact", "ok", "jane@acme.example");
    assert!(
        c.contains(r#""job_title":"CTO""#) && c.contains(r#""company":"Acme""#) && c.contains(r#""city":"London""#),
        "{c}"
    );
    for absent in ["\"name\"", "given_name", "family_name", "linkedin_url"] {
        assert!(!c.contains(absent), "{absent} cannot come back from a hash-only request: {c}");
    }
    assert!(!c.contains("janedoe.example"), "FullContact's website is the person's own, not the employer's: {c}");
    let (c, req) = run("peopledatalabs", "ok", "jane@acme.example");
    assert!(req.contains("titlecase=true"), "display case is asked for: {req}");
    for want in [
        r#""name":"Jane Doe""#,
        r#""given_name":"Jane""#,
        r#""seniority":"cxo""#,
        r#""linkedin_url":"https://linkedin.com/in/janedoe""#,
        r#""industry":"Computer Software""#,
        r#""employee_range":"51-200""#,
        r#""founded_year":"2015""#,
        r#""company_linkedin_url":"https://linkedin.com/company/acme""#,
    ] {
        assert!(c.contains(want), "{want} in {c}");
    }
    let (c, _) = run("apollo", "ok", "jane@acme.example");
    for want in [r#""given_name":"Jane""#, r#""seniority":"c_suite""#, r#""employee_count":"120""#] {
        assert!(c.contains(want), "{want} in {c}");
    }
    let (c, _) = run("gravatar", "ok", "jane@acme.example");
    assert!(c.contains(r#""given_name":"Jane","family_name":"Doe""#), "{c}");
}

#[test]
fn company_presets_send_the_domain_only() {
    let sha = enrich_hook::digest::sha256_hex(b"jane@acme.example");
    for (preset, want) in [
        (
            "apollo-organization",
            "GET http://127.0.0.1:9/apollo-organization/api/v1/organizations/enrich?domain=acme.example None",
        ),
        (
            "peopledatalabs-company",
            "GET http://127.0.0.1:9/peopledatalabs-company/v5/company/enrich?website=acme.example&titlecase=true None",
        ),
        // The key in a header, as Hunter accepts it: never in the URL.
        ("hunter", "GET http://127.0.0.1:9/hunter/v2/companies/find?domain=acme.example None"),
    ] {
        let (c, req) = run(preset, "ok", "jane@acme.example");
        assert_eq!(req, want);
        assert!(!req.contains("jane") && !req.contains(&sha), "{req}");
        assert!(c.contains(r#""company":"Acme""#) && c.contains(r#""industry":""#), "{preset}: {c}");
        assert!(c.contains(r#""founded_year":"2015""#), "{preset}: {c}");
    }
    let s = support::start(&signup("jane@acme.example"), &config("hunter", ""));
    assert!(s.requests()[0].1.headers.contains(&("X-API-KEY".to_string(), "k".to_string())));
    // Older PDL records have no display_name (the official Go SDK's 2022 mock): `name` is in both.
    let (c, _) = run("peopledatalabs-company", "legacy", "jane@acme.example");
    assert!(c.contains(r#""company":"acme""#) && c.contains(r#""employee_count":"120""#), "{c}");
    // Hunter's thin record: a domain and no name (Hunter's own client tests it).
    let (c, _) = run("hunter", "nameless", "jane@acme.example");
    assert_eq!(c, r#"{"company_domain":"acme.example","company_website":"https://acme.example"}"#);
    let (c, _) = run("hunter", "ok", "jane@acme.example");
    // Hunter answers a domain and no URL: the website is the domain's https URL.
    assert!(c.contains(r#""company_website":"https://acme.example""#), "{c}");
    assert!(c.contains(r#""company_linkedin_url":"https://www.linkedin.com/company/acme""#), "{c}");
    assert!(c.contains(r#""employee_range":"51-200""#), "{c}");
    // A free-mail or invalid domain never leaves the hook.
    for email in ["jane@gmail.com", "jane@mailinator.com", "x@.."] {
        let s = support::start(&signup(email), &config("hunter", ""));
        assert!(s.requests().is_empty(), "{email}");
        let notes = s.finish().notes.join("\n");
        assert!(notes.contains("hunter: skipped"), "{email}: {notes}");
    }
    // Google's verified `hd` is the domain for a Google Workspace signup.
    let ev = std::fs::read_to_string("samples/oauth-google-workspace-signup.json").unwrap();
    let s = support::start(&ev, &config("apollo-organization", ""));
    assert!(s.requests()[0].1.url.ends_with("?domain=initech.example"), "hd, not the e-mail's eu.initech.example");
}

#[test]
fn a_value_map_turns_provider_values_into_the_admins_enum() {
    let cfg = r#"{"sources": [{"preset": "apollo-organization", "key": "k", "baseUrl": "http://127.0.0.1:9/a", "allowHttp": true}],
        "custom": {"segment": {"type": "enum", "enum": ["software", "other"], "from": "industry",
                               "map": {"Computer Software": "software", "retail": "other"}}}, "deadlineMs": 1000}"#;
    let answer = |industry: &str| {
        let mut s = support::start(&signup("jane@acme.example"), cfg);
        let body = fixture("apollo-organization", "ok").replace("computer software", industry);
        s.on_response(0, 200, None, &body, Timing::default());
        s.finish()
    };
    let out = answer("computer software");
    assert_eq!(
        out.response.to_json(),
        r#"{"is_allowed":true,"mutations":{"user":{"custom_attributes":{"segment":"software"}}}}"#
    );
    let out = answer("mining");
    assert_eq!(out.response.to_json(), r#"{"is_allowed":true}"#);
    assert!(
        out.diagnostics.iter().any(|d| d.contains("\"mining\" is not in the attribute's map")),
        "{:?}",
        out.diagnostics
    );
    let bad = cfg.replace(r#""retail": "other""#, r#""retail": ["other"]"#);
    let out = support::start(&signup("jane@acme.example"), &bad).finish();
    assert!(out.diagnostics[0].contains("config.custom.segment.map:"), "{:?}", out.diagnostics);
}

#[test]
fn each_ip_preset_reads_its_current_answer() {
    let london = |preset: &str, case: &str| {
        let cfg = enrich_hook::config::parse(&config(preset, "")).ok().unwrap();
        let enrich_hook::sources::Source::Live(p) = &cfg.sources[0] else { panic!("{preset}") };
        judge(p, 200, None, &fixture(preset, case))
    };
    // Every preset that looks up an IP, from presets.json (`extends` inherits the input).
    let specs = parse(enrich_hook::providers::PRESETS).unwrap();
    let input_of = |name: &str| {
        let mut name = name.to_string();
        loop {
            let spec = specs.get(&name).unwrap();
            match (spec.get("input").and_then(Value::as_str), spec.get("extends").and_then(Value::as_str)) {
                (Some(i), _) => return i.to_string(),
                (None, Some(base)) => name = base.to_string(),
                (None, None) => panic!("{name} has no input"),
            }
        }
    };
    let names: Vec<String> = specs.as_object().unwrap().keys().filter(|n| !n.starts_with('_')).cloned().collect();
    let ip: Vec<String> = names.into_iter().filter(|n| input_of(n) == "ip").collect();
    assert!(ip.len() >= 8, "{ip:?}");
    for preset in &ip {
        let preset = preset.as_str();
        match london(preset, "ok") {
            // IPinfo Lite answers the country (its time zone follows) and the AS, nothing finer.
            Verdict::Values(v, notes) if preset == "ipinfo-lite" => {
                let got: Vec<String> = v.iter().map(|(f, v)| format!("{}={}", f.name(), v.to_json())).collect();
                assert_eq!(got, ["country=\"GB\""]);
                assert!(notes.is_empty(), "{preset}: {notes:?}");
            }
            Verdict::Values(v, notes) => {
                let got: Vec<String> = v.iter().map(|(f, v)| format!("{}={}", f.name(), v.to_json())).collect();
                assert!(got.contains(&"city=\"London\"".to_string()), "{preset}: {got:?}");
                assert!(got.contains(&"timezone=\"Europe/London\"".to_string()), "{preset}: {got:?}");
                assert!(notes.is_empty(), "{preset}: {notes:?}");
            }
            other => panic!("{preset}: {other:?}"),
        }
    }
    // The legacy flat /ipgeo shape shares only `time_zone` with the current one.
    assert!(matches!(london("ipgeolocation.io", "legacy"), Verdict::Values(v, _) if v.len() == 1));
    // ipgeolocation.io's own /v3/ipgeo example (its docs, 2026-03): every field, as it means.
    match london("ipgeolocation.io", "published") {
        Verdict::Values(v, notes) => {
            let got: Vec<String> = v.iter().map(|(f, v)| format!("{}={}", f.name(), v.to_json())).collect();
            assert_eq!(
                got,
                [
                    "country=\"SE\"",
                    "region=\"Stockholms län\"",
                    "city=\"Stockholm\"",
                    "postal_code=\"164 40\"",
                    "latitude=59.40510",
                    "longitude=17.95510",
                    "timezone=\"Europe/Stockholm\""
                ]
            );
            assert!(notes.is_empty(), "{notes:?}");
        }
        other => panic!("published: {other:?}"),
    }
    // /v2/ipgeo had the same nested shape for these fields.
    assert!(matches!(london("ipgeolocation.io", "v2"), Verdict::Values(v, _) if v.len() == 7));
    let (c, _) = run("ipapi.co", "placeholder", "jane@acme.example");
    assert_eq!(c, r#"{"city":"London","country":"GB"}"#, "placeholders are never written");
}

#[test]
fn documented_quota_answers_are_quota_and_retried_only_when_a_burst_limit() {
    // None of these providers documents a Retry-After. Only ipapi.co's 429
    // may be a burst limit (the default); Hunter's 402 is its spent monthly
    // quota, the others' answers are spent quota.
    for (preset, burst) in
        [("ipapi.co", true), ("ipdata.co", false), ("maxmind", false), ("peopledatalabs", false), ("hunter", false)]
    {
        let f = fixtures();
        let q = f.get(preset).and_then(|p| p.get("quota")).unwrap().as_array().unwrap().clone();
        let status = q[0].as_f64().unwrap() as u16;
        let mut s = support::start(&signup("jane@acme.example"), &config(preset, ""));
        let body = q[1].to_json();
        let retry = s.on_response(0, status, None, &body, Timing::default());
        assert_eq!(retry.is_some(), burst, "{preset}");
        if burst {
            assert_eq!(s.on_response(0, status, None, &body, Timing::default()), None, "{preset}: once");
        }
        let out = s.finish();
        assert!(out.diagnostics.iter().any(|d| d.contains("quota")), "{preset}: {:?}", out.diagnostics);
    }
}
