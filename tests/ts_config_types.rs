//! The TypeScript config types in js-shim/types.ts are what `deno check`
//! holds an admin's config to; they must list exactly what the core accepts.

use enrich_hook::{config, field::Field, model, sources::Offline};

fn union(ts: &str, name: &str) -> Vec<String> {
    let start = ts.find(&format!("type {name} =")).unwrap_or_else(|| panic!("type {name} not found"));
    let mut body = &ts[start..start + ts[start..].find(';').unwrap()];
    // `(typeof LIST)[number]`: the members of `declare const LIST: readonly [...]`.
    if let Some(list) = body.split("(typeof ").nth(1).and_then(|r| r.split(')').next()) {
        let decl = ts.find(&format!("declare const {list}: readonly [")).unwrap_or_else(|| panic!("{list}"));
        body = &ts[decl..decl + ts[decl..].find(';').unwrap()];
    }
    body.split('"').skip(1).step_by(2).map(str::to_string).collect()
}

fn block_keys(ts: &str, open: &str) -> Vec<String> {
    let start = ts.find(open).unwrap() + open.len();
    let mut depth = 0;
    let mut keys = vec![];
    for line in ts[start..].lines() {
        let t = line.trim();
        if depth == 0 {
            // `key?:` or `key:` opening the line; comments never do.
            let k: String = t.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if !k.is_empty() && (t[k.len()..].starts_with("?:") || t[k.len()..].starts_with(':')) {
                keys.push(k);
            }
        }
        depth += t.matches('{').count() as i32 - t.matches('}').count() as i32;
        if depth < 0 {
            break;
        }
    }
    keys
}

/// The unions build/hook.mjs generates into the pasted file (examples/vocabulary.rs).
const GENERATED: &[&str] = &[
    "EnrichField",
    "OfflineSource",
    "PresetName",
    "TriggeredBy",
    "CustomType",
    "WritePolicy",
    "SettableAttribute",
    "IdentityAttribute",
    "AddressPart",
    "ExplainOutcome",
];

fn built() -> String {
    std::fs::read_to_string("pkg/enrich-hook.ts").unwrap()
}

#[test]
fn the_vocabularies_are_generated_not_written_twice() {
    let ts = std::fs::read_to_string("js-shim/types.ts").unwrap();
    for name in GENERATED {
        assert!(!ts.contains(&format!("type {name} =")), "js-shim/types.ts declares {name}: it is generated");
    }
}

#[test]
fn the_built_file_lists_exactly_what_the_core_accepts() {
    let ts = built();
    let fields: Vec<String> = Field::ALL.iter().map(|f| f.name().to_string()).collect();
    assert_eq!(union(&ts, "EnrichField"), fields);
    let sources: Vec<String> = Offline::ALL.iter().map(|s| s.name().to_string()).collect();
    assert_eq!(union(&ts, "OfflineSource"), sources);
    let presets = enrich_hook::json::parse(enrich_hook::providers::PRESETS).unwrap();
    let names: Vec<String> = presets.as_object().unwrap().keys().cloned().collect();
    assert_eq!(union(&ts, "PresetName"), names);
    assert_eq!(union(&ts, "TriggeredBy"), config::TRIGGERS);
    assert_eq!(union(&ts, "CustomType"), enrich_hook::validate::AttrType::CUSTOM);
    let settable: Vec<String> = model::standard_names().filter(|n| *n != "address").map(str::to_string).collect();
    assert_eq!(union(&ts, "SettableAttribute"), settable);
    assert_eq!(union(&ts, "AddressPart"), model::ADDRESS);
    assert_eq!(union(&ts, "IdentityAttribute"), model::IDENTITY);
}

#[test]
fn top_level_keys_match_the_core() {
    let ts = std::fs::read_to_string("js-shim/types.ts").unwrap();
    let mut keys = block_keys(&ts, "interface EnrichConfig {\n");
    // The login file merges `adminApi` into the interface (js-shim/types-login.ts).
    let login = std::fs::read_to_string("js-shim/types-login.ts").unwrap();
    keys.extend(block_keys(&login, "interface EnrichConfig {\n"));
    keys.sort();
    let mut want: Vec<String> = config::KEYS.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(keys, want);
}

/// Every key a TypeScript type declares (`key:` or `key?:`) between `open` and the `;` that ends it.
fn type_keys(ts: &str, open: &str) -> Vec<String> {
    let start = ts.find(open).unwrap_or_else(|| panic!("{open} not found"));
    let body = &ts[start + open.len()..];
    // The declaration ends at the first `;` closing a line that is not indented
    // further (members of an object literal end in `;` too).
    let end = body.match_indices(";\n").map(|(i, _)| i).find(|&i| !body[i + 2..].starts_with(' '));
    let body = &body[..end.unwrap_or(body.len())];
    // Comments may hold colons ("https:"): only code counts.
    let code: String = body
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .filter(|l| !l.trim_start().starts_with("/**") && !l.trim_start().starts_with('*'))
        .collect::<Vec<_>>()
        .join("\n");
    let body = code.as_str();
    let mut keys: Vec<String> = vec![];
    for (i, _) in body.match_indices(':') {
        let head = body[..i].trim_end_matches('?');
        let key: String = head.chars().rev().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        let key: String = key.chars().rev().collect();
        let quoted_or_comment = head.ends_with('"') || head.trim_end().is_empty();
        if !key.is_empty()
            && !quoted_or_comment
            && !keys.contains(&key)
            && key.chars().next().is_some_and(char::is_lowercase)
        {
            keys.push(key);
        }
    }
    keys.sort();
    keys
}

fn sorted(keys: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = keys.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

#[test]
fn nested_config_keys_match_the_core() {
    let ts = std::fs::read_to_string("js-shim/types.ts").unwrap();
    // A provider entry: every spec key, `preset` on the union that names one.
    let mut spec = block_keys(&ts, "interface ProviderSpec {\n");
    spec.push("preset".into());
    spec.sort();
    assert_eq!(spec, sorted(enrich_hook::providers::KEYS));
    let extract = type_keys(&ts, "type FieldExtract =");
    assert_eq!(extract, sorted(enrich_hook::providers::EXTRACT_KEYS));
    let custom = type_keys(&ts, "type CustomAttributeSpec =");
    assert_eq!(custom, sorted(config::CUSTOM_KEYS));
    let mut progressive = block_keys(&ts, "  progressive?: {\n");
    progressive.sort();
    assert_eq!(progressive, sorted(config::PROGRESSIVE_KEYS));
}

#[test]
fn the_backfills_body_cap_is_the_cores() {
    // backfill/lookups.mjs reads a provider body only this far before the driver does.
    let js = std::fs::read_to_string("backfill/lookups.mjs").unwrap();
    let line =
        js.lines().find(|l| l.starts_with("export const BODY_CAP = ")).expect("BODY_CAP in backfill/lookups.mjs");
    let expr = line.trim_start_matches("export const BODY_CAP = ").trim_end_matches(';');
    let value: u32 = expr.split(" * ").map(|n| n.trim().parse::<u32>().unwrap()).product();
    assert_eq!(value, enrich_hook::session::BODY_CAP);
}
