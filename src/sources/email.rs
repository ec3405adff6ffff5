//! Company domain and website from the e-mail's domain, skipping free-mail
//! and disposable providers (built in, plus the config's own list).

use crate::data::free_mail::is_free_mail;
use crate::event::Event;
use crate::field::Field;
use crate::json::Value;
use crate::prelude::*;
use crate::validate::email::domain_of;

pub fn candidates(event: &Event, extra_free: &[String], emit: &mut impl FnMut(Field, Value)) {
    let Some(domain) = event.email.as_deref().and_then(domain_of) else { return };
    if is_free_mail(&domain) || extra_free.contains(&domain) {
        return;
    }
    emit(Field::CompanyDomain, Value::from(domain.as_str()));
    emit(Field::CompanyWebsite, Value::from(format!("https://{domain}")));
}
