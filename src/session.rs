//! One hook invocation as a sans-IO state machine. `start` reads the config
//! and the event, runs the offline sources and plans the live ones; the host
//! performs the planned requests (concurrently, under the deadline) and
//! reports each answer; `finish` merges everything into the response.
//!
//! The session also tells the host what it may skip: a live source whose
//! every field is already settled by higher-priority sources is not called,
//! or is aborted once that becomes true.

use crate::config::{self, Config};
use crate::event::{self, Event, Kind, Via};
use crate::field::Field;
use crate::json::{Map, Value};
use crate::merge;
use crate::model::{Attr, Policy, Target};
use crate::outcome::{self, Outcome};
use crate::prelude::*;
use crate::progressive;
use crate::providers::{self, Inputs, Request, Verdict};
use crate::sources::{self, Candidate, Source};
use crate::status;
use concat::cat;

/// Offline-only convenience: start a session and finish it at once (live
/// sources, if configured, are left uncalled). The wasm host drives
/// `Session` itself to perform live requests.
pub fn handle(event_json: &str, config_json: &str) -> Outcome {
    Session::start(event_json, config_json).finish()
}

/// The backoff before the one retry a request may get.
pub const RETRY_AFTER_MS: u32 = 100;

/// Bodies are read up to this many bytes (the host stops reading past it
/// and reports `NoAnswer::TooLarge`): a huge or endless body fails its source.
pub const BODY_CAP: u32 = 256 * 1024;

const NO_ANSWER_BY_DEADLINE: &str = "no answer before the deadline";

/// Why a request got no HTTP answer: what the host reports, by name
/// (`NoAnswer::NAMES`, which the TypeScript types take from here).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum NoAnswer {
    /// The request's own timeout (`timeoutMs`) passed.
    Timeout = 0,
    /// The hook's deadline passed with the request still open.
    Deadline = 1,
    /// The body was larger than `BODY_CAP`.
    TooLarge = 2,
    /// Refused, reset, DNS, TLS, a denied permission: worth one retry.
    Network = 3,
    /// Aborted because `unneeded` named it (the core's own decision; no host reports it).
    Unneeded = 4,
    /// Never sent: the runtime would prompt for net access on a terminal
    /// and lose the runner's answer, so the run would hang (`detail`: the
    /// runtime's version). Never retried.
    Prompt = 5,
}

impl NoAnswer {
    /// What a host may report, by the names it reports them with.
    pub const NAMES: &'static [(&'static str, NoAnswer)] = &[
        ("timeout", NoAnswer::Timeout),
        ("deadline", NoAnswer::Deadline),
        ("tooLarge", NoAnswer::TooLarge),
        ("network", NoAnswer::Network),
        ("prompt", NoAnswer::Prompt),
    ];

    /// The outcome a host names `name`, if it is one.
    pub fn named(name: &str) -> Option<NoAnswer> {
        NoAnswer::NAMES.iter().find(|(n, _)| *n == name).map(|(_, k)| *k)
    }
}

/// What bounds a run besides its config: a cap on the sources' deadline
/// (0: none), and the ms the host spent before `start` (a login's budget
/// counts from the event).
#[derive(Clone, Copy, Debug, Default)]
pub struct Limits {
    /// The sources' deadline at most, in ms (0: the config's).
    pub cap_ms: u32,
    /// Spent before the run started, in ms.
    pub elapsed_ms: u32,
}

/// When an attempt ended: ms since the hook was called, and how long it took.
#[derive(Clone, Copy, Debug, Default)]
pub struct Timing {
    /// Since the hook was called.
    pub elapsed_ms: f64,
    /// How long this attempt took.
    pub attempt_ms: f64,
}

