// The login path (pkg/enrich-login.ts; on Node the twin) run as Authgear runs
// a hook on the non-blocking user.authenticated event, against the mock
// Admin API (the JWT checked as authgear-server does, every operation
// validated by graphql-js against the Admin API schema's shape) and the mock
// providers. Every answer goes through the write-path oracle, and every
// write the mock received through its Admin API mode.
import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { closedPort, hookSource, markChecked, runHook, RUNTIMES } from "./harness.mjs";
import { assertAccepted, assertAdminWrite } from "./contract.mjs";
import { adminKey, nodeId, startAdminApi } from "./mock-admin-api.mjs";
import { startMock } from "./mock-providers.mjs";
import { importAdminKey, mintToken } from "../../backfill/token.mjs";

const PROJECT = "myapp";
const UUID = "338deafa-1f2e-4c5d-9a8b-7c6d5e4f3a21";
const ID = nodeId(UUID);

// The login file carries a token minted once from the key (backfill/login-token.mjs).
let key, token, otherToken, providers, api, deadPort;
before(async () => {
  deadPort = await closedPort();
  key = await adminKey();
  const by = { keyId: key.keyId, by: "login" };
  token = await mintToken({ key: await importAdminKey(key.pem), projectId: PROJECT, ...by });
  otherToken = await mintToken({ key: await importAdminKey((await adminKey()).pem), projectId: PROJECT, ...by });
  providers = await startMock();
});
after(() => providers.close());

/** The stored user: an e-mail identity, a stale-free custom map, zoneinfo/locale/country missing. */
const stored = (extra = {}) => ({
  id: ID,
  standardAttributes: { email: "jane@acme.example", email_verified: true, updated_at: 1772352930 },
  customAttributes: { plan: "pro" },
  identities: [{ type: "LOGIN_ID", claims: { email: "jane@acme.example" } }],
  sessions: [],
  ...extra,
});

const config = (adminApi = {}, extra = {}) => ({
  standard: { zoneinfo: "timezone", locale: "locale" },
  custom: {
    country: { type: "country_code", from: "country" },
    company: { type: "string", from: "company_domain" },
    plan: { type: "enum", enum: ["free", "pro"] },
  },
  sources: [
    "languages",
    "email",
    { preset: "ipinfo.io", key: "test-key", baseUrl: providers.base("ok", "ipinfo.io"), allowHttp: true },
  ],
  adminApi: {
    endpoint: api.origin,
    token,
    allowHttp: true,
    timeoutMs: 2500,
    ...adminApi,
  },
  ...extra,
});

/** A user.authenticated event as authgear-server makes it (pkg/api/event/nonblocking/user_authenticated.go). */
const loginEvent = (user) =>
  JSON.stringify({
    id: "0000000000000abc",
    seq: 7,
    type: "user.authenticated",
    payload: {
      user: {
        id: UUID,
        created_at: "2025-03-01T08:15:30Z",
        // The user as the login committed it: the Admin API's copy, if the mock is up.
        updated_at: api?.state.get(ID)?.updatedAt ?? "2025-03-01T08:15:30Z",
        is_anonymous: false,
        is_verified: true,
        is_disabled: false,
        is_deactivated: false,
        can_reauthenticate: true,
        standard_attributes: user.standardAttributes,
        custom_attributes: user.customAttributes,
        roles: [],
        groups: [],
      },
      session: {
        id: "s1",
        type: "idp",
        lastAccessedAt: "2026-12-01T10:00:00Z",
        lastAccessedByIP: "81.2.69.160",
        lastAccessedByIPCountryCode: "GB",
      },
    },
    context: {
      // Now: the login just committed (a run that waited long for a slot leaves the user to the next login).
      timestamp: Math.floor(Date.now() / 1000),
      user_id: UUID,
      triggered_by: "user",
      preferred_languages: ["en-GB", "en"],
      language: "en",
      ip_address: "81.2.69.160",
      geo_location_code: "GB",
      app_id: PROJECT,
      audit_context: { http_url: "https://myapp.authgear.cloud/oauth2/token" },
    },
  });

const EMAIL = /jane@acme\.example/;
const loginLines = (stderr) => stderr.split("\n").filter((l) => l.startsWith("enrich-hook: "));

