// The backfill command against the mock Admin API (which checks the token as
// authgear-server does: audience = project ID): dry run, a full run through
// 429s, 5xx and a timeout, a crash mid-run and its resumption, users deleted
// and created mid-run, a rejected key and a wrong audience, bad options; on
// Node 20 and on Deno. Afterwards every user must have exactly the expected
// attributes, nobody may have lost any, and no user may have been written
// twice.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { closedPort, ROOT, RUNTIMES } from "./harness.mjs";
import { adminKey, nodeId, startAdminApi } from "./mock-admin-api.mjs";
import { assertAdminWrite } from "./contract.mjs";
import { startMock } from "./mock-providers.mjs";
import { projectIdFrom } from "../../backfill/admin-api.mjs";
import { meter } from "../../backfill/lookups.mjs";
import * as twin from "../../pkg/enrich-hook.mjs";
import { verdict } from "./contract.mjs";
import { sample } from "./harness.mjs";

const KEY_ID = "test-key-id";
const PROJECT = "myapp";
const CONFIG = {
  standard: { zoneinfo: "timezone" },
  custom: {
    country: { type: "country_code", from: "country" },
    company: { type: "string", from: "company_domain" },
    plan: { type: "enum", enum: ["free", "pro"] },
  },
};
const ZONE = { GB: "Europe/London", DE: "Europe/Berlin", JP: "Asia/Tokyo", FR: "Europe/Paris" };
const CC = ["GB", "DE", "JP"];

/** 45 users (three pages): varied e-mails, sessions, and attributes already set. */
function users() {
  return Array.from({ length: 45 }, (_, i) => {
    const cc = CC[i % 3];
    const standard = {
      email: i % 4 === 0 ? `person${i}@gmail.com` : `person${i}@corp${i % 5}.example`,
      email_verified: true,
    };
    if (i % 7 === 0) standard.zoneinfo = "America/New_York";
    const custom = { plan: i % 2 ? "pro" : "free" };
    if (i % 6 === 0) custom.country = "FR";
    const sessions = i % 9 === 8 ? [] : [
      { lastAccessedAt: "2026-01-01T00:00:00Z", lastAccessedByIP: "10.0.0.5", lastAccessedByIPCountryCode: "" },
      { lastAccessedAt: "2026-06-01T00:00:00Z", lastAccessedByIP: "81.2.69.160", lastAccessedByIPCountryCode: cc },
    ];
    return { id: nodeId(`user-${i}`), standardAttributes: standard, customAttributes: custom, sessions };
  });
}

/** What each user must look like after a backfill, computed independently. */
function expected(u) {
  const sessionCc = u.sessions.length ? u.sessions[1].lastAccessedByIPCountryCode : null;
  const custom = { ...u.customAttributes };
  if (!custom.country && sessionCc) custom.country = sessionCc;
  const domain = u.standardAttributes.email.split("@")[1];
  if (domain !== "gmail.com") custom.company = domain;
  const standard = { ...u.standardAttributes };
  // A zone agrees with the country the user already has: a stored one wins over the session's.
  const country = u.customAttributes.country ?? sessionCc;
  if (!standard.zoneinfo && country) standard.zoneinfo = ZONE[country];
  return { custom, standard };
}

