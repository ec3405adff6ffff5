//! The TypeScript config types in js-shim/types.ts are what `deno check`
//! holds an admin's config to; they must list exactly what the core accepts.

use enrich_hook::{config, field::Field, sources::Offline};

fn union(ts: &str, name: &str) -> Vec<String> {
    let start = ts.find(&format!("type {name} =")).unwrap_or_else(|| panic!("type {name} not found"));
    let body = &ts[start..start + ts[start..].find(';').unwrap()];
    body.split('"').skip(1).step_by(2).map(str::to_string).collect()
}

fn block_keys(ts: &str, open: &str) -> Vec<String> {
    let start = ts.find(open).unwrap() + open.len();
    let mut depth = 0;
    let mut keys = vec![];
    for line in ts[start..].lines() {
        let t = line.trim();
        if depth == 0 {
            if let Some((k, _)) = t.split_once("?:") {
                keys.push(k.to_string());
            }
        }
        depth += t.matches('{').count() as i32 - t.matches('}').count() as i32;
        if depth < 0 {
            break;
        }
    }
    keys
}

#[test]
fn field_and_source_unions_match_the_core() {
    let ts = std::fs::read_to_string("js-shim/types.ts").unwrap();
    let fields: Vec<String> = Field::ALL.iter().map(|f| f.name().to_string()).collect();
    assert_eq!(union(&ts, "EnrichField"), fields);
    let sources: Vec<String> = Offline::ALL.iter().map(|s| s.name().to_string()).collect();
    assert_eq!(union(&ts, "OfflineSource"), sources);
}

#[test]
fn standard_attribute_keys_match_the_core() {
    let ts = std::fs::read_to_string("js-shim/types.ts").unwrap();
    let want: Vec<String> = config::standard_names().map(str::to_string).collect();
    assert_eq!(block_keys(&ts, "  standard?: {\n"), want);
    let address: Vec<String> = config::ADDRESS.iter().map(|s| s.to_string()).collect();
    assert_eq!(block_keys(&ts, "    address?: {\n"), address);
}

#[test]
fn preset_names_match_the_presets() {
    let ts = std::fs::read_to_string("js-shim/types.ts").unwrap();
    let presets = enrich_hook::json::parse(enrich_hook::providers::PRESETS).unwrap();
    let names: Vec<String> = presets.as_object().unwrap().keys().cloned().collect();
    assert_eq!(union(&ts, "PresetName"), names);
}

#[test]
fn top_level_keys_and_triggers_match_the_core() {
    let ts = std::fs::read_to_string("js-shim/types.ts").unwrap();
    let mut keys = block_keys(&ts, "interface EnrichConfig {\n");
    keys.sort();
    let mut want: Vec<String> = config::KEYS.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(keys, want);
    assert_eq!(union(&ts, "TriggeredBy"), config::TRIGGERS);
}
