//! Events as Authgear sends them, then mutated: the fuzz config
//! (fuzz/config.json, offline sources only) on each. Seeds: samples/.
#![no_main]

mod common;

use libfuzzer_sys::{fuzz_mutator, fuzz_target};
use std::sync::OnceLock;

static CONFIG: OnceLock<String> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let config = CONFIG.get_or_init(common::fuzz_config);
    let event = common::as_js_sends(&String::from_utf8_lossy(data));
    let out = enrich_hook::handle(&event, config);
    common::check(&event, config, &out);
});

fuzz_mutator!(|data: &mut [u8], size: usize, max_size: usize, seed: u32| {
    common::mutate(data, size, max_size, seed, 0)
});
