//! The write policy: per configured attribute, whether it may be written
//! now and, if so, the first candidate (in source order) its attribute
//! accepts.

use super::{Decision, Explained, Run};
use crate::event::UserAttrs;
use crate::json::Map;
use crate::model::{self, Attr, Policy, Target};
use crate::prelude::*;
use crate::sources::Candidate;
use concat::cat;

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

/// Write each target's winner into its map (`maps`: standard, custom, as
/// they will be returned); what became of each target goes to `explained`,
/// each invalid candidate to `diags`. Returns which maps changed.
pub fn apply(
    run: &Run,
    cands: &[Candidate],
    mut maps: [Option<&mut Map>; 2],
    explained: &mut Vec<Explained>,
    diags: &mut Vec<String>,
) -> [bool; 2] {
    let mut changed = [false, false];
    for t in &run.cfg.targets {
        let mut ex = Explained {
            attribute: t.attr.label(),
            field: t.field.name(),
            outcome: Decision::Skipped,
            value: None,
            source: None,
            notes: vec![],
        };
        let which = matches!(t.attr, Attr::Custom(_)) as usize;
        let Some(map) = maps[which].as_deref_mut() else {
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
                        changed[which] = true;
                    }
                    ex.value = Some(v);
                    ex.source = Some(src);
                }
            }
        }
        explained.push(ex);
    }
    changed
}
