//! Turn candidates into user mutations: per attribute, the first candidate
//! that passes the attribute's validation, under its write policy; then the
//! WHOLE attribute map, since Authgear replaces what a hook returns.

use crate::config::Config;
use crate::event::UserAttrs;
use crate::json::{Map, Value};
use crate::model::{self, Attr, Policy, Target};
use crate::prelude::*;
use crate::sources::Candidate;
use crate::validate::{accepts, AttrType};
use concat::cat;

/// What became of one configured attribute (explain mode's `outcome`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Decision {
    /// Written with a new value.
    Set,
    /// The winning value is what the user already has.
    Unchanged,
    /// Already set, and the policy is `fill`.
    Kept,
    /// Not written: policy `never`, no valid value, or nothing written at all.
    Skipped,
}

impl Decision {
    /// Every decision, in the order explain lists them.
    pub const ALL: &'static [Decision] = &[Decision::Set, Decision::Unchanged, Decision::Kept, Decision::Skipped];
    /// The name explain shows.
    pub fn name(self) -> &'static str {
        match self {
            Decision::Set => "set",
            Decision::Unchanged => "unchanged",
            Decision::Kept => "kept",
            Decision::Skipped => "skipped",
        }
    }
}

/// What happened to one configured attribute, for explain mode.
pub struct Explained {
    /// `standard_attributes.<name>`, `…address.<part>` or `custom_attributes.<name>`.
    pub attribute: String,
    /// The field it is filled from.
    pub field: &'static str,
    /// What became of it.
    pub outcome: Decision,
    /// The value written or kept.
    pub value: Option<Value>,
    /// The source the value came from.
    pub source: Option<String>,
    /// Why the others were not used.
    pub notes: Vec<String>,
}

/// Whether a target may still receive a value: not under policy `never`,
/// and under `fill` only while empty (or its map is unreadable: then never).
pub fn is_open(t: &Target, user: &UserAttrs) -> bool {
    match (t.policy, user.map_for(&t.attr)) {
        (Policy::Never, _) | (_, None) => false,
        (Policy::Overwrite, Some(_)) => true,
        (Policy::Fill, Some(_)) => !user.is_filled(&t.attr),
    }
}

/// `failures`: `source:code` of the sources that failed, for the status line;
/// `lone_status`: whether a changed status line is worth a write by itself.
pub fn merge(
    user: &UserAttrs,
    cfg: &Config,
    cands: &[Candidate],
    failures: &[String],
    lone_status: bool,
    diags: &mut Vec<String>,
) -> (Map, Vec<Explained>) {
    let targets = &cfg.targets;
    let mut custom = user.custom.as_ref().map(echo);
    let mut standard = user.standard.as_ref().map(|m| {
        let mut m = echo(m);
        for k in model::NOT_ECHOED {
            m.remove(k);
        }
        m
    });
    let (mut custom_changed, mut standard_changed) = (false, false);
    let mut explained = vec![];

    for t in targets {
        let mut ex = Explained {
            attribute: t.attr.label(),
            field: t.field.name(),
            outcome: Decision::Skipped,
            value: None,
            source: None,
            notes: vec![],
        };
        let map = match t.attr {
            Attr::Custom(_) => custom.as_mut(),
            _ => standard.as_mut(),
        };
        let Some(map) = map else {
            note!(ex.notes, "the event's attribute map is missing or malformed, so it is left untouched".into());
            explained.push(ex);
            continue;
        };
        let current = t.attr.get(map);
        if t.policy == Policy::Never {
            note!(ex.notes, "policy is never".into());
        } else if t.policy == Policy::Fill && current.is_some_and(model::is_set) {
            ex.outcome = Decision::Kept;
            ex.value = current.cloned();
            note!(ex.notes, "already set (policy fill)".into());
        } else {
            let mut winner = None;
            for c in cands.iter().filter(|c| c.field == t.field) {
                match t.accept(&c.value) {
                    Ok(v) if winner.is_none() => winner = Some((v, c.source.clone())),
                    Ok(_v) => {
                        note!(ex.notes, cat!("{}: {_v} lost to a higher-priority source", c.source));
                    }
                    Err(why) => {
                        diags.push(cat!("dropped {} from {} for {}: {why}", t.field.name(), c.source, t.attr.label()));
                        note!(ex.notes, cat!("{}: invalid, {why}", c.source));
                    }
                }
            }
            match winner {
                None => {
                    note!(ex.notes, "no source had a valid value".into());
                }
                Some((v, src)) => {
                    ex.outcome = if current == Some(&v) { Decision::Unchanged } else { Decision::Set };
                    if ex.outcome == Decision::Set {
                        t.attr.set(map, v.clone());
                        match t.attr {
                            Attr::Custom(_) => custom_changed = true,
                            _ => standard_changed = true,
                        }
                    }
                    ex.value = Some(v);
                    ex.source = Some(src);
                }
            }
        }
        explained.push(ex);
    }

    if !(standard_changed || custom_changed) && (cfg.status.is_none() || !lone_status) {
        return (Map::new(), explained);
    }
    if let (Some(name), Some(m)) = (&cfg.status, custom.as_mut()) {
        let line = Value::from(status_line(&explained, failures));
        custom_changed |= m.get(name) != Some(&line);
        m.insert(name.clone(), line);
    }
    // Any user mutation makes Authgear write the WHOLE user back and
    // re-validate BOTH maps, the one not returned as stored: if a value in
    // either would fail, the only safe answer is no mutation at all.
    // A map the event did not carry readably cannot be vouched for either.
    if standard_changed || custom_changed {
        let unreadable = || Some(("map".into(), "cannot be read".into()));
        let bad = [
            (if standard_changed { &standard } else { &user.standard })
                .as_ref()
                .map_or_else(unreadable, rejected_standard)
                .map(|b| ("standard", b)),
            (if custom_changed { &custom } else { &user.custom })
                .as_ref()
                .map_or_else(unreadable, |m| rejected_custom(m, &cfg.declared))
                .map(|b| ("custom", b)),
        ];
        if let Some((map, (key, why))) = bad.into_iter().flatten().next() {
            let why = cat!("nothing written: the stored {map} attribute {key} {why} (Authgear re-validates both maps)");
            for e in explained.iter_mut().filter(|e| e.outcome == Decision::Set) {
                e.outcome = Decision::Skipped;
                note!(e.notes, why.clone());
            }
            diags.push(why);
            return (Map::new(), explained);
        }
    }

    let mut user_mut = Map::new();
    if let (true, Some(m)) = (standard_changed, standard) {
        user_mut.insert("standard_attributes", Value::Object(m));
    }
    if let (true, Some(m)) = (custom_changed, custom) {
        user_mut.insert("custom_attributes", Value::Object(m));
    }
    (user_mut, explained)
}

