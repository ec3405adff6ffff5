//! Country from `context.geo_location_code`: Authgear's own lookup of the IP.

use crate::event::Event;
use crate::field::Field;
use crate::json::Value;

pub fn candidates(event: &Event, emit: &mut impl FnMut(Field, Value)) {
    if let Some(cc) = &event.context.geo_location_code {
        emit(Field::Country, Value::from(cc.as_str()));
    }
}
