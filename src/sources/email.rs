//! Company domain and website from the e-mail's domain, skipping free-mail
//! and disposable providers (built in, plus the config's own list).

use crate::data::free_mail::is_free_mail;
use crate::event::Event;
use crate::field::Field;
use crate::json::Value;
use crate::prelude::*;
use crate::validate::email::domain_of;
use concat::format;

/// Emits the company fields, or says why there are none (for explain).
pub fn candidates(event: &Event, extra_free: &[String], emit: &mut impl FnMut(Field, Value)) -> Option<String> {
    let Some(domain) = event.email.as_deref().and_then(domain_of) else {
        return Some("the user has no usable e-mail address".into());
    };
    if is_free_mail(&domain) || extra_free.contains(&domain) {
        return Some(format!("{domain} is a free-mail provider, not an employer"));
    }
    emit(Field::CompanyDomain, Value::from(domain.as_str()));
    emit(Field::CompanyWebsite, Value::from(format!("https://{domain}")));
    None
}
