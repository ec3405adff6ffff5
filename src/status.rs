//! The status attribute's line (`statusAttribute`): in the portal, where
//! each value the hook wrote came from, which it left cleared, and how this
//! run's sources failed — e.g.
//! `zoneinfo<-geo+tzdata; custom:city<-ipwho.is?; custom:job cleared; ipinfo.io:429`.
//!
//! The line is also the hook's memory, since Authgear keeps no other: a
//! value the line says the hook set that is gone now was removed on purpose
//! (`user.profile.pre_update` carries only the user after the update, so a
//! cleared value looks like one never set), and is not filled again.
//!
//! Authgear silently drops a custom attribute the project does not define,
//! so a custom value written by a hook mutation is only *said* set (`?`)
//! until the hook sees it stored. One that is gone before it was ever seen
//! may never have been kept: it is recorded `not kept`, said where the
//! admin sees it, and not filled again either (it may have been cleared).
//! Attributes are named as `Attr::name` writes them.

use crate::event::UserAttrs;
use crate::model::{Attr, Target};
use crate::prelude::*;
use concat::cat;

/// What a cleared attribute's entry ends with.
const CLEARED: &str = " cleared";
/// What an attribute's entry ends with when its value was never seen stored.
const NOT_KEPT: &str = " not kept";
/// What a source ends with while its value has not been seen stored.
const UNSEEN: char = '?';
/// Failures are appended only while the line is shorter than this; the
/// records of what was set are kept whole (they are bounded by the config).
const FAILURES_UP_TO: usize = 200;
/// Records read from a stored line at most: a line the hook wrote has one
/// per target; one made by hand (the attribute may be user-editable) must
/// not cost the run more than that.
const RECORDS_UP_TO: usize = 256;

/// What the line says of one attribute.
#[derive(Clone, Debug, PartialEq)]
pub enum Said {
    /// Set from this source, and seen stored since (or a standard attribute,
    /// which Authgear always keeps).
    Set(String),
    /// Set from this source by a hook mutation, not seen stored yet.
    Unseen(String),
    /// Seen stored, then removed by someone.
    Cleared,
    /// Set, never seen stored, gone: the project may not define it.
    NotKept,
}

/// What `line` says of each attribute. Failures and unknown names are not records.
pub fn records(line: &str) -> Vec<(Attr, Said)> {
    let mut out = vec![];
    for part in line.split("; ") {
        let (names, said) = match (part.split_once("<-"), part.strip_suffix(CLEARED), part.strip_suffix(NOT_KEPT)) {
            (Some((names, src)), _, _) => match src.strip_suffix(UNSEEN) {
                Some(src) => (names, Said::Unseen(src.to_string())),
                None => (names, Said::Set(src.to_string())),
            },
            (None, Some(names), _) => (names, Said::Cleared),
            (None, None, Some(names)) => (names, Said::NotKept),
            _ => continue,
        };
        out.extend(names.split(',').filter_map(Attr::named).map(|a| (a, said.clone())));
        if out.len() >= RECORDS_UP_TO {
            out.truncate(RECORDS_UP_TO);
            break;
        }
    }
    out
}

/// The stored line of `status` (the attribute's name), if it holds one.
pub fn stored<'u>(status: Option<&String>, user: &'u UserAttrs) -> Option<&'u str> {
    user.custom.as_ref()?.get(status?)?.as_str()
}

/// The targets whose value the stored line says the hook set (or left
/// cleared, or saw not kept) and that are empty now: never refilled.
pub fn removed(line: Option<&str>, targets: &[Target], user: &UserAttrs) -> Vec<Attr> {
    gone(line, targets, user, |_| true)
}

/// Of those, the ones the hook set and never saw stored: Authgear may have
/// dropped them (a custom attribute the project does not define).
pub fn never_seen(line: Option<&str>, targets: &[Target], user: &UserAttrs) -> Vec<Attr> {
    gone(line, targets, user, |s| matches!(s, Said::Unseen(_)))
}

fn gone(line: Option<&str>, targets: &[Target], user: &UserAttrs, which: impl Fn(&Said) -> bool) -> Vec<Attr> {
    let recorded = records(line.unwrap_or_default());
    targets
        .iter()
        .map(|t| &t.attr)
        .filter(|a| recorded.iter().any(|(r, s)| r == *a && which(s)) && !user.is_filled(a))
        .cloned()
        .collect()
}

/// What a write sets: the attribute, its source, and whether the value is
/// known to be kept (a standard attribute, or a custom one already stored).
pub struct Written {
    /// The attribute written.
    pub attr: Attr,
    /// The source its value came from.
    pub source: String,
    /// Known kept: no `?`.
    pub seen: bool,
}

