//! Locale from `context.preferred_languages`, most preferred first, then
//! `context.language` (the UI language Authgear chose) as the last fallback.
//! Each is a candidate, so an entry that cannot be made canonical falls through.

use crate::event::Event;
use crate::field::Field;
use crate::json::Value;

pub fn candidates(event: &Event, emit: &mut impl FnMut(Field, Value)) {
    for lang in event.context.preferred_languages.iter().chain(&event.context.language) {
        emit(Field::Locale, Value::from(lang.as_str()));
    }
}
