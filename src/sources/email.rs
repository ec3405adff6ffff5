//! Company domain and website from the e-mail's domain, skipping free-mail
//! and disposable providers (built in, plus the config's own list).

use crate::data::free_mail::is_free_mail;
use crate::event::Event;
use crate::field::Field;
use crate::json::Value;
use crate::prelude::*;
use crate::validate::email::domain_of;
use concat::cat;

/// Emits the company fields, or says why there are none (for explain).
pub fn candidates(event: &Event, extra_free: &[String], emit: &mut impl FnMut(Field, Value)) -> Option<String> {
    let domain = match work_domain(event, extra_free) {
        Ok(d) => d,
        Err(why) => return Some(why),
    };
    emit(Field::CompanyDomain, Value::from(domain.as_str()));
    emit(Field::CompanyWebsite, Value::from(cat!("https://{domain}")));
    None
}

/// The e-mail's domain when it can be an employer's: a valid host name, not
/// a free-mail or disposable provider. `Err`: why not.
pub fn work_domain(event: &Event, extra_free: &[String]) -> Result<String, String> {
    let domain = event.email.as_deref().and_then(domain_of).ok_or("the user has no usable e-mail address")?;
    if is_free_mail(&domain) || extra_free.contains(&domain) {
        return Err(cat!("{domain} is a free-mail provider, not an employer"));
    }
    Ok(domain)
}
