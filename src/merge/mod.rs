//! Turn candidates into user mutations: per attribute, the first candidate
//! that passes the attribute's validation, under its write policy (`pick`);
//! then whether the write is worth making, what Authgear's re-validation
//! would say of it (`revalidation`), the status line, and the WHOLE
//! attribute maps, since Authgear replaces what a hook returns.

use crate::config::Config;
use crate::event::{UserAttrs, Via};
use crate::json::{Map, Value};
use crate::model::{self, Attr};
use crate::prelude::*;
use crate::revalidation;
use crate::sources::Candidate;
use crate::status;
use concat::cat;

mod pick;
pub use pick::is_open;

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
    let mut explained = vec![];

    let [standard_changed, custom_changed] =
        pick::apply(run, cands, [standard.as_mut(), custom.as_mut()], &mut explained, diags);

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
    // Authgear's re-validation: which maps it checks, and whether one failing
    // loses the whole answer (a hook mutation) or only its own (the Admin
    // API). The status line travels in the custom map.
    let hook = run.via != Via::AdminApi;
    let sent = [standard_changed, custom_changed || status_goes];
    let blocks = !run.undeclared.is_empty() && !cfg.allow_undeclared && (hook || sent[1]);
    if !run.undeclared.is_empty() {
        diags.push(undeclared_line(run.undeclared, blocks && hook));
    }
    let maps = [
        if standard_changed { standard.as_ref() } else { user.standard.as_ref() },
        if custom_changed { custom.as_ref() } else { user.custom.as_ref() },
    ];
    let verdict = revalidation::judge(run.via, maps, sent, &cfg.declared, blocks);
    diags.extend(verdict.lines);
    let ok = verdict.ok;
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
        let std_now = if ok[0] { standard.as_ref() } else { user.standard.as_ref() };
        let line = status_line(run, &explained, std_now, m);
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

/// The new status line, for the maps as they will be: what this run sets,
/// and what the old line says of the rest (`status::line`).
fn status_line(run: &Run, explained: &[Explained], standard: Option<&Map>, custom: &Map) -> Value {
    let user = run.user;
    // A custom value is known kept only where the attribute already held
    // one (Authgear drops a custom attribute the project does not define).
    let stored = |a: &Attr| user.map_for(a).and_then(|m| a.get(m)).is_some_and(model::is_set);
    let set: Vec<status::Written> = run
        .cfg
        .targets
        .iter()
        .zip(explained)
        .filter(|(_, e)| e.outcome == Decision::Set)
        .map(|(t, e)| status::Written {
            attr: t.attr.clone(),
            source: e.source.clone().unwrap_or_default(),
            seen: !matches!(t.attr, Attr::Custom(_)) || stored(&t.attr),
        })
        .collect();
    let held = |a: &Attr| {
        let map = if matches!(a, Attr::Custom(_)) { Some(custom) } else { standard };
        map.and_then(|m| a.get(m)).is_some_and(model::is_set)
    };
    Value::from(status::line(status::stored(run.cfg.status.as_ref(), user), &set, held, run.failures))
}

/// A copy without `null`s, which Authgear rejects (absence is how to clear).
fn echo(m: &Map) -> Map {
    let mut m = m.clone();
    m.retain(|_, v| !v.is_null());
    m
}
