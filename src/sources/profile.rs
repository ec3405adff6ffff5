//! Values the profile already has (typed by the user or filled from the
//! identity provider's claims), so they can be copied into other attributes;
//! then what the OAuth provider's raw profile adds: names, picture and locale
//! where the standard attributes lack them, and Google's `hd` (the verified
//! Workspace domain), a surer company domain than the e-mail's.

use crate::event::Event;
use crate::field::Field;
use crate::json::Value;
use crate::prelude::*;

const FROM_STANDARD: &[(&str, Field)] = &[
    ("name", Field::Name),
    ("given_name", Field::GivenName),
    ("family_name", Field::FamilyName),
    ("picture", Field::AvatarUrl),
    ("zoneinfo", Field::Timezone),
    ("locale", Field::Locale),
];
const FROM_ADDRESS: &[(&str, Field)] = &[
    ("country", Field::Country),
    ("region", Field::Region),
    ("locality", Field::City),
    ("postal_code", Field::PostalCode),
];

const FROM_OAUTH: &[(&str, Field)] = &[
    ("given_name", Field::GivenName),
    ("family_name", Field::FamilyName),
    ("name", Field::Name),
    ("picture", Field::AvatarUrl),
    ("locale", Field::Locale),
];

pub fn candidates(event: &Event, emit: &mut impl FnMut(Field, Value)) {
    standard(event, emit);
    let Some(p) = &event.oauth_profile else { return };
    for (k, f) in FROM_OAUTH {
        text(p.get(k), *f, emit);
    }
    if let Some(d) = hosted_domain(event) {
        emit(Field::CompanyDomain, Value::from(d.as_str()));
        emit(Field::CompanyWebsite, Value::from(["https://", &d].concat()));
    }
}

/// Google's `hd`, when it is a valid host name.
pub fn hosted_domain(event: &Event) -> Option<String> {
    let hd = event.oauth_profile.as_ref()?.get("hd")?.as_str()?.to_ascii_lowercase();
    crate::validate::email::is_domain(&hd).then_some(hd)
}

fn standard(event: &Event, emit: &mut impl FnMut(Field, Value)) {
    let Some(std) = &event.user.standard else { return };
    let address = std.get("address").and_then(Value::as_object);
    let pairs = FROM_STANDARD.iter().map(|(k, f)| (std.get(k), *f));
    let pairs = pairs.chain(FROM_ADDRESS.iter().map(|(k, f)| (address.and_then(|a| a.get(k)), *f)));
    for (value, field) in pairs {
        text(value, field, emit);
    }
}

/// Emits `value` for `field` when it is a non-blank string.
fn text(value: Option<&Value>, field: Field, emit: &mut impl FnMut(Field, Value)) {
    if let Some(v @ Value::String(s)) = value {
        if !s.trim().is_empty() {
            emit(field, v.clone());
        }
    }
}
