//! Authgear's re-validation of a user's attribute maps after a write, as
//! this hook must foresee it (authgear-server pkg/api/event/blocking/util.go
//! `PerformEffectsOnUser`, pkg/admin/facade/user_profile.go): a hook
//! mutation makes Authgear write the whole user back and validate BOTH maps
//! whole, one failing value failing the signup; an Admin API `updateUser`
//! validates each map it is sent, alone. The rules are Authgear's
//! (pkg/lib/authn/stdattrs/validate.go, pkg/util/validation/formats.go,
//! pkg/lib/config/user_profile.go).

use crate::event::Via;
use crate::json::{Map, Value};
use crate::model;
use crate::prelude::*;
use crate::validate::{accepts, AttrType};
use concat::cat;

/// The two maps, as messages name them.
const MAPS: [&str; 2] = ["standard", "custom"];

/// What the write will make Authgear validate, and what it would find.
pub struct Verdict {
    /// Whether each map (standard, custom) may be written.
    pub ok: [bool; 2],
    /// One line for each map refused.
    pub lines: Vec<String>,
}

/// The maps a write through `via` leaves (`maps`: the map as returned if
/// `sent`, else as stored), judged as Authgear will judge them.
/// `undeclared_blocks`: stored custom attributes the config does not
/// declare stop any write of the custom map (their values cannot be checked).
pub fn judge(
    via: Via,
    maps: [Option<&Map>; 2],
    sent: [bool; 2],
    declared: &[(String, AttrType)],
    undeclared_blocks: bool,
) -> Verdict {
    let hook = via != Via::AdminApi;
    // A hook mutation: both maps, all or nothing. The Admin API: each map sent, alone.
    let checked = [hook || sent[0], hook || sent[1]];
    let mut v = Verdict { ok: [true, true], lines: vec![] };
    for (i, map) in maps.into_iter().enumerate() {
        let bad = match map {
            _ if !checked[i] => None,
            None => Some(("map".into(), "cannot be read".into())),
            Some(m) if i == 0 => rejected_standard(m),
            Some(m) => rejected_custom(m, declared),
        };
        let why = match bad {
            Some((key, why)) => cat!("the stored {} attribute {key} {why}", MAPS[i]),
            None if i == 1 && undeclared_blocks && !hook => "undeclared custom attributes cannot be checked".into(),
            None => continue,
        };
        v.ok[i] = false;
        v.lines.push(if hook {
            cat!("nothing written: {why} (Authgear re-validates both maps)")
        } else {
            cat!("{} attributes not written: {why} (the Admin API validates each map sent)", MAPS[i])
        });
    }
    if hook && (undeclared_blocks || v.ok != [true, true]) {
        v.ok = [false, false];
    }
    v
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
