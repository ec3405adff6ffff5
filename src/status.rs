//! The status attribute's line (`statusAttribute`): in the portal, where
//! each value the hook wrote came from, which it left cleared, and how this
//! run's sources failed — e.g.
//! `zoneinfo,locale<-geo+tzdata; custom:city cleared; ipinfo.io:429`.
//!
//! The line is also the hook's memory, since Authgear keeps no other: a
//! value the line says the hook set that is gone now was removed on purpose
//! (`user.profile.pre_update` carries only the user after the update, so a
//! cleared value looks like one never set), and is not filled again.
//! Attributes are named as `Attr::name` writes them.

use crate::event::UserAttrs;
use crate::model::{Attr, Target};
use crate::prelude::*;
use concat::cat;

/// What a cleared attribute's entry ends with.
const CLEARED: &str = " cleared";
/// Failures are appended only while the line is shorter than this; the
/// records of what was set are kept whole (they are bounded by the config).
const FAILURES_UP_TO: usize = 200;
/// Records read from a stored line at most: a line the hook wrote has one
/// per target; one made by hand (the attribute may be user-editable) must
/// not cost the run more than that.
const RECORDS_UP_TO: usize = 256;

/// What `line` says of each attribute: set from a source (`Some(source)`),
/// or cleared since (`None`). Failures and unknown names are not records.
pub fn records(line: &str) -> Vec<(Attr, Option<String>)> {
    let mut out = vec![];
    for part in line.split("; ") {
        let (names, from) = match (part.split_once("<-"), part.strip_suffix(CLEARED)) {
            (Some((names, src)), _) => (names, Some(src.to_string())),
            (None, Some(names)) => (names, None),
            _ => continue,
        };
        out.extend(names.split(',').filter_map(Attr::named).map(|a| (a, from.clone())));
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
/// cleared) and that are empty now: removed on purpose, never refilled.
pub fn removed(line: Option<&str>, targets: &[Target], user: &UserAttrs) -> Vec<Attr> {
    let recorded = records(line.unwrap_or_default());
    targets
        .iter()
        .map(|t| &t.attr)
        .filter(|a| recorded.iter().any(|(r, _)| r == *a) && !user.is_filled(a))
        .cloned()
        .collect()
}

/// The new line: the old line's records, kept while their value is held
/// (`held`), marked cleared once it is gone, dropped once someone else set
/// a cleared one; then `set` (attribute, source) written now; then this
/// run's failures. `nothing to set` when it would be empty.
pub fn line(old: Option<&str>, set: &[(Attr, String)], held: impl Fn(&Attr) -> bool, failures: &[String]) -> String {
    let mut rec: Vec<(Attr, Option<String>)> = vec![];
    for (a, from) in records(old.unwrap_or_default()) {
        if rec.iter().any(|(r, _)| *r == a) {
            continue;
        }
        match (held(&a), from) {
            (true, Some(src)) => rec.push((a, Some(src))),
            (true, None) => {}
            (false, _) => rec.push((a, None)),
        }
    }
    for (a, src) in set {
        match rec.iter_mut().find(|(r, _)| r == a) {
            Some(r) => r.1 = Some(src.clone()),
            None => rec.push((a.clone(), Some(src.clone()))),
        }
    }
    // Grouped by source, in order of first appearance.
    let mut groups: Vec<(&Option<String>, Vec<String>)> = vec![];
    for (a, from) in &rec {
        match groups.iter_mut().find(|(f, _)| *f == from) {
            Some((_, names)) => names.push(a.name()),
            None => groups.push((from, vec![a.name()])),
        }
    }
    let mut line = groups
        .iter()
        .map(|(from, names)| match from {
            Some(src) => cat!("{}<-{src}", names.join(",")),
            None => cat!("{}{CLEARED}", names.join(",")),
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

    fn names(r: &[(Attr, Option<String>)]) -> Vec<(String, Option<&str>)> {
        r.iter().map(|(a, s)| (a.name(), s.as_deref())).collect()
    }

    #[test]
    fn reads_set_and_cleared_records_and_ignores_the_rest() {
        let r = records("zoneinfo,locale<-geo+tzdata; custom:city cleared; ipinfo.io:429; nothing to set; bogus<-x");
        assert_eq!(
            names(&r),
            vec![
                ("zoneinfo".into(), Some("geo+tzdata")),
                ("locale".into(), Some("geo+tzdata")),
                ("custom:city".into(), None)
            ]
        );
        assert!(records("").is_empty());
    }

    #[test]
    fn keeps_what_is_held_marks_what_is_gone_and_adds_what_is_set() {
        let old = "zoneinfo<-geo+tzdata; custom:city<-ipwho.is; address.country cleared; ipwho.is:500";
        let city = Attr::Custom("city".into());
        let held = |a: &Attr| *a != city && *a != Attr::Address("country");
        let set = [(Attr::Standard("locale"), "languages".to_string())];
        let l = line(Some(old), &set, held, &["gravatar:timeout".into()]);
        assert_eq!(l, "zoneinfo<-geo+tzdata; custom:city,address.country cleared; locale<-languages; gravatar:timeout");
        // Read back, the same records.
        assert_eq!(records(&l).len(), 4);
    }

    #[test]
    fn a_cleared_value_someone_set_again_loses_its_record() {
        let l = line(Some("custom:city cleared"), &[], |_| true, &[]);
        assert_eq!(l, "nothing to set");
    }

    #[test]
    fn a_huge_hand_made_line_is_read_only_so_far() {
        let line: String = (0..20_000).map(|i| cat!("custom:a{},", crate::pieces::int(i))).collect::<String>() + "x<-s";
        assert_eq!(records(&line).len(), RECORDS_UP_TO);
    }

    #[test]
    fn failures_stop_at_the_cap_records_do_not() {
        let set: Vec<(Attr, String)> =
            (0..30).map(|i| (Attr::Custom(cat!("attribute_{}", crate::pieces::int(i))), "src".into())).collect();
        let failures: Vec<String> = (0..30).map(|_| "ipinfo.io:429".into()).collect();
        let l = line(None, &set, |_| true, &failures);
        assert_eq!(records(&l).len(), 30);
        assert!(!l.contains("ipinfo.io"), "the records alone pass the cap: {l}");
        let l = line(None, &set[..1], |_| true, &failures);
        assert!(l.len() < FAILURES_UP_TO + 20 && l.contains("ipinfo.io:429"), "{l}");
    }
}
