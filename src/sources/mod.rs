//! Sources, in the admin's priority order. Offline ones read values the
//! event already carries (no network, no key); live ones are provider specs
//! (`providers`) that `session` calls. Each turns into candidate values for
//! enriched fields; `merge` picks, per attribute, the first candidate (in
//! source order) that passes the attribute's validation.

use crate::prelude::*;
use concat::cat;
mod email;
mod geo;
mod languages;
mod profile;

use crate::event::Event;
use crate::field::Field;
use crate::json::Value;
use crate::providers::{Input, Provider};

#[derive(Clone, Debug)]
/// A source in the config's list.
pub enum Source {
    /// A built-in source.
    Offline(Offline),
    /// A provider called over HTTP.
    Live(Box<Provider>),
}

impl Source {
    /// Its name in logs and explain.
    pub fn name(&self) -> &str {
        match self {
            Source::Offline(o) => o.name(),
            Source::Live(p) => &p.name,
        }
    }

    /// Whether the source describes the request's sender rather than the
    /// user: when an admin creates the user, that sender is the admin.
    pub fn from_request(&self) -> bool {
        match self {
            Source::Offline(o) => matches!(o, Offline::Geo | Offline::Languages),
            Source::Live(p) => p.input == Input::Ip,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
/// The built-in sources: no key, no network.
pub enum Offline {
    /// What the user or their identity provider already put in the profile.
    Profile,
    /// `context.geo_location_code` (Authgear's own GeoLite2 lookup of the IP).
    Geo,
    /// `context.preferred_languages` (ui_locales or Accept-Language).
    Languages,
    /// The e-mail's domain, unless it is a free-mail provider.
    Email,
}

impl Offline {
    /// Every built-in source, in the default order.
    pub const ALL: &'static [Offline] = &[Offline::Profile, Offline::Geo, Offline::Languages, Offline::Email];

    /// Its name in the config.
    pub fn name(self) -> &'static str {
        match self {
            Offline::Profile => "profile",
            Offline::Geo => "geo",
            Offline::Languages => "languages",
            Offline::Email => "email",
        }
    }

    /// The built-in source called `s`, if any.
    pub fn parse(s: &str) -> Option<Offline> {
        Offline::ALL.iter().copied().find(|x| x.name() == s)
    }

    /// Their names, for messages.
    pub fn names() -> String {
        Offline::ALL.iter().map(|s| s.name()).collect::<Vec<_>>().join(", ")
    }
}

#[derive(Clone, Debug, PartialEq)]
/// A value a source offers for a field.
pub struct Candidate {
    /// The field.
    pub field: Field,
    /// The value, before the attribute's checks.
    pub value: Value,
    /// Provenance shown by explain, e.g. "geo" or "geo+tzdata".
    pub source: String,
}

/// The candidates an offline source finds in the event, in its own order,
/// and, when it finds none, why (for explain).
/// `extra_free`: the config's `freeMailDomains`; `country`: the one the
/// user already has (`profile` offers its time zone).
pub fn offline(
    src: Offline,
    event: &Event,
    extra_free: &[String],
    country: Option<&str>,
) -> (Vec<Candidate>, Option<String>) {
    let mut out = vec![];
    let mut emit = |field: Field, value: Value| out.push(Candidate { field, value, source: src.name().to_string() });
    let why = match src {
        Offline::Profile => {
            profile::candidates(event, &mut emit);
            None
        }
        Offline::Geo => {
            geo::candidates(event, &mut emit);
            Some("context.geo_location_code is null or missing".into())
        }
        Offline::Languages => {
            languages::candidates(event, &mut emit);
            Some("context.preferred_languages is empty".into())
        }
        Offline::Email => email::candidates(event, extra_free, &mut emit),
    };
    derive_timezones(&mut out);
    // The zone of the country the user already has (not the country itself,
    // which would outrank an `overwrite` target's other sources).
    if let (Offline::Profile, Some(zone)) = (src, country.and_then(crate::validate::zone::for_country)) {
        out.push(Candidate { field: Field::Timezone, value: Value::from(zone), source: "profile+tzdata".into() });
    }
    let why = out.is_empty().then(|| why.unwrap_or_else(|| "nothing in this event".into()));
    (out, why)
}

/// The company's domain for domain-keyed sources: Google's verified `hd`
/// first, else a work e-mail's domain (never a free-mail one). `Err`: why none.
pub fn company_domain(event: &Event, extra_free: &[String]) -> Result<String, String> {
    match profile::hosted_domain(event) {
        Some(d) if !extra_free.contains(&d) => Ok(d),
        _ => email::work_domain(event, extra_free),
    }
}

/// A country with a single time zone gives that zone, with the country's
/// provenance, right after the source's own candidates.
pub fn derive_timezones(out: &mut Vec<Candidate>) {
    let mut i = 0;
    while i < out.len() {
        if out[i].field == Field::Country {
            let zone = out[i]
                .value
                .as_str()
                .and_then(crate::validate::country::normalize)
                .and_then(|c| crate::validate::zone::for_country(&c));
            if let Some(zone) = zone {
                let source = cat!("{}+tzdata", out[i].source);
                out.insert(i + 1, Candidate { field: Field::Timezone, value: Value::from(zone), source });
                i += 1;
            }
        }
        i += 1;
    }
}
