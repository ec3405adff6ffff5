//! The login path's part of the config (`adminApi`, the login file only):
//! where the Admin API is, and how long a login run may take. Read and
//! checked here like every other key; the TypeScript (js-shim/login.ts)
//! takes the endpoint and the token as written once the core accepted them,
//! and the budget as the core clamped it (the final Step's `login`).

use crate::json::Value;
use crate::prelude::*;
use crate::reader::Reader;
use concat::cat;

/// The `adminApi` block, checked.
#[derive(Clone, Debug, PartialEq)]
pub struct AdminApi {
    /// The whole login run, Admin API calls included, in ms.
    pub budget_ms: u32,
}

/// The keys of `adminApi`.
pub const KEYS: &[&str] = &["endpoint", "token", "timeoutMs", "allowHttp"];
/// A login run's budget when `timeoutMs` is not given.
pub const DEFAULT_BUDGET_MS: u32 = 3000;
/// The budget's bounds: a login is non-blocking, but its run holds one of
/// authgear-deno's 10 slots, which signups share.
pub const BUDGET_MS: (u32, u32) = (1000, 10000);
/// Kept out of the sources' deadline for the read of `updatedAt` and the write.
pub const WRITE_RESERVE_MS: u32 = 800;

impl Reader {
    /// `adminApi`: `Ok` when usable; else its problems, one line each
    /// (only a login needs it, so they refuse logins, not signups).
    pub fn admin_api(&mut self, path: &str, v: &Value) -> Result<AdminApi, Vec<String>> {
        let mut r = Reader::default();
        let mut api = AdminApi { budget_ms: DEFAULT_BUDGET_MS };
        if let Some(m) = r.object(path, v) {
            let allow_http = match m.get("allowHttp") {
                Some(f) => r.flag(&cat!("{path}.allowHttp"), f),
                None => false,
            };
            for key in m.keys().filter(|k| !KEYS.contains(&k.as_str())) {
                r.err(&cat!("{path}.{key}"), cat!("unknown key (expected {})", KEYS.join(", ")));
            }
            match m.get("endpoint").map(|e| (e.as_str(), e)) {
                Some((Some(e), _)) => {
                    if let Err(why) = check_endpoint(e, allow_http) {
                        r.err(&cat!("{path}.endpoint"), why);
                    }
                }
                _ => {
                    r.err(&cat!("{path}.endpoint"), "expected the project's origin, e.g. https://myapp.authgear.cloud")
                }
            }
            // Never quoted: it is a credential.
            if !m.get("token").and_then(Value::as_str).is_some_and(is_jwt) {
                r.err(&cat!("{path}.token"), "must be the JWT `node backfill/login-token.mjs` prints");
            }
            if let Some(t) = m.get("timeoutMs") {
                match r.clamped(&cat!("{path}.timeoutMs"), t, BUDGET_MS.0 as f64, BUDGET_MS.1 as f64) {
                    Some(n) => api.budget_ms = n as u32,
                    None => r.err(
                        &cat!("{path}.timeoutMs"),
                        cat!("expected milliseconds from {} to {}", BUDGET_MS.0, BUDGET_MS.1),
                    ),
                }
            }
        }
        self.warnings.extend(r.warnings);
        if r.errors.is_empty() {
            Ok(api)
        } else {
            Err(r.errors)
        }
    }
}

/// An origin: `https://host[:port][/]`; `http://` only to a loopback host with `allowHttp`.
fn check_endpoint(url: &str, allow_http: bool) -> Result<(), &'static str> {
    const ORIGIN: &str = "must be an origin, e.g. https://myapp.authgear.cloud";
    let rest = match url.split_once("://") {
        Some((s, rest)) if s.eq_ignore_ascii_case("https") => rest,
        Some((s, rest)) if s.eq_ignore_ascii_case("http") && allow_http && is_loopback(rest) => rest,
        _ => return Err("must be an absolute https:// URL (http:// only to a loopback address, with allowHttp)"),
    };
    let host = rest.strip_suffix('/').unwrap_or(rest);
    let clean = crate::validate::url::check(url, true).is_ok();
    if !clean || host.is_empty() || host.contains(['/', '?', '#', '@', '\\']) {
        return Err(ORIGIN);
    }
    Ok(())
}

/// Whether an authority (`host[:port]...`) names this machine.
fn is_loopback(rest: &str) -> bool {
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let auth = &rest[..end];
    let host = match auth.rsplit_once(':') {
        Some((h, p)) if !h.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) && !auth.ends_with(']') => h,
        _ => auth,
    };
    ["127.0.0.1", "localhost", "[::1]"].iter().any(|l| host.eq_ignore_ascii_case(l))
}

/// Three dot-separated base64url parts, as a JWT is written.
fn is_jwt(t: &str) -> bool {
    let parts: Vec<&str> = t.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))
}

