//! The TypeScript config types (js-shim/types/, js-shim/generated/) are
//! what `deno check` holds an admin's config to; they must name exactly what
//! the core accepts. They are read by TypeScript's own checker
//! (tests/js/config-types.mjs, through node), not scanned as text.

use enrich_hook::json::{self, Value};
use enrich_hook::{config, field::Field, login, model, sources::Offline};
use std::collections::BTreeSet;
use std::sync::OnceLock;

/// What tests/js/config-types.mjs prints, once per test binary.
fn declared() -> &'static Value {
    static OUT: OnceLock<Value> = OnceLock::new();
    OUT.get_or_init(|| {
        let out = std::process::Command::new("node").arg("tests/js/config-types.mjs").output().expect("node runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        json::parse(&String::from_utf8(out.stdout).unwrap()).expect("JSON")
    })
}

fn set<'a>(v: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    v.into_iter().map(str::to_string).collect()
}

fn declared_set(group: &str, name: &str) -> BTreeSet<String> {
    let list = declared().get(group).and_then(|g| g.get(name)).and_then(Value::as_strings);
    set(list.unwrap_or_else(|| panic!("{group}.{name} missing")).iter().map(String::as_str))
}

#[test]
fn the_vocabularies_list_exactly_what_the_core_accepts() {
    let v = |n| declared_set("vocabularies", n);
    assert_eq!(v("EnrichField"), set(Field::ALL.iter().map(|f| f.name())));
    assert_eq!(v("OfflineSource"), set(Offline::ALL.iter().map(|s| s.name())));
    let presets = json::parse(enrich_hook::providers::PRESETS).unwrap();
    assert_eq!(v("PresetName"), set(presets.as_object().unwrap().keys().map(String::as_str)));
    assert_eq!(v("TriggeredBy"), set(config::TRIGGERS.iter().copied()));
    assert_eq!(v("CustomType"), set(enrich_hook::validate::AttrType::CUSTOM.iter().copied()));
    assert_eq!(v("WritePolicy"), set(model::Policy::NAMES.iter().map(|(n, _)| *n)));
    assert_eq!(v("SettableAttribute"), set(model::standard_names().filter(|n| *n != "address")));
    assert_eq!(v("AddressPart"), set(model::ADDRESS.iter().copied()));
    assert_eq!(v("IdentityAttribute"), set(model::IDENTITY.iter().copied()));
    assert_eq!(v("NoAnswerName"), set(enrich_hook::session::NoAnswer::NAMES.iter().map(|(n, _)| *n)));
}

#[test]
fn the_config_keys_are_the_cores() {
    let k = |n| declared_set("keys", n);
    let login_keys = k("EnrichLoginConfig");
    assert_eq!(login_keys, set(config::KEYS.iter().copied()));
    // The signup file's config has everything but adminApi.
    assert_eq!(k("EnrichConfig"), set(config::KEYS.iter().copied().filter(|k| *k != "adminApi")));
    assert_eq!(k("adminApi"), set(login::KEYS.iter().copied()));
    assert_eq!(k("progressive"), set(config::PROGRESSIVE_KEYS.iter().copied()));
    assert_eq!(k("LiveSource"), set(enrich_hook::providers::KEYS.iter().copied()));
    assert_eq!(k("FieldExtract"), set(enrich_hook::providers::EXTRACT_KEYS.iter().copied()));
    assert_eq!(k("CustomAttributeSpec"), set(config::CUSTOM_KEYS.iter().copied()));
}

#[test]
fn the_pasted_files_print_the_generated_vocabularies_not_their_own() {
    // js-shim/types/ imports every vocabulary from js-shim/generated/vocabulary.ts (the build writes it).
    for f in ["js-shim/types/config.ts", "js-shim/types/authgear.ts", "js-shim/types/login-config.ts"] {
        let ts = std::fs::read_to_string(f).unwrap();
        for name in ["EnrichField", "PresetName", "CustomType", "WritePolicy", "SettableAttribute", "AddressPart"] {
            assert!(!ts.contains(&format!("type {name} =")), "{f} declares {name}: it is generated");
        }
    }
}