/** A command run to its end without blocking this process: { status, stdout, stderr }. */
function spawned(bin, args) {
  return new Promise((resolve) => {
    const child = spawn(bin, args, { cwd: work });
    let stdout = "", stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

let key;
let work;
before(async () => {
  key = await adminKey(KEY_ID);
  work = mkdtempSync(join(tmpdir(), "enrich-hook-backfill-"));
  writeFileSync(join(work, "key.pem"), key.pem);
  writeFileSync(join(work, "config.json"), JSON.stringify(CONFIG));
});

/** @param {{ killAfterWrites?: number }} [opts] */
function cli(runtime, api, extra = [], opts = {}) {
  const { killAfterWrites } = opts;
  const { bin } = RUNTIMES[runtime];
  const script = join(ROOT, "backfill/cli.mjs");
  const args = [
    "--endpoint",
    api.origin,
    "--project-id",
    PROJECT,
    "--key-file",
    join(work, "key.pem"),
    "--key-id",
    KEY_ID,
    "--config",
    join(work, "config.json"),
    "--rate",
    "200",
    // A read's timeout that a busy machine's mock never reaches, but a hang does.
    "--timeout",
    "3000",
    "--backoff",
    "20",
    ...extra,
  ];
  const argv = runtime === "node20" ? [script, ...args] : ["run", "--quiet", "-A", script, ...args];
  return new Promise((resolve) => {
    const child = spawn(bin, argv, {
      cwd: work,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DENO_NO_UPDATE_CHECK: "1" },
    });
    let out = "", err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    let timer;
    if (killAfterWrites) {
      timer = setInterval(() => {
        if (api.writes.length >= killAfterWrites) child.kill("SIGKILL");
      }, 2);
    }
    child.on("close", (code, signal) => {
      clearInterval(timer);
      resolve({ code, signal, out, err });
    });
  });
}

function assertBackfilled(api, seed, config = CONFIG) {
  for (const w of api.writes) {
    assertAdminWrite(w, config);
    // The mark the core reads on the pre_update the write fires (no cascade).
    assert.deepEqual(w.claims.audit_context, { enrich_hook: "backfill" });
  }
  assert.deepEqual(api.invalid, [], "every operation is valid against the Admin API's schema");
  const perUser = new Map();
  for (const w of api.writes) perUser.set(w.id, (perUser.get(w.id) ?? 0) + 1);
  for (const [id, n] of perUser) assert.equal(n, 1, `${id} written ${n} times`);
  for (const u of seed) {
    const now = api.state.get(u.id);
    const want = expected(u);
    assert.deepEqual(now.customAttributes, want.custom, `${u.id} custom attributes`);
    for (const [k, v] of Object.entries(want.standard)) {
      if (k === "email_verified") continue;
      assert.deepEqual(now.standardAttributes[k], v, `${u.id} standard ${k}`);
    }
  }
}

test("the meter counts each request by the source its Step names, and replays a company lookup", async () => {
  const cp = {};
  const sent = [];
  const m = meter(cp, {
    send: (r) => (sent.push(r.url), Promise.resolve(new Response('{"name":"Acme"}', { status: 200 }))),
  });
  const step = { method: "GET", headers: {}, timeoutMs: 500, delayMs: 0 };
  const co = { ...step, id: 2, source: "co", input: "domain", keyed: true, url: "https://co.example/v1/acme.example" };
  const ip = { ...step, id: 0, source: "geo-ip", input: "ip", keyed: false, url: "https://ip.example/81.2.69.160" };
  await m.transport.send(co, {});
  m.transport.answered(co, 200, '{"name":"Acme"}');
  assert.equal(await (await m.transport.send(co, {})).text(), '{"name":"Acme"}', "replayed");
  await m.transport.send(ip, {});
  m.transport.answered(ip, 200, "{}");
  const other = { ...co, url: "https://co.example/v1/other.example" };
  await m.transport.send(other, {});
  m.transport.answered(other, 503, "busy");
  assert.deepEqual(sent, [co.url, ip.url, other.url], "a replayed lookup is not sent");
  assert.deepEqual(cp.requests, { co: 2, "geo-ip": 1 });
  assert.deepEqual(cp.reused, { co: 1 });
  assert.equal(Object.keys(cp.lookups).length, 1, "only a company lookup's answer, and only a 2xx or 404, is kept");
  assert.doesNotMatch(JSON.stringify(cp), /acme\.example|81\.2\.69/, "the checkpoint keeps hashes, not URLs");
  assert.equal(m.capped(2), "co", "a source with a key is capped");
  assert.equal(m.capped(3), undefined);
});

test("through the hook, the meter keeps no answer the driver would not read whole", async () => {
  const cp = {};
  const huge = "x".repeat(300 * 1024);
  const m = meter(cp, { send: () => Promise.resolve(new Response(huge, { status: 200 })) });
  /** @type {import("../../js-shim/types/config.ts").EnrichConfig} */
  const config = {
    custom: { company: { type: "string", from: "company" } },
    sources: [{
      name: "co",
      input: "domain",
      baseUrl: "https://co.example",
      path: "/v1/{company_domain}",
      fields: { company: "/name" },
    }],
  };
  const event = sample("email-signup.json");
  const out = await twin.enrich(JSON.parse(event), { configOverride: config, ...m.transport });
  const v = verdict(event, config, JSON.stringify(out.response));
  assert.ok(v.ok, v.errors.join("; "));
  assert.deepEqual(cp.requests, { co: 1 }, "the request went through the meter, named by the core");
  assert.deepEqual(cp.lookups, {}, "an answer over the body cap is failed by the driver, and not kept");
  assert.ok(out.diagnostics.some((d) => d.includes("source co failed")), out.diagnostics.join("\n"));
});

test("the project ID comes from <id>.authgear.cloud and nowhere else", () => {
  assert.equal(projectIdFrom("https://myapp.authgear.cloud"), "myapp");
  assert.equal(projectIdFrom("https://myapp.authgear.cloud/"), "myapp");
  assert.equal(projectIdFrom("https://auth.example.com"), undefined);
  assert.equal(projectIdFrom("https://myapp.authgear.cloud.evil.example"), undefined);
});

for (const runtime of ["node20", "deno2", "deno1"]) {
  describe(`${runtime}: backfill`, { concurrency: 1 }, () => {
    let api;
    const seed = users();
    const fresh = async () => {
      await api?.close();
      api = await startAdminApi({ users: seed, keys: key.keys, projectId: PROJECT });
    };
    after(() => api?.close());

    test("dry run: reports what would change, writes nothing", async () => {
      await fresh();
      const r = await cli(runtime, api, ["--dry-run", "--checkpoint", join(work, `${runtime}-dry.json`)]);
      assert.equal(r.code, 0, r.err);
      assert.equal(api.writes.length, 0);
      assert.ok(
        r.out.includes(`would enrich ${seed[5].id}: zoneinfo="Asia/Tokyo", country="JP", company="corp0.example"`),
        r.out,
      );
      assert.match(r.out, /summary \(dry run: nothing written\)/);
      assert.match(r.out, /without an IP \(no live session, so no IP-based values\): 5/);
      assert.match(r.out, /fires user\.profile\.pre_update .* and the user\.profile\.updated webhook/);
      assert.ok(!existsSync(join(work, `${runtime}-dry.json`)), "a dry run leaves no checkpoint");
    });

    test("a full run through 429 (Retry-After), 5xx and a timeout", async () => {
      await fresh();
      api.faults.push({ kind: "429", retryAfter: 1 }, { kind: "500" });
      const cp = join(work, `${runtime}-full.json`);
      const run = cli(runtime, api, ["--checkpoint", cp]);
      // A timeout later in the run, once it is under way.
      setTimeout(() => api.faults.push({ kind: "hang" }), 50);
      const r = await run;
      assert.equal(r.code, 0, r.err + r.out);
      assertBackfilled(api, seed);
      assert.match(r.out, /enriched: \d+/);
      assert.match(r.err, /45\/45 users/, "progress reaches the end");
    });

    test("with a status attribute: a rerun right after writes nothing, and its dry run reports nobody", async () => {
      await fresh();
      const withStatus = {
        ...CONFIG,
        statusAttribute: "enrich_status",
        custom: { ...CONFIG.custom, enrich_status: { type: "string" } },
      };
      const file = join(work, `${runtime}-status.json`);
      writeFileSync(file, JSON.stringify(withStatus));
      const first = await cli(runtime, api, ["--config", file, "--checkpoint", join(work, `${runtime}-st1.json`)]);
      assert.equal(first.code, 0, first.err);
      const written = api.writes.length;
      for (const w of api.writes) assertAdminWrite(w, withStatus);
      assert.equal(
        api.state.get(seed[5].id).customAttributes.enrich_status,
        // Custom values written are said set (?) until a later run sees them stored.
        "zoneinfo<-geo+tzdata; custom:country<-geo?; custom:company<-email?",
      );
      // A user with nothing to gain gets no write, the line included.
      const idle = seed.filter((u) => !api.writes.some((w) => w.id === u.id));
      assert.ok(idle.length > 0 && idle.every((u) => api.state.get(u.id).customAttributes.enrich_status === undefined));
      const dry = await cli(runtime, api, ["--config", file, "--dry-run"]);
      assert.equal(dry.code, 0, dry.err);
      assert.doesNotMatch(dry.out, /would enrich/);
      assert.match(dry.out, /unchanged: 45/);
      const second = await cli(runtime, api, ["--config", file, "--checkpoint", join(work, `${runtime}-st2.json`)]);
      assert.equal(second.code, 0, second.err);
      assert.equal(api.writes.length, written, "the second run writes nobody");
    });

    test("a crash mid-run resumes without redoing or skipping anyone", async () => {
      await fresh();
      const cp = join(work, `${runtime}-crash.json`);
      const first = await cli(runtime, api, ["--checkpoint", cp], { killAfterWrites: 12 });
      assert.equal(first.signal, "SIGKILL");
      assert.ok(api.writes.length >= 12 && api.writes.length < 40, `${api.writes.length} writes before the crash`);
      const second = await cli(runtime, api, ["--checkpoint", cp]);
      assert.equal(second.code, 0, second.err);
      assertBackfilled(api, seed);
      // A rerun over the finished checkpoint says so, and prints no summary as if it had written.
      const third = await cli(runtime, api, ["--checkpoint", cp]);
      assert.equal(third.code, 0, third.err);
      assert.match(third.out, /this backfill completed on \d{4}-\d\d-\d\dT[\d:.]+Z; nothing was done now/);
      assert.doesNotMatch(third.out, /summary|enriched:/);
    });

    test("a user that cannot be written fails alone; everyone else is backfilled", async () => {
      await fresh();
      const bad = seed[9].id;
      api.rejectWrites.add(bad);
      const r = await cli(runtime, api, ["--checkpoint", join(work, `${runtime}-onefail.json`)]);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /failed \(graphql\): 1/);
      assert.ok(
        r.out.includes(`failed user ${bad}: graphql: Admin API: GraphQL error ValidationFailed; nothing written`),
        r.out,
      );
      assert.ok(!api.writes.some((w) => w.id === bad), "no write for the failed user");
      assert.deepEqual(api.state.get(bad).customAttributes, seed[9].customAttributes, "the failed user is untouched");
      assertBackfilled(api, seed.filter((u) => u.id !== bad));
    });

    test("a write whose answer is lost is settled by reading the user: never written twice", async () => {
      await fresh();
      // The read of user 3, the read again before its write, then its write: applied, its answer lost.
      const target = seed[3].id;
      let armed = true;
      api.onRead.push((id) => {
        if (armed && id === target) {
          armed = false;
          api.faults.push(undefined, { kind: "lost" });
        }
      });
      const r = await cli(runtime, api, ["--checkpoint", join(work, `${runtime}-lost.json`)]);
      assert.equal(r.code, 0, r.err + r.out);
      assert.equal(api.writes.filter((w) => w.id === target).length, 1, "landed once, not sent again");
      assertBackfilled(api, seed);
      assert.doesNotMatch(r.out, /failed/);
    });

    test("a user changed between its read and the write is left alone, said so", async () => {
      await fresh();
      const target = seed[5].id;
      let reads = 0;
      api.onRead.push((id) => id === target && reads++ === 0 && api.touch(id));
      const r = await cli(runtime, api, ["--checkpoint", join(work, `${runtime}-moved.json`)]);
      assert.equal(r.code, 0, r.err);
      assert.ok(!api.writes.some((w) => w.id === target), "not written");
      assert.ok(r.out.includes(`failed user ${target}: changed: the user changed since it was read`), r.out);
    });

    test("a custom attribute the project does not define is named for the user it was dropped from", async () => {
      await api?.close();
      api = await startAdminApi({
        users: seed,
        keys: key.keys,
        projectId: PROJECT,
        customAttributes: ["plan", "country"],
      });
      const r = await cli(runtime, api, ["--checkpoint", join(work, `${runtime}-undefined.json`)]);
      assert.equal(r.code, 0, r.err);
      assert.ok(
        r.out.includes(
          `${seed[5].id}: Authgear did not keep custom attributes company: the project does not define them`,
        ),
        r.out,
      );
    });

    test("a rejected key or a wrong audience stops the run with a clear message", async () => {
      await fresh();
      for (const extra of [["--key-id", "wrong"], ["--project-id", "someone-else"]]) {
        const r = await cli(runtime, api, [...extra, "--checkpoint", join(work, `${runtime}-badkey-${extra[0]}.json`)]);
        assert.equal(r.code, 1, r.err);
        assert.match(r.err, /backfill stopped: HTTP 403/);
      }
      assert.equal(api.writes.length, 0);
    });

    test("users deleted and created mid-run: nobody skipped, nobody redone", async () => {
      await fresh();
      // After the 12th write (page 1 done, page 2 under way), delete eight
      // users already processed (more than the overlap: the pages jump), two
      // not yet reached, and sign up three new ones.
      const gone = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => seed[i].id).concat([seed[40].id, seed[41].id]);
      const added = [45, 46, 47].map((i) => ({
        id: nodeId(`user-${i}`),
        standardAttributes: { email: `new${i}@corp${i % 5}.example` },
        customAttributes: {},
        sessions: [
          { lastAccessedAt: "2026-01-01T00:00:00Z", lastAccessedByIP: "10.0.0.5", lastAccessedByIPCountryCode: "" },
          {
            lastAccessedAt: "2026-06-01T00:00:00Z",
            lastAccessedByIP: "81.2.69.160",
            lastAccessedByIPCountryCode: "GB",
          },
        ],
      }));
      api.onWrite.push((n) => {
        if (n !== 12) return;
        for (const id of gone) api.deleteUser(id);
        for (const u of added) api.addUser(u);
      });
      const r = await cli(runtime, api, ["--checkpoint", join(work, `${runtime}-live.json`), "--page-size", "10"]);
      assert.equal(r.code, 0, r.err);
      assertBackfilled(api, [...seed, ...added].filter((u) => api.state.has(u.id)));
      // Everyone still there who had something to gain was written, once.
      const written = new Set(api.writes.map((w) => w.id));
      for (const u of [...seed, ...added]) {
        if (!api.state.has(u.id)) continue;
        const want = expected(u);
        const changed = JSON.stringify(want.custom) !== JSON.stringify(u.customAttributes) ||
          Object.entries(want.standard).some(([k, v]) => u.standardAttributes[k] !== v);
        assert.equal(written.has(u.id), changed, `${u.id} ${changed ? "not written" : "written for nothing"}`);
      }
      assert.ok(!api.writes.some((w) => w.id === seed[40].id || w.id === seed[41].id), "deleted before being reached");
      assert.match(r.out, /listing restarted after deletions shifted the pages: [1-9]/);
    });

    // Issue 21: pay once per fact. A company lookup once per domain per run,
    // kept in the checkpoint across a stop and a resume; --max-calls stops
    // the run before a paid source goes past it.
    test("one company lookup per domain, reused after a resume; --max-calls stops cleanly", async () => {
      await fresh();
      const providers = await startMock();
      try {
        const company = {
          ...CONFIG,
          custom: { ...CONFIG.custom, employer: { type: "string", from: "company" } },
          sources: ["geo", "email", {
            preset: "peopledatalabs-company",
            key: "k",
            baseUrl: providers.base("ok", "peopledatalabs-company"),
            allowHttp: true,
          }],
        };
        const file = join(work, `${runtime}-company.json`);
        writeFileSync(file, JSON.stringify(company));
        const cp = join(work, `${runtime}-company-cp.json`);
        const extra = ["--config", file, "--checkpoint", cp];
        const domains = new Set(
          seed.map((u) => u.standardAttributes.email.split("@")[1]).filter((d) => d !== "gmail.com"),
        );
        const corporate = seed.filter((u) => !u.standardAttributes.email.endsWith("@gmail.com")).length;
        const first = await cli(runtime, api, [...extra, "--max-calls", "2"]);
        assert.equal(first.code, 0, first.err);
        assert.match(first.out, /stopped: peopledatalabs-company reached --max-calls 2 in this run; rerun/);
        assert.equal(providers.count("ok", "peopledatalabs-company"), 2);
        const second = await cli(runtime, api, extra);
        assert.equal(second.code, 0, second.err);
        assert.equal(providers.count("ok", "peopledatalabs-company"), domains.size, "one request per domain, in all");
        assert.ok(
          second.out.includes(
            `requests to peopledatalabs-company: ${domains.size} (and ${corporate - domains.size} answers reused`,
          ),
          second.out,
        );
        for (const u of seed) {
          const employer = api.state.get(u.id).customAttributes.employer;
          assert.equal(employer, u.standardAttributes.email.endsWith("@gmail.com") ? undefined : "Acme", u.id);
        }
        for (const w of api.writes) assertAdminWrite(w, company);
      } finally {
        await providers.close();
      }
    });

    test("bad options are refused with a clear message", async () => {
      await fresh();
      for (
        const [extra, msg] of /** @type {[string[], RegExp][]} */ ([
          [["--rate", "0"], /--rate: "0" is not a number from 0\.01/],
          [["--rate", "abc"], /--rate: "abc" is not a number/],
          [["--page-size", "2.5"], /--page-size: "2.5" is not a whole number/],
          [["--retries", "-1"], /--retries/],
          [["--frobnicate"], /Unknown option '--frobnicate'/],
        ])
      ) {
        const r = await cli(runtime, api, extra);
        assert.equal(r.code, 2, `${extra}: ${r.err}`);
        assert.match(r.err, msg);
      }
      assert.equal(api.requests, 0);
    });

    test("a config the core refuses stops the run before any request, naming each problem", async () => {
      await fresh();
      const bad = join(work, `${runtime}-bad-config.json`);
      writeFileSync(bad, JSON.stringify({ custom: { c: { type: "contry_code", from: "country" } }, deadlineMs: 9000 }));
      const r = await cli(runtime, api, ["--config", bad, "--checkpoint", join(work, `${runtime}-bad.json`)]);
      assert.equal(r.code, 2, r.err + r.out);
      assert.match(r.err, /the config would run without enrichment; nothing was read or written/);
      assert.match(r.err, /config\.custom\.c\.type: "contry_code" is not a custom attribute type/);
      assert.match(r.err, /config\.deadlineMs: 9000 is above 100\.\.3000; 3000 is used/, "a clamp is said too");
      assert.equal(api.requests, 0);
      assert.ok(!existsSync(join(work, `${runtime}-bad.json`)), "no checkpoint either");
    });

    test("a dead endpoint: the message names the URL and the cause", async () => {
      const dead = await closedPort();
      const r = await cli(runtime, { origin: `http://127.0.0.1:${dead}` }, [
        "--retries",
        "0",
        "--checkpoint",
        join(work, `${runtime}-dead.json`),
      ]);
      assert.equal(r.code, 1, r.err);
      assert.ok(
        r.err.includes(
          `backfill stopped: network error: TypeError (connection refused) (the Admin API at http://127.0.0.1:${dead}/_api/admin/graphql)`,
        ),
        r.err,
      );
    });
  });
}

