//! Values the profile already has (typed by the user or filled from the
//! identity provider's claims), so they can be copied into other attributes.

use crate::event::Event;
use crate::field::Field;
use crate::json::Value;

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

pub fn candidates(event: &Event, emit: &mut impl FnMut(Field, Value)) {
    let Some(std) = &event.user.standard else { return };
    let address = std.get("address").and_then(Value::as_object);
    let pairs = FROM_STANDARD.iter().map(|(k, f)| (std.get(k), *f));
    let pairs = pairs.chain(FROM_ADDRESS.iter().map(|(k, f)| (address.and_then(|a| a.get(k)), *f)));
    for (value, field) in pairs {
        if let Some(v @ Value::String(s)) = value {
            if !s.trim().is_empty() {
                emit(field, v.clone());
            }
        }
    }
}