/// The new line: the old line's records — a set one held now is seen, one
/// gone is cleared (or not kept, if never seen); a cleared or not-kept one
/// someone set again is dropped — then `set` (written now); then this run's
/// failures. `nothing to set` when it would be empty.
pub fn line(old: Option<&str>, set: &[Written], held: impl Fn(&Attr) -> bool, failures: &[String]) -> String {
    let mut rec: Vec<(Attr, Said)> = vec![];
    for (a, said) in records(old.unwrap_or_default()) {
        if rec.iter().any(|(r, _)| *r == a) {
            continue;
        }
        let now = match (held(&a), said) {
            (true, Said::Set(src) | Said::Unseen(src)) => Said::Set(src),
            (true, Said::Cleared | Said::NotKept) => continue,
            (false, Said::Unseen(_) | Said::NotKept) => Said::NotKept,
            (false, Said::Set(_) | Said::Cleared) => Said::Cleared,
        };
        rec.push((a, now));
    }
    for w in set {
        let said = if w.seen { Said::Set(w.source.clone()) } else { Said::Unseen(w.source.clone()) };
        match rec.iter_mut().find(|(r, _)| *r == w.attr) {
            Some(r) => r.1 = said,
            None => rec.push((w.attr.clone(), said)),
        }
    }
    render(&rec, failures)
}

/// Records grouped by what is said of them, in order of first appearance; then the failures.
fn render(rec: &[(Attr, Said)], failures: &[String]) -> String {
    let mut groups: Vec<(&Said, Vec<String>)> = vec![];
    for (a, said) in rec {
        match groups.iter_mut().find(|(s, _)| *s == said) {
            Some((_, names)) => names.push(a.name()),
            None => groups.push((said, vec![a.name()])),
        }
    }
    let mut line = groups
        .iter()
        .map(|(said, names)| {
            let names = names.join(",");
            match said {
                Said::Set(src) => cat!("{names}<-{src}"),
                Said::Unseen(src) => cat!("{names}<-{src}{UNSEEN}"),
                Said::Cleared => cat!("{names}{CLEARED}"),
                Said::NotKept => cat!("{names}{NOT_KEPT}"),
            }
        })
        .collect::<Vec<_>>()
        .join("; ");
    for f in failures {
        if line.len() >= FAILURES_UP_TO {
            break;
        }
        if !line.is_empty() {
            line.push_str("; ");
        }
        line.push_str(f);
    }
    if line.is_empty() {
        line.push_str("nothing to set");
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(r: &[(Attr, Said)]) -> Vec<(String, Said)> {
        r.iter().map(|(a, s)| (a.name(), s.clone())).collect()
    }
    fn set(src: &str) -> Said {
        Said::Set(src.into())
    }
    fn written(attr: Attr, source: &str, seen: bool) -> Written {
        Written { attr, source: source.into(), seen }
    }

    #[test]
    fn reads_every_kind_of_record_and_ignores_the_rest() {
        let r = records(
            "zoneinfo,locale<-geo+tzdata; custom:job<-gravatar?; custom:city cleared; custom:co not kept; ipinfo.io:429; nothing to set; bogus<-x",
        );
        assert_eq!(
            names(&r),
            vec![
                ("zoneinfo".into(), set("geo+tzdata")),
                ("locale".into(), set("geo+tzdata")),
                ("custom:job".into(), Said::Unseen("gravatar".into())),
                ("custom:city".into(), Said::Cleared),
                ("custom:co".into(), Said::NotKept),
            ]
        );
        assert!(records("").is_empty());
    }

    #[test]
    fn keeps_what_is_held_marks_what_is_gone_and_adds_what_is_set() {
        let old = "zoneinfo<-geo+tzdata; custom:city<-ipwho.is; custom:job<-gravatar?; custom:co<-email?; address.country cleared; ipwho.is:500";
        let (city, co) = (Attr::Custom("city".into()), Attr::Custom("co".into()));
        let held = |a: &Attr| *a != city && *a != co && *a != Attr::Address("country");
        let new =
            [written(Attr::Standard("locale"), "languages", true), written(Attr::Custom("x".into()), "geo", false)];
        let l = line(Some(old), &new, held, &["gravatar:timeout".into()]);
        // city was seen, so cleared; co never was, so not kept; job, held now, is seen.
        assert_eq!(
            l,
            "zoneinfo<-geo+tzdata; custom:city,address.country cleared; custom:job<-gravatar; custom:co not kept; locale<-languages; custom:x<-geo?; gravatar:timeout"
        );
        // Read back, the same records.
        assert_eq!(records(&l).len(), 7);
    }

    #[test]
    fn a_cleared_or_not_kept_value_someone_set_again_loses_its_record() {
        let l = line(Some("custom:city cleared; custom:co not kept"), &[], |_| true, &[]);
        assert_eq!(l, "nothing to set");
    }

    #[test]
    fn a_huge_hand_made_line_is_read_only_so_far() {
        let line: String = (0..20_000).map(|i| cat!("custom:a{},", crate::pieces::int(i))).collect::<String>() + "x<-s";
        assert_eq!(records(&line).len(), RECORDS_UP_TO);
    }

    #[test]
    fn failures_stop_at_the_cap_records_do_not() {
        let set: Vec<Written> =
            (0..30).map(|i| written(Attr::Custom(cat!("attribute_{}", crate::pieces::int(i))), "src", true)).collect();
        let failures: Vec<String> = (0..30).map(|_| "ipinfo.io:429".into()).collect();
        let l = line(None, &set, |_| true, &failures);
        assert_eq!(records(&l).len(), 30);
        assert!(!l.contains("ipinfo.io"), "the records alone pass the cap: {l}");
        let l = line(None, &set[..1], |_| true, &failures);
        assert!(l.len() < FAILURES_UP_TO + 20 && l.contains("ipinfo.io:429"), "{l}");
    }
}
