//! The pipeline reads one way: no module of `src/` imports, directly or
//! through others, a module that imports it (tests and the wasm binding
//! aside). Parsed from the `crate::` paths in each file.

use std::collections::{BTreeMap, BTreeSet};

/// `src/a/b.rs` and `src/a/b/mod.rs` are `a::b`; `super::x` in `a::b` is `a::x`.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut stack = vec![std::path::PathBuf::from("src")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let rel = p.strip_prefix("src").unwrap().with_extension("");
            let mut name: Vec<String> = rel.iter().map(|c| c.to_string_lossy().into_owned()).collect();
            if name.last().is_some_and(|n| n == "mod") {
                name.pop();
            }
            if matches!(name[0].as_str(), "lib" | "wasm" | "crosscheck" | "data") {
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap();
            let me = name.join("::");
            let parent = name[..name.len() - 1].join("::");
            let deps = g.entry(me.clone()).or_default();
            for (prefix, base) in [("crate::", String::new()), ("super::", parent)] {
                for id in named(code, prefix) {
                    if id == "prelude" {
                        continue;
                    }
                    let dep = if base.is_empty() { id } else { format!("{base}::{id}") };
                    // A module depends on the top-level module or the sibling it names.
                    if dep != me && !me.starts_with(&format!("{dep}::")) {
                        deps.insert(dep);
                    }
                }
            }
        }
    }
    g
}

/// The modules named right after each `prefix` (`crate::`, `super::`),
/// groups included: `crate::{session::Session, json}` names both.
fn named(code: &str, prefix: &str) -> Vec<String> {
    let ident = |s: &str| s.trim_start().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>();
    let mut out = vec![];
    for (i, _) in code.match_indices(prefix) {
        let rest = &code[i + prefix.len()..];
        if !rest.starts_with('{') {
            out.push(ident(rest));
            continue;
        }
        // The group's items at its own depth: `a::b`, `c::{d, e}`, `f`.
        let (mut depth, mut item_start) = (0, 1);
        for (j, c) in rest.char_indices() {
            match c {
                '{' => depth += 1,
                '}' | ',' if depth == 1 => {
                    out.push(ident(&rest[item_start..j]));
                    item_start = j + 1;
                    if c == '}' {
                        break;
                    }
                }
                '}' => depth -= 1,
                _ => {}
            }
        }
    }
    out.retain(|id| !id.is_empty() && id != "self");
    out
}

#[test]
fn grouped_imports_name_every_module_in_the_group() {
    let code = "use crate::{session::Session};\nuse crate::{json::{Map, Value}, model ,\n  config};\nuse super::x::y; crate::z::f()";
    assert_eq!(named(code, "crate::"), ["session", "json", "model", "config", "z"]);
    assert_eq!(named(code, "super::"), ["x"]);
}

#[test]
fn integration_tests_check_every_answer_with_the_oracle() {
    for e in std::fs::read_dir("tests").unwrap() {
        let p = e.unwrap().path();
        // This file names them to look for them.
        if p.extension().is_some_and(|x| x == "rs") && !p.ends_with("layout.rs") {
            let text = std::fs::read_to_string(&p).unwrap();
            for direct in ["enrich_hook::handle(", "Session::start(", "Session::start_with(", "Run::start("] {
                assert!(!text.contains(direct), "{}: calls {direct} directly; use support::", p.display());
            }
        }
    }
}

#[test]
fn src_has_no_import_cycles() {
    let g = graph();
    let top = |m: &str| m.split("::").next().unwrap().to_string();
    // Between top-level modules, and between the files of one module.
    for level in [true, false] {
        let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (m, deps) in &g {
            for d in deps {
                let (a, b) = if level { (top(m), top(d)) } else { (m.clone(), d.clone()) };
                // Files: only edges between files of one module (to a file, not a module).
                if a != b && (level || (top(&a) == top(&b) && g.contains_key(&b))) {
                    edges.entry(a).or_default().insert(b);
                }
            }
        }
        for start in edges.keys() {
            let mut seen = BTreeSet::new();
            let mut todo: Vec<&String> = edges[start].iter().collect();
            while let Some(n) = todo.pop() {
                assert_ne!(n, start, "{start} imports itself through {seen:?} (edges: {edges:?})");
                if seen.insert(n.clone()) {
                    todo.extend(edges.get(n).into_iter().flatten());
                }
            }
        }
    }
}
