//! Turn candidates into user mutations: per attribute, the first candidate
//! that passes the attribute's validation, under its write policy; then the
//! WHOLE attribute map, since Authgear replaces what a hook returns.

use crate::config::Config;
use crate::event::UserAttrs;
use crate::json::{Map, Value};
use crate::model::{self, Attr, Policy, Target};
use crate::prelude::*;
use crate::sources::Candidate;
use crate::status;
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
/// not removed on purpose since the hook set it (`removed`), and under
/// `fill` only while empty (or its map is unreadable: then never).
pub fn is_open(t: &Target, user: &UserAttrs, removed: &[Attr]) -> bool {
    match (t.policy, user.map_for(&t.attr)) {
        (Policy::Never, _) | (_, None) => false,
        _ if removed.contains(&t.attr) => false,
        (Policy::Overwrite, Some(_)) => true,
        (Policy::Fill, Some(_)) => !user.is_filled(&t.attr),
    }
}

/// How the answer reaches the user, which decides what Authgear checks and
/// what is worth a write.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Via {
    /// A `user.pre_create` mutation: both maps re-validated whole; a status
    /// line, new at signup, is worth writing by itself.
    Signup,
    /// A `user.profile.pre_update` mutation: both maps re-validated whole.
    Update,
    /// An Admin API `updateUser` (the login path, the backfill): each map
    /// sent is validated alone, a map left out not at all
    /// (pkg/admin/facade/user_profile.go); it fires `user.profile.pre_update`
    /// and `user.profile.updated`, so only a value is worth one.
    AdminApi,
}

/// One run's facts besides the candidates.
pub struct Run<'a> {
    /// The user as the event carries them.
    pub user: &'a UserAttrs,
    /// The config.
    pub cfg: &'a Config,
    /// How the answer is written.
    pub via: Via,
    /// Targets removed on purpose (`status::removed`).
    pub removed: &'a [Attr],
    /// Of those, the ones the hook set and never saw stored
    /// (`status::never_seen`): the line records them `not kept`.
    pub never_seen: &'a [Attr],
    /// Stored custom attributes the config does not declare.
    pub undeclared: &'a [String],
    /// `source:code` of the sources that failed, for the status line.
    pub failures: &'a [String],
}

/// The two maps, as messages name them.
const MAPS: [&str; 2] = ["standard", "custom"];

/// The one line naming the stored custom attributes the config does not
/// declare (any event); `blocked`: nothing is written because of them.
pub fn undeclared_line(names: &[String], blocked: bool) -> String {
    let then = if blocked { "; nothing written: declare each with its type, or set allowUndeclared" } else { "" };
    cat!("custom attributes missing from the config, so unchecked: {}{then}", names.join(", "))
}

/// Per target, the first valid candidate under its policy; then the whole
/// maps to return, each checked as `run.via` will have Authgear check it.
pub fn merge(run: &Run, cands: &[Candidate], diags: &mut Vec<String>) -> (Map, Vec<Explained>) {
    let (user, cfg) = (run.user, run.cfg);
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
        } else if run.removed.contains(&t.attr) {
            note!(ex.notes, "cleared since enrich-hook set it (the status attribute says so): left empty".into());
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

    // A status line is worth a write by itself only at signup, where it is
    // new, and to record that a value was never kept (once: the line then
    // says so): anywhere else a value must change (a write per login, per
    // update and per backfill run otherwise).
    let status_goes = cfg.status.is_some() && custom.is_some();
    let status_news = status_goes && (run.via == Via::Signup || !run.never_seen.is_empty());
    if !(standard_changed || custom_changed || status_news) {
        if !run.undeclared.is_empty() {
            diags.push(undeclared_line(run.undeclared, false));
        }
        return (Map::new(), explained);
    }
    // Which maps Authgear will validate, and whether one failing loses the
    // whole answer (a hook mutation: both maps, all or nothing) or only its
    // own (the Admin API: each map sent, alone). The status line travels in
    // the custom map.
    let hook = run.via != Via::AdminApi;
    let checked = [hook || standard_changed, hook || custom_changed || status_goes];
    let blocks = !run.undeclared.is_empty() && !cfg.allow_undeclared && checked[1];
    if !run.undeclared.is_empty() {
        diags.push(undeclared_line(run.undeclared, blocks && hook));
    }
    let maps = [
        if standard_changed { &standard } else { &user.standard },
        if custom_changed { &custom } else { &user.custom },
    ];
    let mut ok = [true, true];
    for (i, map) in maps.into_iter().enumerate() {
        let bad = match map {
            _ if !checked[i] => None,
            None => Some(("map".into(), "cannot be read".into())),
            Some(m) if i == 0 => rejected_standard(m),
            Some(m) => rejected_custom(m, &cfg.declared),
        };
        let why = match bad {
            Some((key, why)) => cat!("the stored {} attribute {key} {why}", MAPS[i]),
            None if i == 1 && blocks && !hook => "undeclared custom attributes cannot be checked".into(),
            None => continue,
        };
        ok[i] = false;
        diags.push(if hook {
            cat!("nothing written: {why} (Authgear re-validates both maps)")
        } else {
            cat!("{} attributes not written: {why} (the Admin API validates each map sent)", MAPS[i])
        });
    }
    if hook && (blocks || ok != [true, true]) {
        ok = [false, false];
    }
    for (e, t) in explained.iter_mut().zip(targets) {
        if e.outcome == Decision::Set && !ok[matches!(t.attr, Attr::Custom(_)) as usize] {
            e.outcome = Decision::Skipped;
            note!(e.notes, "not written: its map cannot be (see the diagnostics)".into());
        }
    }
    let standard_changed = standard_changed && ok[0];
    let mut custom_changed = custom_changed && ok[1];
    if !(standard_changed || custom_changed || (status_news && ok[1])) {
        return (Map::new(), explained);
    }
    if let (Some(name), Some(m), true) = (&cfg.status, custom.as_mut(), ok[1]) {
        // A custom value is known kept only where the attribute already held
        // one (Authgear drops a custom attribute the project does not define).
        let stored = |a: &Attr| user.map_for(a).and_then(|m| a.get(m)).is_some_and(model::is_set);
        let set: Vec<status::Written> = targets
            .iter()
            .zip(&explained)
            .filter(|(_, e)| e.outcome == Decision::Set)
            .map(|(t, e)| status::Written {
                attr: t.attr.clone(),
                source: e.source.clone().unwrap_or_default(),
                seen: !matches!(t.attr, Attr::Custom(_)) || stored(&t.attr),
            })
            .collect();
        let std_now = if ok[0] { standard.as_ref() } else { user.standard.as_ref() };
        let custom_now = Some(&*m);
        let held = |a: &Attr| {
            let map = if matches!(a, Attr::Custom(_)) { custom_now } else { std_now };
            map.and_then(|m| a.get(m)).is_some_and(model::is_set)
        };
        let line = Value::from(status::line(status::stored(Some(name), user), &set, held, run.failures));
        custom_changed |= m.get(name) != Some(&line);
        m.insert(name.clone(), line);
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

/// A copy without `null`s, which Authgear rejects (absence is how to clear).
fn echo(m: &Map) -> Map {
    let mut m = m.clone();
    m.retain(|_, v| !v.is_null());
    m
}
