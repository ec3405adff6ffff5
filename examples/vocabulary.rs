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
    let doc = if doc.is_empty() { String::new() } else { format!("/** {doc} */\n") };
    format!("{doc}type {name} = {};\n", alts.join("|"))
}

fn main() {
    let presets = enrich_hook::json::parse(providers::PRESETS).expect("presets.json is JSON");
    let preset_names: Vec<&str> =
        presets.as_object().expect("an object").keys().map(String::as_str).filter(|k| !k.starts_with('_')).collect();
    let out = [
        union(
            "EnrichField",
            "An enriched field: the values sources produce and attributes receive.",
            Field::ALL.iter().map(|f| f.name()),
        ),
        union("OfflineSource", "", Offline::ALL.iter().map(|s| s.name())),
        union("PresetName", "", preset_names),
        union("TriggeredBy", "", config::TRIGGERS.iter().copied()),
        union("CustomType", "", AttrType::CUSTOM.iter().copied()),
        union(
            "WritePolicy",
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
