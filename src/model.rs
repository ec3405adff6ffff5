//! The shared vocabulary every stage uses: which attribute (`Attr`), under
//! which write policy (`Policy`), receives which field (`Target`);
//! Authgear's standard attributes, in one list; the progressive-profiling
//! settings. Types and their small rules only: reading them is `config`'s
//! job, using them `merge`'s and `progressive`'s.

use crate::event::UserAttrs;
use crate::field::Field;
use crate::json::{Map, Value};
use crate::prelude::*;
use crate::validate::AttrType;
use concat::cat;

/// One attribute the config fills: from which field, as which type, under which policy.
pub struct Target {
    /// The attribute written.
    pub attr: Attr,
    /// The field it is filled from.
    pub field: Field,
    /// Authgear's type for it.
    pub ty: AttrType,
    /// When it may be written.
    pub policy: Policy,
    /// The admin's vocabulary (`map`): provider value (lower-cased) → stored value.
    pub map: Option<Vec<(String, Value)>>,
}

impl Target {
    /// A candidate as this attribute stores it: valid as what its field
    /// means, then through the value map, if any (a value not in it is
    /// skipped), then the attribute type's coercion.
    pub fn accept(&self, v: &Value) -> Result<Value, String> {
        let v = &crate::validate::by_meaning(self.field, v)?;
        let Some(map) = &self.map else { return crate::validate::coerce(&self.ty, v) };
        let key = match v {
            Value::String(s) => s.trim().to_ascii_lowercase(),
            Value::Number(n) => n.clone(),
            _ => String::new(),
        };
        match map.iter().find(|(k, _)| *k == key) {
            Some((_, to)) => crate::validate::coerce(&self.ty, to),
            None => Err(cat!("{} is not in the attribute's map", crate::validate::quote(&key))),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
/// An attribute of the user, in the map it lives in.
pub enum Attr {
    /// A custom attribute, by name.
    Custom(String),
    /// A standard attribute.
    Standard(&'static str),
    /// A part of the standard `address`.
    Address(&'static str),
}

impl Attr {
    /// Its current value in `map` (the map it lives in).
    pub fn get<'m>(&self, map: &'m Map) -> Option<&'m Value> {
        match self {
            Attr::Custom(k) => map.get(k),
            Attr::Standard(k) => map.get(k),
            Attr::Address(k) => map.get("address")?.get(k),
        }
    }

    /// Write `v` into `map` (the map it lives in).
    pub fn set(&self, map: &mut Map, v: Value) {
        match self {
            Attr::Custom(k) => {
                map.insert(k.clone(), v);
            }
            Attr::Standard(k) => {
                map.insert(k.to_string(), v);
            }
            Attr::Address(k) => {
                // An address that is not an object cannot be extended: replace it.
                let mut addr = match map.get("address") {
                    Some(Value::Object(a)) => a.clone(),
                    _ => Map::new(),
                };
                addr.insert(*k, v);
                map.insert("address", Value::Object(addr));
            }
        }
    }

    /// The attribute called `name` in the config's short vocabulary
    /// (progressive profiling's `ask`, the status line): a standard
    /// attribute ("given_name"), an address part ("address.locality") or a
    /// custom attribute ("custom:company").
    pub fn named(name: &str) -> Option<Attr> {
        if let Some(id) = name.strip_prefix("custom:") {
            return is_name(id).then(|| Attr::Custom(id.to_string()));
        }
        if let Some(part) = name.strip_prefix("address.") {
            return ADDRESS.iter().find(|a| **a == part).map(|a| Attr::Address(a));
        }
        STANDARD.iter().map(|(k, _)| *k).chain(IDENTITY.iter().copied()).find(|k| *k == name).map(Attr::Standard)
    }

    /// Its name in that vocabulary (`Attr::named` reads it back).
    pub fn name(&self) -> String {
        match self {
            Attr::Custom(k) => cat!("custom:{k}"),
            Attr::Standard(k) => k.to_string(),
            Attr::Address(k) => cat!("address.{k}"),
        }
    }

    /// How diagnostics and explain name it.
    pub fn label(&self) -> String {
        match self {
            Attr::Custom(k) => cat!("custom_attributes.{k}"),
            Attr::Standard(k) => cat!("standard_attributes.{k}"),
            Attr::Address(k) => cat!("standard_attributes.address.{k}"),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
/// When a target may be written.
pub enum Policy {
    /// Write only when the attribute is empty (the default): never overwrite what the user has.
    Fill,
    /// Write whenever a source has a valid value.
    Overwrite,
    /// Never write: the value the user has stays, whatever the sources say.
    Never,
}

impl Policy {
    /// The config's names, in one table (the reader and the TypeScript types use it).
    pub const NAMES: &'static [(&'static str, Policy)] =
        &[("fill", Policy::Fill), ("overwrite", Policy::Overwrite), ("never", Policy::Never)];
}

/// Standard attributes a hook may set, with Authgear's format for each.
pub const STANDARD: &[(&str, AttrType)] = &[
    ("name", AttrType::NonEmpty),
    ("given_name", AttrType::NonEmpty),
    ("family_name", AttrType::NonEmpty),
    ("middle_name", AttrType::NonEmpty),
    ("nickname", AttrType::NonEmpty),
    ("gender", AttrType::NonEmpty),
    ("picture", AttrType::Picture),
    ("profile", AttrType::Url),
    ("website", AttrType::Url),
    ("birthdate", AttrType::Birthdate),
    ("zoneinfo", AttrType::Zoneinfo),
    ("locale", AttrType::Locale),
];
/// Names of the standard attributes and address parts a config may map.
pub fn standard_names() -> impl Iterator<Item = &'static str> {
    STANDARD.iter().map(|(k, _)| *k).chain(core::iter::once("address"))
}
/// Authgear's format for a standard attribute a hook may set.
pub fn standard_type(name: &str) -> Option<&'static AttrType> {
    STANDARD.iter().find(|(k, _)| *k == name).map(|(_, t)| t)
}
/// Standard attributes that come from the user's identities: echoed as they are.
pub const IDENTITY: &[&str] = &["email", "phone_number", "preferred_username"];
/// The parts of the standard `address`.
pub const ADDRESS: &[&str] = &["formatted", "street_address", "locality", "region", "postal_code", "country"];

/// Keys of the standard map Authgear derives and strips before it validates
/// (stdattrs WithDerivedAttributesRemoved).
pub const DERIVED: &[&str] = &["updated_at", "email_verified", "phone_number_verified"];
/// What is never echoed back: the derived keys, and `sub`, which Authgear rejects.
pub const NOT_ECHOED: &[&str] = &["sub", "updated_at", "email_verified", "phone_number_verified"];

/// Progressive profiling on token events: the claim, the attributes to ask
/// for in priority order, how many at a time.
pub struct Progressive {
    /// The claim added to the token.
    pub claim: String,
    /// (name as written in the config, attribute) in priority order.
    pub ask: Vec<(String, Attr)>,
    /// How many attributes to ask for at a time.
    pub count: usize,
}

/// The claim when the config names none.
pub const DEFAULT_CLAIM: &str = "https://enrich-hook/claims/ask";
/// How many at a time when the config says nothing.
pub const DEFAULT_COUNT: usize = 2;

impl UserAttrs {
    /// The map an attribute lives in (`None`: unreadable).
    pub fn map_for(&self, attr: &Attr) -> Option<&Map> {
        match attr {
            Attr::Custom(_) => self.custom.as_ref(),
            _ => self.standard.as_ref(),
        }
    }

    /// Whether `attr` already has a value (false when its map is unreadable).
    pub fn is_filled(&self, attr: &Attr) -> bool {
        self.map_for(attr).and_then(|m| attr.get(m)).is_some_and(is_set)
    }
}

/// A custom attribute name as Authgear allows it: a letter, then letters, digits or `_`.
pub fn is_name(n: &str) -> bool {
    n.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
        && n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// A value counts as set unless null or blank.
pub fn is_set(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::String(s) => !s.trim().is_empty(),
        _ => true,
    }
}