/// One invocation: the event and config read, the sources planned, the answers gathered.
pub struct Session {
    /// Set when the config or the event is unusable: the answer is final.
    early: Option<Outcome>,
    cfg: Config,
    event: Option<Event>,
    /// How the answer is written (the event's kind picks it).
    via: Via,
    slots: Vec<Slot>,
    diagnostics: Vec<String>,
    notes: Vec<String>,
    /// `source:code` per failed source, for the status attribute.
    failures: Vec<String>,
    /// Targets whose value was removed on purpose (`status::removed`).
    removed: Vec<Attr>,
    /// Of those, the ones never seen stored (`status::never_seen`).
    never_seen: Vec<Attr>,
    /// Stored custom attributes the config does not declare.
    undeclared: Vec<String>,
    /// The country the user already has (a country target's stored value,
    /// else the address's): every time zone must agree with it.
    country: Option<String>,
    /// A login run's budget (`adminApi`), for the host's Admin API calls.
    login_budget: Option<u32>,
}

/// One configured source's state; ids given to the host are slot indexes.
enum Slot {
    Done(Vec<Candidate>),
    Pending {
        req: Request,
        retried: bool,
    },
    /// A fallback source, planned but held until every source before it
    /// has settled (`promote`).
    Waiting(Request),
    /// Skipped, failed or abandoned: contributes nothing.
    Out,
}

impl Session {
    /// Read the event and the config, run the offline sources, plan the live ones.
    pub fn start(event_json: &str, config_json: &str) -> Session {
        Session::start_with(event_json, config_json, Limits::default())
    }

    /// `start` within `limits`: the login path's budget, or a caller's cap,
    /// leaves the sources less than a signup has.
    pub fn start_with(event_json: &str, config_json: &str, limits: Limits) -> Session {
        let mut s = Session {
            early: None,
            cfg: Config::default(),
            event: None,
            via: Via::Signup,
            slots: vec![],
            diagnostics: vec![],
            notes: vec![],
            failures: vec![],
            removed: vec![],
            never_seen: vec![],
            undeclared: vec![],
            country: None,
            login_budget: None,
        };
        match config::parse(config_json) {
            Ok(mut c) => {
                // Numbers out of range, clamped: said with the run's lines.
                s.diagnostics.extend(c.warnings.iter().cloned());
                if limits.cap_ms > 0 {
                    c.deadline_ms = c.deadline_ms.min(limits.cap_ms);
                }
                // Only a login needs adminApi: its problems leave signups enriched, and are said.
                if let Some(Err(lines)) = &c.admin_api {
                    s.diagnostics.push(cat!("bad config, logins are not enriched: {}", lines.join("; ")));
                }
                s.cfg = c;
            }
            Err(errors) => {
                let more = match errors.len() {
                    1 => String::new(),
                    n => cat!(" (and {} more: {})", n - 1, errors[1..].join("; ")),
                };
                return s.answered(Outcome::allow(), vec![cat!("bad config, enrichment is off: {}{more}", errors[0])]);
            }
        }
        let parsed = crate::json::parse(event_json)
            .map_err(|e| cat!("event is not JSON: {e}"))
            .and_then(|v| event::parse(&v, &mut s.diagnostics));
        let ev = match parsed {
            Ok(ev) => ev,
            Err(e) => {
                let mut lines = core::mem::take(&mut s.diagnostics);
                lines.push(cat!("malformed event, answering without enrichment: {e}"));
                return s.answered(Outcome::allow(), lines);
            }
        };
        s.undeclared = undeclared(&s.cfg, &ev.user);
        #[cfg(any(feature = "login", not(target_arch = "wasm32")))]
        if ev.kind == Kind::Login {
            match &s.cfg.admin_api {
                Some(Err(_)) => {
                    let lines = core::mem::take(&mut s.diagnostics);
                    return s.answered(Outcome::allow(), lines);
                }
                Some(Ok(a)) => match crate::login::deadline_cap(a.budget_ms, limits.elapsed_ms) {
                    Ok(cap) => {
                        s.cfg.deadline_ms = s.cfg.deadline_ms.min(cap);
                        s.login_budget = Some(a.budget_ms);
                    }
                    Err(line) => return s.answered(Outcome::allow(), vec![line]),
                },
                None => {}
            }
        }
        // The event's kind is read once, here: it picks the path and the write.
        let enriched = match ev.kind {
            Kind::Signup => true,
            // The login file's core (feature `login`) enriches at login as at
            // signup; its shim writes the answer through the Admin API.
            Kind::Login => cfg!(any(feature = "login", not(target_arch = "wasm32"))),
            // Our own write's update (the login path, the backfill) has nothing left to fill.
            Kind::ProfileUpdate => s.cfg.on_profile_update && !ev.context.own_write,
            Kind::Token(_) | Kind::Other => false,
        };
        match ev.kind.via().filter(|_| enriched) {
            Some(via) => s.enrich(ev, via),
            None => {
                let out = s.not_enriched(&ev);
                let mut lines = vec![];
                if !s.undeclared.is_empty() {
                    lines.push(merge::undeclared_line(&s.undeclared, false));
                }
                s.answered(out, lines)
            }
        }
    }

