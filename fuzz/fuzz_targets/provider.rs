//! Provider answers: an input is `<preset>\n<body>`. The preset (any of
//! src/providers/presets.json; an unknown name falls back to ipinfo.io) is
//! the live source added to fuzz/config.json; every request it makes is
//! answered 200 with the body, so retries run too; the same preset again,
//! as a `fallback: true` source, runs whenever the first left a target open. Seeds: the
//! documented answers in tests/fixtures/providers.json.
#![no_main]

mod common;

use enrich_hook::session::{Session, Timing};
use libfuzzer_sys::{fuzz_mutator, fuzz_target};
use std::sync::OnceLock;

/// The event, the fuzz config, the preset names.
static BASE: OnceLock<(String, String, Vec<String>)> = OnceLock::new();

fn config_with(preset: &str) -> String {
    let (_, config, _) = BASE.get().unwrap();
    let source = format!(
        r#"{{"preset": "{preset}", "key": "{}", "baseUrl": "http://127.0.0.1:9/p", "allowHttp": true}}"#,
        common::KEY
    );
    // The same preset again as its fallback: called only after the first settles, and only if still needed.
    let fallback =
        source.replace("/p\"", "/f\"").replace("}", r#", "name": "fallback", "fallback": true, "timeoutMs": 500}"#);
    config.replacen(r#""sources": ["#, &format!(r#""deadlineMs": 3000, "sources": [{source}, {fallback}, "#), 1)
}

fuzz_target!(|data: &[u8]| {
    let (event, _, presets) =
        BASE.get_or_init(|| (common::sample("email-signup.json"), common::fuzz_config(), common::presets()));
    let text = String::from_utf8_lossy(data);
    let (preset, body) = text.split_once('\n').unwrap_or(("ipinfo.io", &text));
    let config = config_with(if presets.iter().any(|p| p == preset) { preset } else { "ipinfo.io" });
    let mut s = Session::start(event, &config);
    for _ in 0..4 {
        let pending = s.requests();
        if pending.is_empty() {
            break;
        }
        for (id, _) in pending {
            s.on_response(id, 200, None, body, Timing::default());
        }
    }
    let out = s.finish();
    common::check(event, &config, &out);
});

fuzz_mutator!(|data: &mut [u8], size: usize, max_size: usize, seed: u32| {
    let prefix = data[..size].iter().position(|b| *b == b'\n').map_or(0, |i| i + 1);
    common::mutate(data, size, max_size, seed, prefix)
});
