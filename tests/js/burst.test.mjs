// A login burst through the model of authgear-deno (10 run slots, shared
// with signups), with net granted as Deno 1.41.3 (Authgear's) grants it once
// its prompt is answered, against a busy Admin API (each call slower for
// every call in flight, a write three times a read): 30 returning users with
// attributes missing log in at once, and a signup comes right behind them.
// What holds on any machine, however busy: no login write is given up on
// mid-flight (Authgear would roll it back and log a cancelled context), no
// run is killed at the service's limit, every user is either enriched or
// left whole for the next login, and the signup is answered. How long the
// signup waited is measured in bench/login-burst.mjs, not asserted here.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { callHook, hookSource, sample, startAuthgearDeno } from "./harness.mjs";
import { assertAccepted, assertAdminWrite } from "./contract.mjs";
import { adminKey, nodeId, startAdminApi } from "./mock-admin-api.mjs";
import { startMock } from "./mock-providers.mjs";
import { importAdminKey, mintToken } from "../../backfill/token.mjs";

const N = 30;
const PROJECT = "myapp";
let key, token, providers;
before(async () => {
  key = await adminKey();
  token = await mintToken({ key: await importAdminKey(key.pem), keyId: key.keyId, projectId: PROJECT, by: "login" });
  providers = await startMock();
});
after(() => providers.close());

const users = Array.from({ length: N }, (_, i) => ({
  id: nodeId(`burst-${i}`),
  standardAttributes: { email: `user${i}@corp.example`, email_verified: true },
  customAttributes: {},
}));
const config = (endpoint) => ({
  standard: { zoneinfo: "timezone", locale: "locale" },
  custom: { country: { type: "country_code", from: "country" }, city: { type: "string", from: "city" } },
  sources: [
    "geo",
    "languages",
    { preset: "ipinfo.io", key: "k", baseUrl: providers.base("slow-150", "ipinfo.io"), allowHttp: true },
  ],
  adminApi: { endpoint, token, allowHttp: true },
});
const loginEvent = (i, u) =>
  JSON.stringify({
    type: "user.authenticated",
    payload: {
      user: {
        id: `burst-${i}`,
        updated_at: u.updatedAt,
        standard_attributes: u.standardAttributes,
        custom_attributes: u.customAttributes,
      },
    },
    context: {
      timestamp: Math.floor(Date.now() / 1000),
      triggered_by: "user",
      ip_address: "81.2.69.160",
      geo_location_code: "GB",
      preferred_languages: ["en-GB"],
      app_id: PROJECT,
    },
  });

for (const runtime of ["deno2", "deno1"]) {
  describe(`${runtime}: ${N} logins at once, then a signup, through authgear-deno's 10 slots`, () => {
    test("no write given up mid-flight, no run killed, nobody half-written, the signup answered", async () => {
      const admin = await startAdminApi({
        users,
        keys: key.keys,
        projectId: PROJECT,
        latency: { baseMs: 100, perInFlightMs: 40, writeFactor: 3 },
      });
      const service = await startAuthgearDeno(runtime, { slots: 10, timeoutS: 60, grantNet: "127.0.0.1" });
      try {
        const cfg = config(admin.origin);
        const login = hookSource(runtime, cfg, "enrich-login");
        const events = users.map((u, i) => loginEvent(i, admin.state.get(u.id)));
        const logins = events.map((e) => callHook(service.url, login, e, 120_000));
        await new Promise((r) => setTimeout(r, 50));
        const { adminApi: _, ...signupCfg } = cfg;
        const event = sample("email-signup.json");
        const signup = await callHook(service.url, hookSource(runtime, signupCfg), event, 120_000);
        const done = await Promise.all(logins);

        assert.equal(signup.gaveUp, false);
        assertAccepted(signup, event, signupCfg);
        assert.equal(signup.response.mutations.user.standard_attributes.zoneinfo, "Europe/London");
        done.forEach((l, i) => {
          assert.equal(l.gaveUp, false);
          assert.equal(l.body?.error_code, undefined, `login ${i}: ${JSON.stringify(l.body)}`);
          assertAccepted(l, events[i], cfg);
        });
        assert.deepEqual(admin.aborted.filter((a) => a.write), [], "no write given up on once sent");
        for (const w of admin.writes) assertAdminWrite(w, cfg);
        // Each user: enriched whole (one write), or untouched for the next login.
        for (const u of users) {
          const n = admin.writes.filter((w) => w.id === u.id).length;
          const now = admin.state.get(u.id);
          assert.ok(n <= 1, `${u.id} written ${n} times`);
          if (n === 1) assert.equal(now.standardAttributes.zoneinfo, "Europe/London");
          else assert.deepEqual(now.customAttributes, {}, `${u.id} untouched`);
        }
        const enriched = new Set(admin.writes.map((w) => w.id)).size;
        const left = done.filter((l) => /left to the next login/.test(l.body?.stderr?.string ?? "")).length;
        assert.ok(enriched >= 1, "the first logins are enriched");
        assert.equal(
          enriched + left + done.filter((l) => /nothing written/.test(l.body?.stderr?.string ?? "")).length,
          N,
        );
      } finally {
        service.close();
        await admin.close();
      }
    });
  });
}