    /// The final answer already: `out` with `lines` after its own.
    fn answered(mut self, mut out: Outcome, lines: Vec<String>) -> Session {
        out.diagnostics.extend(lines);
        self.early = Some(out);
        self
    }

    /// What the memory of the status line and the stored country say, then the plan.
    fn enrich(mut self, ev: Event, via: Via) -> Session {
        if via == Via::Update {
            // The user (or an admin) just set these values: fill only, never overwrite.
            for t in &mut self.cfg.targets {
                if t.policy == Policy::Overwrite {
                    t.policy = Policy::Fill;
                }
            }
        }
        let line = status::stored(self.cfg.status.as_ref(), &ev.user);
        self.removed = status::removed(line, &self.cfg.targets, &ev.user);
        self.never_seen = status::never_seen(line, &self.cfg.targets, &ev.user);
        if !self.never_seen.is_empty() {
            let names: Vec<String> = self.never_seen.iter().map(Attr::name).collect();
            self.diagnostics.push(cat!(
                "{}: set by enrich-hook, never seen stored, empty now: Authgear drops a custom attribute the project does not define (is each defined in Portal > User Profile > Custom Attributes?), or someone cleared it; not filled again",
                names.join(", ")
            ));
        }
        self.country = stored_country(&self.cfg.targets, &ev.user);
        self.via = via;
        self.plan(&ev);
        self.event = Some(ev);
        self
    }

    /// The answer to an event the hook does not enrich: the progressive
    /// claim on a token event, else `{"is_allowed": true}` (and why, for explain).
    fn not_enriched(&self, ev: &Event) -> Outcome {
        let mut out = Outcome::allow();
        let name = &ev.type_name;
        let Kind::Token(key) = ev.kind else {
            let _why: String = match ev.kind {
                _ if ev.context.own_write => "this update is enrich-hook's own write: nothing to do".into(),
                Kind::ProfileUpdate => "profile updates are not enriched unless onProfileUpdate is true".into(),
                _ => cat!("event type {name}: nothing to do"),
            };
            note!(out.notes, _why);
            return out;
        };
        out.diagnostics.extend(self.cfg.warnings.iter().cloned());
        let Some(p) = &self.cfg.progressive else {
            note!(out.notes, cat!("event type {name}: progressive profiling is not configured"));
            return out;
        };
        match progressive::mutations(p, ev, key) {
            Ok(Some((m, _asked))) => {
                note!(out.notes, cat!("progressive profiling: {} = {}", p.claim, _asked));
                out.response = outcome::allowed(Some(m));
            }
            Ok(None) => out
                .diagnostics
                .push(cat!("{name}: no readable token payload or user attributes; the claim is left out")),
            Err(why) => {
                out.diagnostics.push(cat!("{name}: {why} \"{}\"; left as it is (changing it fails the login)", p.claim))
            }
        }
        out
    }

