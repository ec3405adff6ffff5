//! The hook answers in time for any input: its work grows at most linearly
//! with the input's size (or is cut by a bound). Counted, not timed: each
//! case runs under valgrind's callgrind, which counts the instructions the
//! run executes (the same count on a busy machine as on an idle one), at
//! two sizes four times apart. A cost quadratic in the size would count
//! ~16x; linear, ~4x or less.
//!
//! The cases are the inputs a hook quotes, scrubs or escapes into its
//! diagnostics — a stored value Authgear now rejects, a browser language
//! dropped as no locale, a malformed e-mail, a hand-made status line, a
//! config key nobody knows, a provider's answer — each one long string.
//!
//! `valgrind` comes from scripts/setup.sh (Debian's package).

mod support;

use std::process::Command;

const SMALL: usize = 8 * 1024;
const LARGE: usize = 4 * SMALL;
/// What 4x the input may cost: linear work plus a margin; quadratic is ~16x.
const MAX_RATIO: f64 = 5.0;

/// One case at `n` characters: (event, config, what a provider answers).
fn case(name: &str, n: usize) -> (String, String, String) {
    let (e, c, answer) = input(name, n);
    (e, c, answer.unwrap_or_default())
}

fn input(name: &str, n: usize) -> (String, String, Option<String>) {
    let long = |c: char| c.to_string().repeat(n);
    let update = std::fs::read_to_string("samples/profile-update.json").unwrap();
    let signup = std::fs::read_to_string("samples/email-signup.json").unwrap();
    let status = r#""statusAttribute": "st", "custom": {"st": {"type": "string"}, "#;
    match name {
        // A custom attribute whose type changed, over a user's long old value:
        // the "nothing written" line quotes it.
        "stored value" => with(
            update.replace(r#""company_domain": "acme.example""#, &format!(r#""cc": "{}""#, long('x'))),
            // The time zone is filled, so the whole custom map is re-checked.
            r#"{"onProfileUpdate": true, "standard": {"zoneinfo": "timezone"}, "custom": {"cc": {"type": "country_code"}}}"#
                .into(),
        ),
        // A browser language that is no locale: its "dropped" line quotes it.
        "preferred language" => with(
            signup.replace(r#""preferred_languages": ["#, &format!(r#""preferred_languages": ["{}", "#, long('q'))),
            r#"{"standard": {"locale": "locale"}}"#.into(),
        ),
        // An e-mail of one long word with an @ and dots: scrubbed as an address.
        "e-mail" => with(
            signup.replace("jane@acme.example", &format!("{}@{}.example", long('j'), long('a'))),
            r#"{"custom": {"co": {"type": "string", "from": "company_domain"}}}"#.into(),
        ),
        // A status line made by hand (the attribute may be user-editable).
        "status line" => with(
            update.replace(
                r#""company_domain": "acme.example""#,
                &format!(r#""st": "{}""#, "custom:a,".repeat(n / 9) + "b<-x"),
            ),
            format!(r#"{{"onProfileUpdate": true, {status}"c": {{"type": "string", "from": "city"}}}}}}"#),
        ),
        // A config key nobody knows: the error line names it.
        "config key" => with(signup, format!(r#"{{"{}": 1}}"#, long('k'))),
        // A URL-like stored value with many slashes: scrubbed segment by segment.
        "url value" => with(
            update.replace(
                r#""company_domain": "acme.example""#,
                &format!(r#""u": "https://{}""#, "a/".repeat(n / 2)),
            ),
            r#"{"onProfileUpdate": true, "standard": {"zoneinfo": "timezone"}, "custom": {"u": {"type": "email"}}}"#.into(),
        ),
        // A provider's answer whose city is one long word, and a country
        // that is no code: kept, and dropped with a line quoting it.
        "provider answer" => (
            signup,
            r#"{"custom": {"city": {"type": "string", "from": "city"}, "cc": {"type": "country_code", "from": "country"}},
                "sources": [{"preset": "ipwho.is", "baseUrl": "http://127.0.0.1:9", "allowHttp": true}]}"#
                .into(),
            Some(format!(r#"{{"success": true, "city": "{}", "country_code": "{}"}}"#, long('c'), long('d'))),
        ),
        _ => panic!("unknown case {name}"),
    }
}

fn with(event: String, config: String) -> (String, String, Option<String>) {
    (event, config, None)
}

const CASES: &[&str] =
    &["stored value", "preferred language", "e-mail", "status line", "config key", "url value", "provider answer"];

/// What callgrind counts: one hook run and its answer with every line, as
/// the wasm boundary hands them out (scrubbed, escaped, JSON).
#[inline(never)]
fn linear_workload(event: &str, config: &str, answer: &str) -> String {
    let mut s = support::start(event, config);
    for (id, _) in s.requests() {
        s.on_response(id, 200, None, answer, enrich_hook::session::Timing::default());
    }
    s.finish().to_json(true)
}

/// Run by `work_is_linear_in_the_input` under callgrind, one case and size
/// from the environment; ignored otherwise.
#[test]
#[ignore = "run by work_is_linear_in_the_input under callgrind"]
fn one_case_under_callgrind() {
    let (Ok(name), Ok(n)) = (std::env::var("LINEAR_CASE"), std::env::var("LINEAR_SIZE")) else { return };
    // The oracle process starts outside the counted part.
    let (e, c, a) = case(&name, 4);
    linear_workload(&e, &c, &a);
    let (e, c, a) = case(&name, n.parse().unwrap());
    let out = linear_workload(&e, &c, &a);
    assert!(out.contains("\"response\""), "{name}: {out}");
}

/// Instructions executed inside `linear_workload` for `name` at `n` characters.
fn instructions(name: &str, n: usize) -> u64 {
    let dir = std::env::temp_dir().join(format!("enrich-hook-linear-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join(format!("{}-{n}.out", name.replace(' ', "-")));
    let run = Command::new("valgrind")
        .args(["--tool=callgrind", "--toggle-collect=*linear_workload*", "--quiet"])
        .arg(format!("--callgrind-out-file={}", out.display()))
        .arg(std::env::current_exe().unwrap())
        .args(["--ignored", "--exact", "one_case_under_callgrind", "--test-threads=1", "--quiet"])
        .env("LINEAR_CASE", name)
        .env("LINEAR_SIZE", n.to_string())
        .output()
        .expect("valgrind runs (scripts/setup.sh installs it)");
    assert!(run.status.success(), "{name} at {n}: {}", String::from_utf8_lossy(&run.stderr));
    let text = std::fs::read_to_string(&out).unwrap();
    let total = text.lines().find_map(|l| l.strip_prefix("summary: ").or_else(|| l.strip_prefix("totals: ")));
    total.and_then(|t| t.trim().parse().ok()).unwrap_or_else(|| panic!("{name}: no total in {}", out.display()))
}

#[test]
fn work_is_linear_in_the_input() {
    // Two cases at a time: the machine has two cores.
    let results: Vec<(String, u64, u64)> = std::thread::scope(|s| {
        let handles: Vec<_> = CASES
            .chunks(CASES.len().div_ceil(2))
            .map(|chunk| {
                s.spawn(move || {
                    chunk
                        .iter()
                        .map(|name| (name.to_string(), instructions(name, SMALL), instructions(name, LARGE)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    let mut report = vec![];
    for (name, small, large) in &results {
        let ratio = *large as f64 / *small as f64;
        report.push(format!("{name}: {small} -> {large} instructions (x{ratio:.2})"));
        assert!(*small > 0, "{name}: nothing counted");
    }
    println!("{}", report.join("\n"));
    for (name, small, large) in &results {
        let ratio = *large as f64 / *small as f64;
        assert!(ratio <= MAX_RATIO, "{name}: 4x the input cost x{ratio:.1}:\n{}", report.join("\n"));
    }
}