for (const runtime of Object.keys(RUNTIMES)) {
  describe(`${runtime}: returning users at login`, { concurrency: 1 }, () => {
    beforeEach(async () => {
      await api?.close();
      api = await startAdminApi({ users: [stored()], keys: key.keys, projectId: PROJECT });
      providers.reset();
    });
    after(() => api?.close());

    /** Run the login file on `event` under `cfg`; the answer checked, the key and e-mail never in its lines. */
    const login = async (cfg, event = loginEvent(stored())) => {
      const r = await runHook(runtime, hookSource(runtime, cfg, "enrich-login"), event, { allowNet: "127.0.0.1" });
      assert.equal(r.code, 0, r.stderr);
      assertAccepted(r, event, cfg);
      assert.deepEqual(r.response, { is_allowed: true });
      assert.doesNotMatch(r.stderr, EMAIL);
      assert.doesNotMatch(r.stderr, /PRIVATE KEY|test-key/);
      assert.ok(!r.stderr.includes(token.split(".")[2].slice(0, 20)), "the token never appears");
      for (const w of api.writes) assertAdminWrite(w, cfg);
      assert.deepEqual(api.invalid, [], "every operation is valid against the Admin API's schema");
      return r;
    };

    test("attributes missing: one updateUser carrying only the changed maps, nothing deleted", async () => {
      const cfg = config();
      const r = await login(cfg);
      assert.equal(api.writes.length, 1, r.stderr);
      const [w] = api.writes;
      assert.equal(w.input.userID, ID);
      const now = api.state.get(ID);
      assert.equal(now.standardAttributes.zoneinfo, "Europe/London");
      assert.equal(now.standardAttributes.locale, "en-GB");
      assert.equal(now.standardAttributes.email, "jane@acme.example");
      assert.deepEqual(now.customAttributes, { plan: "pro", country: "GB", company: "acme.example" });
      // The token: the project, no expiry (it lasts until its key is deleted), the audit mark.
      for (const c of api.tokens) {
        assert.equal(c.aud, PROJECT);
        assert.equal(c.exp, undefined);
        assert.deepEqual(c.audit_context, { enrich_hook: "login" });
      }
      // The event carries the user as the login committed it: no read, then read updatedAt again and write.
      assert.equal(api.requests, 2, "read again, write");
      assert.equal(providers.requests.length, 1, "one IP lookup");
      assert.deepEqual(loginLines(r.stderr), []);
    });

    test("only the map that changes is sent", async () => {
      const cfg = config({}, { standard: {}, custom: config().custom });
      await login(cfg);
      assert.equal(api.writes.length, 1);
      assert.deepEqual(api.writes[0].input.standardAttributes, undefined);
      assert.ok(api.writes[0].input.customAttributes);
      assert.equal(api.writes[0].standard, false, "standardAttributes left out of the variables");
    });

    test("nothing missing: no request at all", async () => {
      const full = stored({
        standardAttributes: { ...stored().standardAttributes, zoneinfo: "Asia/Tokyo", locale: "ja-JP" },
        customAttributes: { plan: "pro", country: "JP", company: "acme.example" },
      });
      const r = await login(config(), loginEvent(full));
      assert.equal(api.requests, 0);
      assert.equal(providers.requests.length, 0);
      assert.deepEqual(loginLines(r.stderr), []);
    });

    // The pasted file compiles its code only past the gate (js-shim/login-gate.ts):
    // with the code made to throw when compiled, a login with nothing to do
    // still answers, and one with attributes missing shows the code is needed.
    test("nothing to do: answered by the gate, the rest of the code never compiled", {
      skip: RUNTIMES[runtime].ext !== "ts" && "the Node twin has no gate",
    }, async () => {
      const cfg = config();
      const src = hookSource(runtime, cfg, "enrich-login");
      const broken = src.replace(
        /^const CODE = ".*";$/m,
        () => `const CODE = "(() => { throw new Error('compiled'); })";`,
      );
      assert.notEqual(broken, src, "the code's literal not found");
      const full = stored({
        standardAttributes: { ...stored().standardAttributes, zoneinfo: "Asia/Tokyo", locale: "ja-JP" },
        customAttributes: { plan: "pro", country: "JP", company: "acme.example" },
      });
      const event = loginEvent(full);
      const r = await runHook(runtime, broken, event, { allowNet: "127.0.0.1" });
      assert.equal(r.code, 0, r.stderr);
      assertAccepted(r, event, cfg);
      assert.deepEqual(r.response, { is_allowed: true });
      assert.equal(r.stderr, "");
      // Control: with attributes missing, the gate lets the login through to the (broken) code.
      const missing = await runHook(runtime, broken, loginEvent(stored()), { allowNet: "127.0.0.1" });
      markChecked(missing); // a control: no answer is the point
      assert.notEqual(missing.code, 0);
      assert.match(missing.stderr, /compiled/);
      assert.equal(api.requests + providers.requests.length, 0);
    });

    test("without adminApi: answered at once, nothing read", async () => {
      const cfg = config();
      delete cfg.adminApi;
      await login(cfg);
      assert.equal(api.requests + providers.requests.length, 0);
    });

    test("the user changed since the login: nothing written, nothing overwritten", async () => {
      // The event says zoneinfo is missing; someone set it since (updatedAt moved).
      const event = loginEvent(stored());
      api.state.get(ID).standardAttributes.zoneinfo = "Asia/Tokyo";
      api.touch(ID);
      const r = await login(config(), event);
      assert.equal(api.writes.length, 0);
      assert.equal(api.state.get(ID).standardAttributes.zoneinfo, "Asia/Tokyo", "not overwritten");
      assert.deepEqual(loginLines(r.stderr), [
        "enrich-hook: login: the user changed since it was read; nothing written (the next run tries again)",
      ]);
    });

    test("a stored country wins over the login's: a French user logging in from the UK gets no UK zone", async () => {
      api.state.get(ID).customAttributes.country = "FR";
      const event = loginEvent(stored({ customAttributes: { plan: "pro", country: "FR" } }));
      await login(config(), event);
      assert.equal(api.state.get(ID).standardAttributes.zoneinfo, undefined, "the IP's Europe/London disagrees: none");
      assert.equal(api.state.get(ID).customAttributes.country, "FR");
      // With `profile` among the sources, the stored country's own zone (the next login's event).
      const cfg = config();
      await login(
        { ...cfg, sources: ["profile", ...cfg.sources] },
        loginEvent(stored({ customAttributes: api.state.get(ID).customAttributes })),
      );
      assert.equal(api.state.get(ID).standardAttributes.zoneinfo, "Europe/Paris");
    });

    test("the user changed while it was enriched: no write", async () => {
      // A change between the login and the write: the read right before the write sees it.
      providers.onRequest = () => api.touch(ID);
      const r = await login(config());
      providers.onRequest = undefined;
      assert.equal(api.writes.length, 0);
      assert.equal(api.requests, 1, "the read again, no write");
      assert.deepEqual(loginLines(r.stderr), [
        "enrich-hook: login: the user changed since it was read; nothing written (the next run tries again)",
      ]);
    });

    for (
      const [name, setup, line] of /** @type {[string, () => object, RegExp][]} */ ([
        ["403 (a key the project does not have)", () => ({ token: otherToken }), /Admin API: HTTP 403/],
        ["500", () => api.faults.push({ kind: "500" }) && {}, /Admin API: HTTP 500/],
        ["a GraphQL error", () => api.rejectWrites.add(ID) && {}, /Admin API: GraphQL error ValidationFailed/],
        ["a timeout", () => api.faults.push({ kind: "hang" }) && { timeoutMs: 1000 }, /Admin API: no answer in \d+ ms/],
        [
          "a refused connection",
          () => ({ endpoint: `http://127.0.0.1:${deadPort}` }),
          /Admin API: network error: TypeError \(connection refused\)/,
        ],
      ])
    ) {
      test(`${name}: no write, one diagnostic`, async () => {
        const r = await login(config(setup()));
        assert.equal(api.writes.length, 0);
        const lines = loginLines(r.stderr);
        assert.equal(lines.length, 1, r.stderr);
        assert.match(lines[0], line);
        assert.match(lines[0], /nothing written$/);
      });
    }

    test("a stale stored custom value: the standard map alone is written, one line", async () => {
      // The Admin API validates only the maps it is sent (pkg/admin/facade/user_profile.go).
      api.state.get(ID).customAttributes.plan = "legacy"; // no longer an enum value
      const event = loginEvent(stored({ customAttributes: { plan: "legacy" } }));
      const r = await login(config(), event);
      assert.equal(api.writes.length, 1);
      assert.equal(api.writes[0].custom, false, "customAttributes left out of the variables");
      assert.equal(api.state.get(ID).standardAttributes.zoneinfo, "Europe/London");
      assert.equal(api.state.get(ID).customAttributes.plan, "legacy", "the stale value untouched");
      const lines = loginLines(r.stderr);
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0], /custom attributes not written: the stored custom attribute plan/);
    });

    // Issue 30: a user the hook cannot complete costs no Admin API call, login after login.
    test("a country of several zones, or a value the status line says was cleared: no Admin API call", async () => {
      const cfg = {
        ...config(),
        standard: { zoneinfo: "timezone" },
        sources: ["geo"],
        statusAttribute: "st",
        custom: { ...config().custom, st: { type: "string" } },
      };
      // A US user from a US IP: tzdata has no single zone for the US.
      const us = JSON.parse(loginEvent(stored()));
      us.context.geo_location_code = "US";
      us.payload.user.custom_attributes = { plan: "pro", country: "US", company: "acme.example" };
      for (let i = 0; i < 2; i++) await login(cfg, JSON.stringify(us));
      // A zone the hook set that someone cleared since.
      const cleared = JSON.parse(loginEvent(stored()));
      cleared.payload.user.custom_attributes = {
        plan: "pro",
        country: "GB",
        company: "acme.example",
        st: "zoneinfo<-geo+tzdata; custom:country<-geo",
      };
      for (let i = 0; i < 2; i++) await login(cfg, JSON.stringify(cleared));
      assert.equal(api.requests, 0, "not a read, not a write");
    });

    test("a login that waited seconds for a run slot leaves its user to the next login: no call at all", async () => {
      const queued = JSON.parse(loginEvent(stored()));
      queued.context.timestamp -= 5;
      const r = await login(config(), JSON.stringify(queued));
      assert.equal(api.requests + providers.requests.length, 0);
      const lines = loginLines(r.stderr);
      assert.equal(lines.length, 1, r.stderr);
      assert.match(
        lines[0],
        /^enrich-hook: login: this login waited [56] s for a run slot \(the hook service is busy: signups come first\); left to the next login$/,
      );
      // A clock minutes apart is no queue: the login goes on.
      queued.context.timestamp -= 600;
      await login(config(), JSON.stringify(queued));
      assert.equal(api.writes.length, 1);
    });

    test("a write is sent only if the time left fits it, and never cut short once sent", async () => {
      // The read before the write is slow: 1.2 s of a 2 s budget leaves too little for a write that slow.
      api.faults.push({ kind: "slow", ms: 1200 });
      const r = await login(config({ timeoutMs: 2000 }));
      assert.equal(api.writes.length, 0);
      assert.match(loginLines(r.stderr)[0], /no time left to write \(\d+ ms of the budget\); nothing written$/);
      // A write slower than the whole budget, once sent, is waited for.
      api.faults.push(undefined, { kind: "slow", ms: 2500 });
      const slow = await login(config({ timeoutMs: 2000 }), loginEvent(stored()));
      assert.equal(api.writes.length, 1, slow.stderr);
      assert.deepEqual(loginLines(slow.stderr), []);
      assert.deepEqual(api.aborted.filter((a) => a.write), [], "no write was given up on");
    });

    test("a write whose answer is lost: said so, and the next login settles it without a second write", async () => {
      api.faults.push(undefined, { kind: "lost" });
      const r = await login(config());
      assert.equal(api.writes.length, 1, "it landed");
      const lines = loginLines(r.stderr);
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0], /after the write was sent: it may have landed; the next login or backfill reads the user/);
      assert.doesNotMatch(lines[0], /nothing written/);
      // The next login's event carries the user as stored: nothing missing, no call.
      const now = api.state.get(ID);
      const before = api.requests;
      await login(
        config(),
        loginEvent(stored({ standardAttributes: now.standardAttributes, customAttributes: now.customAttributes })),
      );
      assert.equal(api.requests, before, "settled by the event alone");
      assert.equal(api.writes.length, 1);
    });

    test("a custom attribute the project does not define: named at once, recorded not kept at the next login, then nothing", async () => {
      await api.close();
      // The project defines plan, country and the status attribute, not company.
      api = await startAdminApi({
        users: [stored()],
        keys: key.keys,
        projectId: PROJECT,
        customAttributes: ["plan", "country", "st"],
      });
      const cfg = { ...config(), statusAttribute: "st", custom: { ...config().custom, st: { type: "string" } } };
      const first = await login(cfg);
      assert.equal(api.writes.length, 1);
      assert.match(
        loginLines(first.stderr).join("\n"),
        /did not keep custom attributes company: the project does not define them/,
      );
      const kept = api.state.get(ID).customAttributes;
      assert.equal(kept.company, undefined, "Authgear dropped it");
      assert.match(kept.st, /custom:company<-email\?/, "said set, not known kept");
      // The next login finds it gone, never seen: one write recording it not kept.
      const second = await login(
        cfg,
        loginEvent(stored({ standardAttributes: api.state.get(ID).standardAttributes, customAttributes: kept })),
      );
      assert.equal(api.writes.length, 2, second.stderr);
      assert.match(api.state.get(ID).customAttributes.st, /custom:company not kept/);
      assert.match(second.stderr, /custom:company: set by enrich-hook, never seen stored/);
      // Then nothing: no call.
      const before = api.requests;
      await login(
        cfg,
        loginEvent(
          stored({
            standardAttributes: api.state.get(ID).standardAttributes,
            customAttributes: api.state.get(ID).customAttributes,
          }),
        ),
      );
      assert.equal(api.requests, before);
    });

    for (
      const [name, adminApi, line] of /** @type {[string, object, RegExp][]} */ ([
        [
          "a token that is no token",
          { token: "-----BEGIN PRIVATE KEY-----" },
          /config\.adminApi\.token: must be the JWT/,
        ],
        [
          "an http endpoint without allowHttp",
          { allowHttp: false },
          /config\.adminApi\.endpoint: must be an absolute https/,
        ],
      ])
    ) {
      test(`bad config, ${name}: one line, nothing read`, async () => {
        const r = await login(config(adminApi));
        const lines = loginLines(r.stderr);
        assert.equal(lines.length, 1, r.stderr);
        assert.match(lines[0], line);
        assert.equal(api.requests, 0);
      });
    }

    test("the write's own user.profile.pre_update does not cascade", async () => {
      // onProfileUpdate on, and attached to pre_update: Authgear runs the
      // hook on the update our write fires, with the token's audit_context.
      const cfg = config({}, { onProfileUpdate: true });
      const fired = [];
      api.onWrite.push((_, u, claims) => {
        fired.push(JSON.stringify({
          type: "user.profile.pre_update",
          payload: {
            user: {
              id: UUID,
              standard_attributes: u.standardAttributes,
              // What a later edit could leave empty: the hook would fill it again.
              custom_attributes: Object.fromEntries(
                Object.entries(u.customAttributes).filter(([k]) => k !== "company"),
              ),
            },
          },
          context: {
            triggered_by: "admin_api",
            ip_address: "127.0.0.1",
            preferred_languages: [],
            app_id: PROJECT,
            audit_context: { ...claims.audit_context, http_url: `${api.origin}/_api/admin/graphql` },
          },
        }));
      });
      await login(cfg);
      assert.equal(fired.length, 1);
      // The signup file, attached to pre_update with the same config (its own has no adminApi).
      const { adminApi: _, ...signupCfg } = cfg;
      const signup = hookSource(runtime, signupCfg);
      const ours = await runHook(runtime, signup, fired[0], { allowNet: "127.0.0.1" });
      assertAccepted(ours, fired[0], signupCfg);
      assert.deepEqual(ours.response, { is_allowed: true }, "nothing more to write");
      // The control: the same update made by someone else is enriched.
      const other = JSON.parse(fired[0]);
      delete other.context.audit_context.enrich_hook;
      const theirs = await runHook(runtime, signup, JSON.stringify(other), { allowNet: "127.0.0.1" });
      assertAccepted(theirs, JSON.stringify(other), signupCfg);
      assert.equal(theirs.response.mutations?.user?.custom_attributes?.company, "acme.example");
      assert.equal(api.writes.length, 1, "one write in all");
    });
  });
}