/// What the sources may take of a login run that has used `elapsed_ms` of
/// `budget_ms`: the rest less the write's reserve; `Err`: too little to try.
pub fn deadline_cap(budget_ms: u32, elapsed_ms: u32) -> Result<u32, String> {
    let cap = budget_ms.saturating_sub(elapsed_ms).saturating_sub(WRITE_RESERVE_MS);
    if cap < 100 {
        return Err(cat!("login: adminApi.timeoutMs ({budget_ms} ms) left no time to enrich; nothing written"));
    }
    Ok(cap)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> (Result<AdminApi, Vec<String>>, Vec<String>) {
        let mut r = Reader::default();
        let v = crate::json::parse(json).unwrap();
        let got = r.admin_api("config.adminApi", &v);
        (got, r.warnings)
    }

    const JWT: &str = "eyJh.eyJz.c2ln";

    #[test]
    fn an_origin_and_a_jwt_are_taken() {
        for e in ["https://myapp.authgear.cloud", "https://myapp.authgear.cloud/", "https://auth.example.com:8443"] {
            let (got, warn) = read(&format!(r#"{{"endpoint": "{e}", "token": "{JWT}"}}"#));
            assert_eq!(got, Ok(AdminApi { budget_ms: DEFAULT_BUDGET_MS }), "{e}");
            assert!(warn.is_empty());
        }
        for e in ["http://127.0.0.1:3000", "http://localhost:3000/", "http://[::1]:80"] {
            let (got, _) = read(&format!(r#"{{"endpoint": "{e}", "token": "{JWT}", "allowHttp": true}}"#));
            assert!(got.is_ok(), "{e}: {got:?}");
        }
    }

    #[test]
    fn anything_else_is_named_never_quoting_the_token() {
        let cases = [
            (
                r#"{"endpoint": "http://myapp.authgear.cloud", "token": "a.b.c"}"#,
                "endpoint: must be an absolute https://",
            ),
            (
                r#"{"endpoint": "http://10.0.0.1", "token": "a.b.c", "allowHttp": true}"#,
                "endpoint: must be an absolute https://",
            ),
            (r#"{"endpoint": "http://localhost", "token": "a.b.c"}"#, "endpoint: must be an absolute https://"),
            (r#"{"endpoint": "https://x.example/_api/admin", "token": "a.b.c"}"#, "endpoint: must be an origin"),
            (r#"{"endpoint": "https://u:p@x.example", "token": "a.b.c"}"#, "endpoint: must be an origin"),
            (r#"{"endpoint": "https://x.example?a=1", "token": "a.b.c"}"#, "endpoint: must be an origin"),
            (r#"{"endpoint": "myapp.authgear.cloud", "token": "a.b.c"}"#, "endpoint: must be an absolute https://"),
            (r#"{"token": "a.b.c"}"#, "endpoint: expected the project's origin"),
            (r#"{"endpoint": "https://x.example", "token": "sk_live_secret"}"#, "token: must be the JWT"),
            (r#"{"endpoint": "https://x.example", "token": "a.b.c", "key": "x"}"#, "key: unknown key"),
            (
                r#"{"endpoint": "https://x.example", "token": "a.b.c", "timeoutMs": "3s"}"#,
                "timeoutMs: expected milliseconds",
            ),
            (r#""https://x.example""#, "expected an object"),
        ];
        for (json, want) in cases {
            let (got, _) = read(json);
            let errs = got.expect_err(json);
            assert!(errs.iter().any(|e| e.contains(want)), "{json}: {errs:?}");
            assert!(errs.iter().all(|e| !e.contains("secret")), "{errs:?}");
            // Every line is scrubbed of addresses before it is said: ours must read the same after.
            assert!(errs.iter().all(|e| crate::diag::scrub(e) == *e), "{errs:?}");
        }
    }

    #[test]
    fn the_budget_is_clamped_with_a_line() {
        let (got, warn) = read(r#"{"endpoint": "https://x.example", "token": "a.b.c", "timeoutMs": 60000}"#);
        assert_eq!(got, Ok(AdminApi { budget_ms: 10000 }));
        assert_eq!(warn, ["config.adminApi.timeoutMs: 60000 is above 1000..10000; 10000 is used"]);
        let (got, _) = read(r#"{"endpoint": "https://x.example", "token": "a.b.c", "timeoutMs": 10}"#);
        assert_eq!(got, Ok(AdminApi { budget_ms: 1000 }));
    }

    #[test]
    fn the_sources_get_what_the_budget_leaves_after_the_write_reserve() {
        assert_eq!(deadline_cap(3000, 0), Ok(2200));
        assert_eq!(deadline_cap(3000, 500), Ok(1700));
        assert_eq!(deadline_cap(1000, 0), Ok(200));
        assert!(deadline_cap(1000, 150).unwrap_err().contains("left no time to enrich"));
        assert!(deadline_cap(1000, 5000).is_err());
    }
}