test("login-token.mjs: the adminApi block for a key, an expiry with --days, one line for a bad key", async () => {
  const run = (args) =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [join(ROOT, "backfill/login-token.mjs"), ...args], { cwd: work });
      let out = "", err = "";
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (err += d));
      child.on("close", (code) => resolve({ code, out, err }));
    });
  const base = ["--endpoint", "https://myapp.authgear.cloud", "--key-id", KEY_ID];
  const ok = await run([...base, "--key-file", join(work, "key.pem"), "--days", "30"]);
  assert.equal(ok.code, 0, ok.err);
  const token = ok.out.match(/token: "([\w-]+\.[\w-]+\.[\w-]+)"/)[1];
  const claims = JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
  assert.equal(claims.aud, "myapp");
  assert.equal(claims.exp - claims.iat, 30 * 86400);
  assert.deepEqual(claims.audit_context, { enrich_hook: "login" });
  assert.doesNotMatch(ok.err, /PRIVATE KEY/);
  writeFileSync(join(work, "not-a-key.pem"), "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n");
  const bad = await run([...base, "--key-file", join(work, "not-a-key.pem")]);
  assert.equal(bad.code, 2);
  assert.equal(bad.err.trim().split("\n").length, 1, bad.err);
  assert.match(bad.err, /not a PKCS#8 PEM RSA key/);
  assert.doesNotMatch(bad.err, /MIIB/);
  const custom = await run(["--endpoint", "https://auth.example.com", "--key-id", "k", "--key-file", "x"]);
  assert.equal(custom.code, 2);
  assert.match(custom.err, /--project-id is required for auth\.example\.com/);
  // http:// only to a loopback address, and then the block says allowHttp; anywhere else, refused at once.
  const local = await run([
    "--endpoint",
    "http://127.0.0.1:4002",
    "--project-id",
    "myapp",
    "--key-id",
    KEY_ID,
    "--key-file",
    join(work, "key.pem"),
  ]);
  assert.equal(local.code, 0, local.err);
  assert.match(local.out, /^ {2}allowHttp: true,$/m);
  assert.match(local.err, /DISALLOW_LOOPBACK=false/);
  const remote = await run([
    "--endpoint",
    "http://10.1.2.3:3002",
    "--project-id",
    "myapp",
    "--key-id",
    KEY_ID,
    "--key-file",
    join(work, "key.pem"),
  ]);
  assert.equal(remote.code, 2);
  // The hook's own rule (src/login.rs), through the twin's core.
  assert.match(
    remote.err,
    /^--endpoint http:\/\/10\.1\.2\.3:3002: must be an absolute https:\/\/ URL \(http:\/\/ only to a loopback address, with allowHttp\)/,
  );
  assert.equal(remote.out, "", "no block printed");
  const path = await run([
    ...base,
    "--endpoint",
    "https://myapp.authgear.cloud/_api/admin",
    "--key-file",
    join(work, "key.pem"),
  ]);
  assert.equal(path.code, 2);
  assert.match(path.err, /must be an origin/);
});