    fn plan(&mut self, ev: &Event) {
        let trigger = ev.context.triggered_by.as_deref().unwrap_or("user");
        let inputs = Inputs {
            ip: ev.context.ip_address.clone(),
            email: ev.email.as_ref().map(|e| e.trim().to_ascii_lowercase()),
            company_domain: sources::company_domain(ev, &self.cfg.free_mail_domains),
        };
        for i in 0..self.cfg.sources.len() {
            let src = &self.cfg.sources[i];
            let name = src.name().to_string();
            let skip = |why: String| (Slot::Out, Some(cat!("{name}: skipped, {why}")));
            let (slot, _note) = if src.from_request() && !self.cfg.request_fields_for.iter().any(|t| t == trigger) {
                skip(cat!(
                    "the event was triggered by {trigger}; request-derived values are written only for {}",
                    self.cfg.request_fields_for.join(", ")
                ))
            } else {
                match src {
                    Source::Offline(o) => {
                        let (mut c, why) =
                            sources::offline(*o, ev, &self.cfg.free_mail_domains, self.country.as_deref());
                        self.agree(&mut c);
                        (Slot::Done(c), why.map(|w| cat!("{name}: {w}")))
                    }
                    Source::Live(p) => {
                        let ip_problem = match (&p.input, &inputs.ip) {
                            (providers::Input::Ip, Some(ip)) => crate::net::non_public_reason(ip),
                            _ => None,
                        };
                        if let Some(why) = ip_problem {
                            skip(cat!("the IP address is {why}"))
                        } else if !self.could_help(i, &ev.user) {
                            skip("not needed: every attribute it could fill is already filled or settled by a higher-priority source".into())
                        } else {
                            match providers::build(p, &inputs) {
                                Ok(mut req) => {
                                    req.timeout_ms = req.timeout_ms.min(self.cfg.deadline_ms);
                                    if p.fallback {
                                        (Slot::Waiting(req), None)
                                    } else {
                                        (Slot::Pending { req, retried: false }, None)
                                    }
                                }
                                Err(why) => skip(why),
                            }
                        }
                    }
                }
            };
            #[cfg(any(feature = "explain", not(target_arch = "wasm32")))]
            self.notes.extend(_note);
            self.slots.push(slot);
        }
        self.promote(&ev.user, 0.0);
    }

    /// Release each fallback source whose predecessors have all settled:
    /// into the plan if it can still fill a target and its timeout fits in
    /// what is left of the deadline; otherwise out, with the reason.
    fn promote(&mut self, user: &event::UserAttrs, elapsed_ms: f64) {
        for i in 0..self.slots.len() {
            if matches!(self.slots[i], Slot::Pending { .. }) {
                return; // nothing after an unsettled source may start
            }
            let Slot::Waiting(req) = &self.slots[i] else { continue };
            let left = self.cfg.deadline_ms as f64 - elapsed_ms;
            let (timeout, needed) = (req.timeout_ms, self.could_help(i, user));
            self.slots[i] = if !needed {
                note!(self.notes, cat!("{}: skipped, not needed after the sources before it", self.provider_name(i)));
                Slot::Out
            } else if left < timeout as f64 {
                self.failures.push(cat!("{}:skipped", self.provider_name(i)));
                note!(
                    self.notes,
                    cat!(
                        "{}: skipped, {} ms of the deadline left, its timeout is {timeout} ms",
                        self.provider_name(i),
                        left as u32
                    )
                );
                Slot::Out
            } else {
                if let Slot::Waiting(req) = core::mem::replace(&mut self.slots[i], Slot::Out) {
                    self.slots[i] = Slot::Pending { req, retried: false };
                }
                return; // the ones after it wait for it
            };
        }
    }

    /// `promote` after an answer settled a source.
    fn settled(&mut self, elapsed_ms: f64) {
        if let Some(ev) = self.event.take() {
            self.promote(&ev.user, elapsed_ms);
            self.event = Some(ev);
        }
    }

    /// The fields a source can produce (a country implies its time zone).
    fn fields_of(&self, i: usize) -> Vec<Field> {
        match &self.cfg.sources[i] {
            Source::Offline(_) => Field::ALL.to_vec(),
            Source::Live(p) => {
                let mut f: Vec<Field> = p.fields.iter().map(|(f, _)| *f).collect();
                if f.contains(&Field::Country) {
                    f.push(Field::Timezone);
                }
                f
            }
        }
    }

