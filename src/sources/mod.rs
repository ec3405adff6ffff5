//! Offline sources: values the event already carries, no network, no key.
//! Each source turns the event into candidate values for enriched fields;
//! `merge` picks, per attribute, the first candidate (in source order) that
//! passes the attribute's validation.

mod email;
mod geo;
mod languages;
mod profile;

use crate::config::Config;
use crate::event::Event;
use crate::field::Field;
use crate::json::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// What the user or their identity provider already put in the profile.
    Profile,
    /// `context.geo_location_code` (Authgear's own GeoLite2 lookup of the IP).
    Geo,
    /// `context.preferred_languages` (ui_locales or Accept-Language).
    Languages,
    /// The e-mail's domain, unless it is a free-mail provider.
    Email,
}

impl Source {
    pub const ALL: &'static [Source] = &[Source::Profile, Source::Geo, Source::Languages, Source::Email];

    pub fn name(self) -> &'static str {
        match self {
            Source::Profile => "profile",
            Source::Geo => "geo",
            Source::Languages => "languages",
            Source::Email => "email",
        }
    }

    pub fn parse(s: &str) -> Option<Source> {
        Source::ALL.iter().copied().find(|x| x.name() == s)
    }

    pub fn names() -> String {
        Source::ALL.iter().map(|s| s.name()).collect::<Vec<_>>().join(", ")
    }

    /// Whether the source describes the request's sender rather than the
    /// user: when an admin creates the user, that sender is the admin.
    pub fn from_request(self) -> bool {
        matches!(self, Source::Geo | Source::Languages)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub field: Field,
    pub value: Value,
    /// Provenance shown by explain, e.g. "geo" or "geo+tzdata".
    pub source: String,
}

/// Every candidate from the configured sources, in source order. Notes say
/// why a source contributed nothing, for explain.
pub fn collect(event: &Event, cfg: &Config, notes: &mut Vec<String>) -> Vec<Candidate> {
    let trigger = event.context.triggered_by.as_deref().unwrap_or("user");
    let mut out = vec![];
    for &src in &cfg.sources {
        if src.from_request() && !cfg.request_fields_for.iter().any(|t| t == trigger) {
            notes.push(format!(
                "{}: skipped, the event was triggered by {trigger} and request-derived values are written only for {}",
                src.name(),
                cfg.request_fields_for.join(", ")
            ));
            continue;
        }
        let before = out.len();
        let mut emit = |field: Field, value: Value| out.push(Candidate { field, value, source: src.name().to_string() });
        match src {
            Source::Profile => profile::candidates(event, &mut emit),
            Source::Geo => geo::candidates(event, &mut emit),
            Source::Languages => languages::candidates(event, &mut emit),
            Source::Email => email::candidates(event, &cfg.free_mail_domains, &mut emit),
        }
        if out.len() == before {
            notes.push(format!("{}: nothing in this event", src.name()));
        }
    }
    derive_timezones(&mut out);
    out
}

/// A country with a single time zone gives that zone, with the country's
/// provenance, right after the source's own candidates.
fn derive_timezones(out: &mut Vec<Candidate>) {
    let mut i = 0;
    while i < out.len() {
        if out[i].field == Field::Country {
            let zone = out[i].value.as_str().and_then(crate::validate::country::normalize).and_then(|c| crate::validate::zone::for_country(&c));
            if let Some(zone) = zone {
                let source = format!("{}+tzdata", out[i].source);
                out.insert(i + 1, Candidate { field: Field::Timezone, value: Value::from(zone), source });
                i += 1;
            }
        }
        i += 1;
    }
}