test("check.mjs: custom attributes the project lacks or types it differs on, named; the test user restored", async () => {
  const project = {
    plan: { type: "enum", enum: ["free", "pro"] },
    country: { type: "country_code" },
    company: { type: "integer" },
    st: { type: "string" },
  };
  const tester = {
    id: nodeId("tester"),
    standardAttributes: { email: "t@corp.example" },
    customAttributes: { plan: "pro" },
  };
  const api = await startAdminApi({ users: [tester], keys: key.keys, projectId: PROJECT, project });
  try {
    // Not spawnSync: the mock Admin API answers from this very process.
    const run = (config) => {
      const file = join(work, `check-${Math.random()}.json`);
      writeFileSync(file, JSON.stringify(config));
      return spawned(process.execPath, [
        join(ROOT, "backfill/check.mjs"),
        "--endpoint",
        api.origin,
        "--project-id",
        PROJECT,
        "--key-file",
        join(work, "key.pem"),
        "--key-id",
        KEY_ID,
        "--config",
        file,
        "--user-id",
        "tester",
      ]);
    };
    const bad = await run({
      statusAttribute: "st",
      custom: {
        country: { type: "country_code", from: "country" },
        company: { type: "string", from: "company_domain" },
        city: { type: "string", from: "city" },
        plan: { type: "enum", enum: ["free", "pro"] },
      },
    });
    assert.equal(bad.status, 1, bad.stderr + bad.stdout);
    assert.match(bad.stdout, /^custom city: the project does not define it, so Authgear drops its values/m);
    assert.match(bad.stdout, /^custom company: Authgear refused a valid string value: the project's type/m);
    assert.match(bad.stdout, /^defined in the project as the config says: country, plan, st$/m);
    assert.deepEqual(api.state.get(tester.id).customAttributes, { plan: "pro" }, "the test user as it was");
    assert.ok(api.tokens.every((c) => c.audit_context?.enrich_hook === "check"), "its writes marked (no cascade)");
    const good = await run({ statusAttribute: "st", custom: { country: { type: "country_code", from: "country" } } });
    assert.equal(good.status, 0, good.stderr + good.stdout);
    assert.match(good.stdout, /^defined in the project as the config says: country, st$/m);
    const broken = await run({ custom: { c: { type: "contry_code" } } });
    assert.equal(broken.status, 1);
    assert.match(broken.stdout, /config: config\.custom\.c\.type: "contry_code" is not a custom attribute type/);
  } finally {
    await api.close();
  }
});

test("every command answers --help and -h with its usage, exit 0", () => {
  for (const cmd of ["backfill/cli.mjs", "backfill/login-token.mjs", "backfill/check.mjs", "scripts/run-hook.mjs"]) {
    for (const flag of ["--help", "-h"]) {
      const r = spawnSync(process.execPath, [join(ROOT, cmd), flag], { encoding: "utf8" });
      assert.equal(r.status, 0, `${cmd} ${flag}: ${r.stderr}`);
      assert.match(r.stdout, new RegExp(`^usage: node ${cmd.replace(".", "\\.")} `), `${cmd} ${flag}`);
    }
  }
  const demo = spawnSync(join(ROOT, "scripts/demo.sh"), ["--help"], { encoding: "utf8" });
  assert.equal(demo.status, 0, demo.stderr);
  assert.match(demo.stdout, /scripts\/demo\.sh \[event\.json\] \[config\.json\]/);
  const page = spawnSync(join(ROOT, "scripts/configurator.sh"), ["--help"], { encoding: "utf8" });
  assert.equal(page.status, 0, page.stderr);
  assert.match(page.stdout, /^usage: scripts\/configurator\.sh \[--port N\]/);
  const bad = spawnSync(join(ROOT, "scripts/configurator.sh"), ["--port", "http"], { encoding: "utf8" });
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr.trim(), '--port: "http" is not a port number (0 to 65535)');
});