    /// Whether a source before `i` has already given `t` a valid value.
    fn settled_before(&self, i: usize, t: &Target) -> bool {
        self.slots[..i.min(self.slots.len())].iter().any(|s| match s {
            Slot::Done(c) => c.iter().any(|c| c.field == t.field && t.accept(&c.value).is_ok()),
            _ => false,
        })
    }

    fn could_help(&self, i: usize, user: &event::UserAttrs) -> bool {
        let fields = self.fields_of(i);
        self.cfg
            .targets
            .iter()
            .any(|t| fields.contains(&t.field) && merge::is_open(t, user, &self.removed) && !self.settled_before(i, t))
    }

    /// Drop a source's time zones that disagree with the country the user
    /// already has: one is kept only if it is that country's zone, or the
    /// source gives that country too. The stored country wins (the
    /// `profile` source derives its zone), or no zone is set.
    fn agree(&mut self, cands: &mut Vec<Candidate>) {
        let Some(cc) = &self.country else { return };
        let zone = crate::validate::zone::for_country(cc);
        let country = |c: &Candidate| c.value.as_str().and_then(crate::validate::country::normalize);
        if cands.iter().any(|c| c.field == Field::Country && country(c).as_ref() == Some(cc)) {
            return;
        }
        let before = cands.len();
        cands.retain(|c| c.field != Field::Timezone || c.value.as_str() == zone);
        if cands.len() < before {
            note!(self.notes, cat!("time zones dropped: not of {cc}, the country the user has"));
        }
    }

    /// Requests to perform now: `(id, request)`.
    pub fn requests(&self) -> Vec<(usize, Request)> {
        self.pending_ids().filter_map(|i| Some((i, self.request(i)?.clone()))).collect()
    }

