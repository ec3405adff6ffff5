//! Prints the config's vocabularies as TypeScript unions, from the tables
//! the core itself reads them with: build/hook.mjs puts the output into the
//! pasted file, so `deno check` holds a config to exactly what the core
//! accepts (`cargo run --example vocabulary`).

use enrich_hook::{
    config, field::Field, merge::Decision, model, model::Policy, providers, sources::Offline, validate::AttrType,
};

/// `type Name = "a" | "b";`, with a doc comment for the ones an admin reads
/// (every byte of the pasted file counts).
fn union<'a>(name: &str, doc: &str, values: impl IntoIterator<Item = &'a str>) -> String {
    let alts: Vec<String> = values.into_iter().map(|v| format!("\"{v}\"")).collect();
    format!("{}type {name} = {};\n", comment(doc), alts.join("|"))
}

/// A vocabulary an admin writes from: its values in a declared tuple, the
/// type its members. `deno check` then names every choice when a value is
/// not one (`Type '"ipinfo"' is not assignable to type '"ipapi.co" | …'`),
/// where a plain alias would print only its name.
fn choices<'a>(name: &str, list: &str, doc: &str, values: impl IntoIterator<Item = &'a str>) -> String {
    let alts: Vec<String> = values.into_iter().map(|v| format!("\"{v}\"")).collect();
    format!(
        "{}declare const {list}: readonly [{}];\ntype {name} = (typeof {list})[number];\n",
        comment(doc),
        alts.join(",")
    )
}

fn comment(doc: &str) -> String {
    if doc.is_empty() {
        String::new()
    } else {
        format!("/** {doc} */\n")
    }
}

fn main() {
    let presets = enrich_hook::json::parse(providers::PRESETS).expect("presets.json is JSON");
    let preset_names: Vec<&str> =
        presets.as_object().expect("an object").keys().map(String::as_str).filter(|k| !k.starts_with('_')).collect();
    let out = [
        choices(
            "EnrichField",
            "FIELDS",
            "An enriched field: the values sources produce and attributes receive.",
            Field::ALL.iter().map(|f| f.name()),
        ),
        choices("OfflineSource", "OFFLINE_SOURCES", "", Offline::ALL.iter().map(|s| s.name())),
        choices("PresetName", "PRESETS", "", preset_names),
        choices("TriggeredBy", "TRIGGERS", "", config::TRIGGERS.iter().copied()),
        choices("CustomType", "CUSTOM_TYPES", "", AttrType::CUSTOM.iter().copied()),
        choices(
            "WritePolicy",
            "POLICIES",
            "fill: only when empty (default). overwrite: always. never: leave alone.",
            Policy::NAMES.iter().map(|(n, _)| *n),
        ),
        union("SettableAttribute", "", model::STANDARD.iter().map(|(k, _)| *k)),
        union("IdentityAttribute", "", model::IDENTITY.iter().copied()),
        union("AddressPart", "", model::ADDRESS.iter().copied()),
        union("ExplainOutcome", "", Decision::ALL.iter().map(|d| d.name())),
    ];
    print!("// Generated from the core's tables (examples/vocabulary.rs).\n{}", out.concat());
}
