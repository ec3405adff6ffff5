//! Configs, mutated, on the e-mail signup sample (samples/email-signup.json).
//! Live sources in a fuzzed config are planned but get no answer (a
//! sans-IO session that is finished at once). Seeds: fuzz/config.json and
//! samples/config.full.json.
#![no_main]

mod common;

use libfuzzer_sys::{fuzz_mutator, fuzz_target};
use std::sync::OnceLock;

static EVENT: OnceLock<String> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let event = EVENT.get_or_init(|| common::sample("email-signup.json"));
    let config = String::from_utf8_lossy(data);
    let out = enrich_hook::handle(event, &config);
    common::check(event, &config, &out);
});

fuzz_mutator!(|data: &mut [u8], size: usize, max_size: usize, seed: u32| {
    common::mutate(data, size, max_size, seed, 0)
});
