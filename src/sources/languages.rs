//! Locale from `context.preferred_languages`, most preferred first, then
//! `context.language` (the UI language Authgear chose) as the last fallback.
//! Each is a candidate, so an entry that cannot be made canonical falls through.

use crate::event::Event;
use crate::field::Field;
use crate::json::Value;

pub fn candidates(event: &Event, emit: &mut impl FnMut(Field, Value)) {
    let prefs = &event.context.preferred_languages;
    let last = event.context.language.as_ref().filter(|l| !prefs.contains(l));
    for lang in prefs.iter().chain(last) {
        emit(Field::Locale, Value::from(lang.as_str()));
    }
}