/// The first value of a standard attribute map that Authgear would reject:
/// unknown keys, and each known attribute by its format. Identity values
/// (e-mail, phone, username) are Authgear's own: only their type is checked.
fn rejected_standard(m: &Map) -> Option<(String, String)> {
    // Authgear strips the derived keys before validating (a stored `sub` fails).
    for (k, v) in m.iter().filter(|(k, _)| !model::DERIVED.contains(&k.as_str())) {
        let why = if k == "address" {
            match v {
                Value::Object(a) => a
                    .iter()
                    .find(|(_, p)| accepts(&AttrType::NonEmpty, p).is_err())
                    .map(|(p, _)| cat!("part {p} is not a non-empty string")),
                _ => Some("is not an object".into()),
            }
        } else if model::IDENTITY.contains(&k.as_str()) {
            // Its format is the identity's (Authgear made it); a string it must be.
            accepts(&AttrType::NonEmpty, v).err()
        } else {
            match model::standard_type(k) {
                Some(ty) => accepts(ty, v).err(),
                None => Some("is not a standard attribute".into()),
            }
        };
        if let Some(why) = why {
            return Some((k.clone(), why));
        }
    }
    None
}

/// The first declared custom attribute whose stored value Authgear would
/// reject. Undeclared ones cannot be checked (README: residual risk).
fn rejected_custom(m: &Map, declared: &[(String, AttrType)]) -> Option<(String, String)> {
    declared.iter().find_map(|(k, ty)| Some((k.clone(), accepts(ty, m.get(k)?).err()?)))
}

/// One short, PII-free line for the status attribute: what was set from
/// which source, which sources failed and why.
/// E.g. `zoneinfo<-geo+tzdata; locale<-languages; ipinfo.io:429`.
fn status_line(explained: &[Explained], failures: &[String]) -> String {
    let mut by_source: Vec<(String, Vec<&str>)> = vec![];
    for e in explained.iter().filter(|e| e.outcome == Decision::Set) {
        let src = e.source.clone().unwrap_or_default();
        let name = e.attribute.rsplit('.').next().unwrap_or_default();
        match by_source.iter_mut().find(|(s, _)| *s == src) {
            Some((_, names)) => names.push(name),
            None => by_source.push((src, vec![name])),
        }
    }
    let mut parts: Vec<String> = by_source.iter().map(|(s, n)| cat!("{}<-{s}", n.join(","))).collect();
    parts.extend(failures.iter().cloned());
    if parts.is_empty() {
        parts.push("nothing to set".into());
    }
    let mut line = parts.join("; ");
    crate::diag::cut(&mut line, 200);
    line
}

/// A copy without `null`s, which Authgear rejects (absence is how to clear).
fn echo(m: &Map) -> Map {
    let mut m = m.clone();
    m.retain(|_, v| !v.is_null());
    m
}