    /// Ids of the requests still to perform or under way.
    pub fn pending_ids(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.slots.len()).filter(|&i| self.request(i).is_some())
    }

    /// Pending request `id`, if it is one.
    pub fn request(&self, id: usize) -> Option<&Request> {
        match self.slots.get(id) {
            Some(Slot::Pending { req, .. }) => Some(req),
            _ => None,
        }
    }

    /// The live source behind request `id`.
    pub fn provider(&self, id: usize) -> Option<&providers::Provider> {
        match self.cfg.sources.get(id)? {
            Source::Live(p) => Some(p),
            Source::Offline(_) => None,
        }
    }

    /// The overall deadline, in ms from the call.
    pub fn deadline_ms(&self) -> u32 {
        self.cfg.deadline_ms
    }

    fn provider_name(&self, id: usize) -> String {
        self.cfg.sources.get(id).map_or_else(String::new, |s| s.name().to_string())
    }

    /// `code` is what the status attribute shows: an HTTP status, `timeout`, `error`.
    fn fail(&mut self, id: usize, why: &str, code: &str) {
        self.failures.push(cat!("{}:{code}", self.provider_name(id)));
        // Host error messages may quote the request (URL, headers): never its key.
        let mut why = why.to_string();
        if let Some(Source::Live(p)) = self.cfg.sources.get(id) {
            if let Some(k) = p.key.as_deref().filter(|k| !k.is_empty()) {
                why = why.replace(k, "<key>").replace(&crate::digest::base64(k.as_bytes()), "<key>");
            }
        }
        let why = why.as_str();
        self.diagnostics.push(cat!("source {} failed: {why}", self.provider_name(id)));
        note!(self.notes, cat!("{}: failed, {why}", self.provider_name(id)));
        self.slots[id] = Slot::Out;
    }

    /// An HTTP answer for request `id` (the body already capped by the host).
    /// `Some(ms)`: try again after that long (`providers::judge` decides
    /// what may be retried, `may_retry` whether the budget allows it).
    pub fn on_response(
        &mut self,
        id: usize,
        status: u16,
        retry_after: Option<&str>,
        body: &str,
        t: Timing,
    ) -> Option<u32> {
        if !matches!(self.slots.get(id), Some(Slot::Pending { .. })) {
            return None;
        }
        let again = self.judge(id, status, retry_after, body, t);
        if again.is_none() {
            self.settled(t.elapsed_ms);
        }
        again
    }

    /// The answer judged, the slot updated; `Some(ms)` to retry.
    fn judge(&mut self, id: usize, status: u16, retry_after: Option<&str>, body: &str, t: Timing) -> Option<u32> {
        let Some(Source::Live(p)) = self.cfg.sources.get(id) else { return None };
        match providers::judge(p, status, retry_after, body) {
            Verdict::Values(values, problems) => {
                let name = p.name.clone();
                let mut c: Vec<Candidate> =
                    values.into_iter().map(|(field, value)| Candidate { field, value, source: name.clone() }).collect();
                sources::derive_timezones(&mut c);
                self.agree(&mut c);
                note!(self.notes, {
                    let got: Vec<&str> = c.iter().map(|c| c.field.name()).collect();
                    cat!(
                        "{name}: HTTP {status}, gave {}",
                        if got.is_empty() { "nothing".into() } else { got.join(", ") }
                    )
                });
                for pr in problems {
                    self.diagnostics.push(cat!("source {name}: ignored {pr}"));
                }
                self.slots[id] = Slot::Done(c);
            }
            Verdict::NoMatch => {
                note!(self.notes, cat!("{}: no match (HTTP {status})", p.name));
                self.slots[id] = Slot::Done(vec![]);
            }
            Verdict::Failed { why, kind, retry } => {
                if retry && self.may_retry(id, t) {
                    return Some(RETRY_AFTER_MS);
                }
                let code = crate::pieces::int(status as i64);
                let code = if kind.is_empty() { code } else { cat!("{code}-{kind}") };
                self.fail(id, &why, &code)
            }
        }
        None
    }

    /// A request that got no HTTP answer, as the host reports it: a code,
    /// and for a network error its known cause (`TypeError (connection
    /// refused)`). Only a network error is worth a retry. `Some(ms)`: as
    /// `on_response`.
    pub fn on_error(&mut self, id: usize, kind: NoAnswer, detail: &str, t: Timing) -> Option<u32> {
        let Some(Slot::Pending { req, .. }) = self.slots.get(id) else { return None };
        let timeout = req.timeout_ms;
        let why = match kind {
            NoAnswer::Network if self.may_retry(id, t) => return Some(RETRY_AFTER_MS),
            NoAnswer::Unneeded => {
                self.abandon(id, false);
                self.settled(t.elapsed_ms);
                return None;
            }
            NoAnswer::Network => detail.to_string(),
            NoAnswer::Prompt => {
                // One line for the run, not one per source.
                if !self.failures.iter().any(|f| f.ends_with(":prompt")) {
                    self.diagnostics.push(cat!(
                        "live requests skipped: Deno {} would prompt for net access and lose the runner's answer; run authgear-deno on Deno 1.41.3 (README: Self-hosted Authgear)",
                        detail.get(..detail.len().min(16)).unwrap_or_default()
                    ));
                }
                self.failures.push(cat!("{}:prompt", self.provider_name(id)));
                self.slots[id] = Slot::Out;
                self.settled(t.elapsed_ms);
                return None;
            }
            NoAnswer::Timeout => cat!("timed out after {timeout} ms"),
            NoAnswer::Deadline => NO_ANSWER_BY_DEADLINE.into(),
            NoAnswer::TooLarge => cat!("the body is larger than {} KiB", BODY_CAP / 1024),
        };
        self.fail(id, &why, if matches!(kind, NoAnswer::Timeout | NoAnswer::Deadline) { "timeout" } else { "error" });
        self.settled(t.elapsed_ms);
        None
    }

    /// Once per request, and only if the wait plus another attempt as long
    /// as this one still ends before the deadline.
    fn may_retry(&mut self, id: usize, t: Timing) -> bool {
        let deadline = self.cfg.deadline_ms as f64;
        match self.slots.get_mut(id) {
            Some(Slot::Pending { retried, .. })
                if !*retried && t.elapsed_ms + RETRY_AFTER_MS as f64 + t.attempt_ms <= deadline =>
            {
                *retried = true;
                true
            }
            _ => false,
        }
    }

    /// Pending requests that can no longer change the result: every
    /// attribute they could fill is settled by a higher-priority source.
    pub fn unneeded(&self) -> Vec<usize> {
        let Some(ev) = &self.event else { return vec![] };
        self.pending_ids().filter(|&i| !self.could_help(i, &ev.user)).collect()
    }

    /// Give up on a pending request quietly: not needed any more, or (at
    /// `finish`, `timed_out`) still open when the session ends, which counts
    /// as a timeout in the status line.
    fn abandon(&mut self, id: usize, timed_out: bool) {
        if matches!(self.slots.get(id), Some(Slot::Waiting(_))) {
            self.failures.push(cat!("{}:skipped", self.provider_name(id)));
            note!(
                self.notes,
                cat!("{}: skipped, the sources before it were still open at the deadline", self.provider_name(id))
            );
            self.slots[id] = Slot::Out;
        }
        if matches!(self.slots.get(id), Some(Slot::Pending { .. })) {
            if timed_out {
                self.failures.push(cat!("{}:timeout", self.provider_name(id)));
            }
            let _why = if timed_out {
                NO_ANSWER_BY_DEADLINE
            } else {
                "aborted: higher-priority sources settled everything it could fill"
            };
            note!(self.notes, cat!("{}: {_why}", self.provider_name(id)));
            self.slots[id] = Slot::Out;
        }
    }

    /// Merge what the sources gave into the answer.
    pub fn finish(mut self) -> Outcome {
        if let Some(early) = self.early.take() {
            return early;
        }
        for id in 0..self.slots.len() {
            self.abandon(id, true);
        }
        let mut out = Outcome::allow();
        out.diagnostics = self.diagnostics;
        out.notes = self.notes;
        out.login_budget_ms = self.login_budget;
        let Some(ev) = self.event else { return out };
        let cands: Vec<Candidate> = self
            .slots
            .into_iter()
            .flat_map(|s| match s {
                Slot::Done(c) => c,
                _ => vec![],
            })
            .collect();
        let run = merge::Run {
            user: &ev.user,
            cfg: &self.cfg,
            via: self.via,
            removed: &self.removed,
            never_seen: &self.never_seen,
            undeclared: &self.undeclared,
            failures: &self.failures,
        };
        let (user, explained) = merge::merge(&run, &cands, &mut out.diagnostics);
        out.explained = explained;
        if !user.is_empty() {
            let mut m = Map::new();
            m.insert("user", Value::Object(user));
            out.response = outcome::allowed(Some(m));
        }
        out
    }
}

/// Stored custom attributes the config does not declare (the status attribute aside).
fn undeclared(cfg: &Config, user: &event::UserAttrs) -> Vec<String> {
    let Some(m) = &user.custom else { return vec![] };
    m.iter()
        .filter(|(k, v)| !v.is_null() && cfg.status.as_ref() != Some(*k) && !cfg.declared.iter().any(|(d, _)| d == *k))
        .map(|(k, _)| k.clone())
        .collect()
}

/// The country the user already has: the stored value of the first target
/// filled from `country`, else of the address's country, if it is a code.
fn stored_country(targets: &[Target], user: &event::UserAttrs) -> Option<String> {
    let address = Attr::Address("country");
    targets
        .iter()
        .filter(|t| t.field == Field::Country)
        .map(|t| &t.attr)
        .chain(core::iter::once(&address))
        .find_map(|a| user.map_for(a).and_then(|m| a.get(m))?.as_str().and_then(crate::validate::country::normalize))
}
