// The built hook under a model of authgear-deno (tests/js/authgear-deno.py,
// written from its source): Deno on a pseudo-terminal, prompting for every
// permission the command line lacks, each prompt answered the moment its
// first line appears. Deno 1.46 and 2 lose that answer (they flush their
// input until it has been quiet for 100 ms after the prompt), so a request
// would hang until the service's limit — 5 s for a blocking hook, which fails
// the signup, and hung runs fill the service's 10 slots. The hook must never
// make such a request: every run with live sources or adminApi ends within
// its deadline + 100 ms, with a valid answer and one line saying what to do.
// Controls show the model reproduces the hang, and the gate (which runtime
// loses the answer) is checked with stand-in runtimes on Node.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { callHook, hookSource, markChecked, ROOT, runHookPty, sample, startAuthgearDeno } from "./harness.mjs";
import { assertAccepted } from "./contract.mjs";
import { startMock } from "./mock-providers.mjs";
import { adminKey, nodeId, startAdminApi } from "./mock-admin-api.mjs";
import { importAdminKey, mintToken } from "../../backfill/token.mjs";

const DEADLINE = 1000;
const SAMPLES = readdirSync(join(ROOT, "samples")).filter((f) => f.endsWith(".json") && !f.startsWith("config"));
const CUSTOM = { city: { type: "string", from: "city" }, job: { type: "string", from: "job_title" } };
/** Authgear's limit on a blocking hook call (hook.sync_hook_timeout_seconds). */
const BLOCKING_MS = 5000;

let geo, person, admin, token;
const UUID = "338deafa-1f2e-4c5d-9a8b-7c6d5e4f3a21";
before(async () => {
  geo = await startMock();
  person = await startMock();
  const key = await adminKey();
  token = await mintToken({ key: await importAdminKey(key.pem), keyId: key.keyId, projectId: "myapp", by: "login" });
  admin = await startAdminApi({
    users: [{ id: nodeId(UUID), standardAttributes: { email: "jane@acme.example" }, customAttributes: {} }],
    keys: key.keys,
    projectId: "myapp",
  });
});
after(() => Promise.all([geo.close(), person.close(), admin.close()]));

const ipinfo = (scenario = "ok") => ({
  preset: "ipinfo.io",
  key: "pty-key",
  baseUrl: geo.base(scenario, "ipinfo.io"),
  allowHttp: true,
});
const gravatar = () => ({ preset: "gravatar", baseUrl: person.base("ok", "gravatar"), allowHttp: true });
/** The mocks start in `before`: configs are made once they are up. */
const liveConfig = () => ({
  standard: { zoneinfo: "timezone" },
  custom: { ...CUSTOM, st: { type: "string" } },
  statusAttribute: "st",
  deadlineMs: DEADLINE,
  sources: ["geo", ipinfo(), gravatar()],
});
const withAdmin = () => ({
  ...liveConfig(),
  adminApi: { endpoint: admin.origin, token, allowHttp: true, timeoutMs: 3000 },
});
const loginEvent = (std = { email: "jane@acme.example" }) =>
  JSON.stringify({
    type: "user.authenticated",
    payload: {
      user: { id: UUID, updated_at: "2025-03-01T08:15:30.123456Z", standard_attributes: std, custom_attributes: {} },
    },
    context: { triggered_by: "user", ip_address: "81.2.69.160", geo_location_code: "GB", app_id: "myapp" },
  });
/** A hook that does what a naive one does: one fetch, then an answer. */
const bare = (url) =>
  `export default async function (e: unknown) { await fetch(${JSON.stringify(url)}); return { is_allowed: true }; }\n`;

for (const runtime of ["deno2", "deno1"]) {
  describe(`${runtime}: under authgear-deno, which answers each prompt at once`, { concurrency: 1 }, () => {
    for (const name of SAMPLES) {
      test(`${name}: offline, no prompt at all`, async () => {
        const event = sample(name);
        const r = await runHookPty(runtime, hookSource(runtime), event);
        assert.equal(r.code, 0, r.stderr);
        assertAccepted(r, event, undefined);
        assert.deepEqual(r.prompts, []);
      });
    }

    test("control: a bare fetch hangs until the service's limit, its prompt answered and the answer lost", async () => {
      const r = await runHookPty(runtime, bare(geo.base("ok", "ipinfo.io")), sample("email-signup.json"), {
        timeoutS: 2,
      });
      markChecked(r); // a control: no answer at all is the point
      assert.equal(r.timed_out, true, `the run ended by itself: ${r.stderr}`);
      assert.equal(r.response, undefined, "no answer written");
      assert.deepEqual(r.prompts.map((p) => [p.kind, p.answer]), [["net", "y"]], "asked, and answered yes");
      // At once: well inside the 100 ms of quiet Deno waits for before reading (a busy machine's lag included).
      assert.ok(r.prompts[0].at_ms - r.prompts[0].asked_ms < 500, "answered at once");
    });

    test("control: the same answer written 200 ms later is read", async () => {
      const r = await runHookPty(runtime, bare(geo.base("ok", "ipinfo.io")), sample("email-signup.json"), {
        timeoutS: 20,
        answerDelayMs: 200,
      });
      assertAccepted(r, sample("email-signup.json"), undefined);
      assert.equal(r.timed_out, false, r.stderr);
      assert.deepEqual(r.response, { is_allowed: true });
    });

    test("the signup file with live sources: no request, no prompt, a valid answer, one line", async () => {
      const event = sample("email-signup.json");
      const before = geo.requests.length + person.requests.length;
      const r = await runHookPty(runtime, hookSource(runtime, liveConfig()), event, { timeoutS: 30 });
      assert.equal(r.code, 0, r.stderr);
      assertAccepted(r, event, liveConfig());
      // A request would wait on its prompt until the service's limit (30 s here):
      // the answer comes well before, a busy machine's process start included.
      assert.equal(r.timed_out, false);
      assert.ok(r.ms < DEADLINE + 15_000, `answered after ${r.ms} ms`);
      assert.deepEqual(r.prompts, [], "never a prompt");
      assert.equal(geo.requests.length + person.requests.length, before, "no request left the hook");
      const user = r.response.mutations.user;
      assert.equal(user.standard_attributes.zoneinfo, "Europe/London", "the offline sources still count");
      assert.equal(user.custom_attributes.st, "zoneinfo<-geo+tzdata; ipinfo.io:prompt; gravatar:prompt");
      const lines = r.stderr.split("\n").filter((l) => l.startsWith("enrich-hook: "));
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0], /Deno \d+\.\d+\.\d+ would prompt for net access.*Deno 1\.41\.3.*Self-hosted Authgear/);
    });

    test("the login file with adminApi: nothing read or written, two lines, within its limit", async () => {
      const cfg = withAdmin();
      const event = loginEvent();
      const r = await runHookPty(runtime, hookSource(runtime, cfg, "enrich-login"), event, { timeoutS: 30 });
      assert.equal(r.code, 0, r.stderr);
      assertAccepted(r, event, cfg);
      assert.equal(r.timed_out, false);
      assert.ok(r.ms < cfg.adminApi.timeoutMs + 15_000, `answered after ${r.ms} ms`);
      assert.deepEqual(r.prompts, []);
      assert.equal(admin.requests, 0, "the Admin API was never called");
      // The core's run says its live sources were skipped; the login path, that nothing was written.
      const lines = r.stderr.split("\n").filter((l) => l.startsWith("enrich-hook: "));
      assert.equal(lines.length, 2, r.stderr);
      assert.match(lines[0], /^enrich-hook: live requests skipped: Deno .* would prompt for net access/);
      assert.match(lines[1], /^enrich-hook: login: Admin API: Deno .* would prompt for net access.*; nothing written$/);
    });

    test("a login with nothing missing: no line, no prompt", async () => {
      const cfg = withAdmin();
      const event = loginEvent({ email: "jane@acme.example", zoneinfo: "Europe/London" });
      const full = JSON.parse(event);
      full.payload.user.custom_attributes = { city: "London", job: "CTO", st: "x" };
      const r = await runHookPty(runtime, hookSource(runtime, cfg, "enrich-login"), JSON.stringify(full));
      assertAccepted(r, JSON.stringify(full), cfg);
      assert.deepEqual(r.prompts, []);
      assert.doesNotMatch(r.stderr, /enrich-hook/);
    });

    /**
     * Ten runs of `busy` sent to a fresh authgear-deno (10 slots, a 6 s limit),
     * then a signup given `signupMs`: what each got.
     */
    const tenThenSignup = async (busy, busyEvent, settleMs, signupMs) => {
      const service = await startAuthgearDeno(runtime, { slots: 10, timeoutS: 6 });
      try {
        const runs = Array.from({ length: 10 }, () => callHook(service.url, busy, busyEvent, 60_000));
        await new Promise((r) => setTimeout(r, settleMs));
        const event = sample("email-signup.json");
        const signup = await callHook(service.url, hookSource(runtime, liveConfig()), event, signupMs);
        return { signup, busy: await Promise.all(runs) };
      } finally {
        service.close();
      }
    };

    // What a signup waits for behind ten logins is timed in bench/ (login-burst.mjs); here, what holds
    // on any machine: every login ends by itself, none is killed at the service's limit, and the signup
    // (given a minute, for a busy machine's ten process starts) is then answered.
    test("ten logins at once leave the service's slots free for a signup", async () => {
      const cfg = withAdmin();
      const { signup, busy } = await tenThenSignup(hookSource(runtime, cfg, "enrich-login"), loginEvent(), 300, 60_000);
      assert.equal(signup.gaveUp, false, "the signup got an answer");
      assertAccepted(signup, sample("email-signup.json"), liveConfig());
      assert.ok(signup.response.mutations.user.standard_attributes.zoneinfo, JSON.stringify(signup.body));
      for (const l of busy) {
        assert.equal(l.gaveUp, false);
        assertAccepted(l, loginEvent(), cfg);
        assert.equal(l.body?.error_code, undefined, "no run was killed at the service's limit");
      }
    });

    test("control: ten hung runs fill the slots and the signup fails", async () => {
      const { signup, busy } = await tenThenSignup(bare(geo.base("ok", "ipinfo.io")), loginEvent(), 500, BLOCKING_MS);
      assert.equal(signup.gaveUp, true, `no slot within 5 s, so Authgear fails the signup (${signup.ms} ms)`);
      for (const h of busy) {
        markChecked(h); // a control: killed at the limit, no answer
        assert.equal(h.body?.error_code, "run_timeout", JSON.stringify(h.body));
      }
    });
  });
}

describe("node20: which runtimes lose the prompt's answer (stand-in Deno globals)", { concurrency: 1 }, () => {
  /** The twin's enrich() with `Deno` standing in as `fake`, its plan's requests counted by the mock. */
  const enrichAs = async (fake) => {
    const hook = await import(join(ROOT, "pkg/enrich-hook.mjs"));
    const before = geo.requests.length;
    globalThis.Deno = fake;
    try {
      const out = await hook.enrich(JSON.parse(sample("email-signup.json")), {
        configOverride: { ...liveConfig(), sources: ["geo", ipinfo()] },
      });
      const run = { raw: JSON.stringify(out.response) };
      assertAccepted(run, sample("email-signup.json"), { ...liveConfig(), sources: ["geo", ipinfo()] });
      return { sent: geo.requests.length - before, out };
    } finally {
      delete globalThis.Deno;
    }
  };
  const deno = (version, state, terminal = true) => ({
    version: { deno: version },
    permissions: { querySync: () => ({ state }) },
    stdin: { isTerminal: () => terminal },
    stderr: { isTerminal: () => terminal },
  });

  for (
    const [version, state, terminal, sends] of /** @type {[string, string, boolean, boolean][]} */ ([
      ["1.41.3", "prompt", true, true], // Authgear's own image: the answer is read
      ["1.42.1", "prompt", true, true],
      ["1.42.2", "prompt", true, false], // denoland/deno#23184: input flushed after the prompt
      ["1.46.3", "prompt", true, false],
      ["2.0.6", "prompt", true, false],
      ["2.9.6", "granted", true, true], // --allow-net: no prompt
      ["2.9.6", "prompt", false, true], // no terminal: Deno refuses at once, nothing waits
    ])
  ) {
    test(`Deno ${version}, net ${state}${terminal ? " on a terminal" : ""}: ${sends ? "sent" : "not sent"}`, async () => {
      const { sent, out } = await enrichAs(deno(version, state, terminal));
      assert.equal(sent, sends ? 1 : 0);
      assert.equal(
        out.diagnostics.some((d) => /would prompt for net access/.test(d)),
        !sends,
        out.diagnostics.join("\n"),
      );
    });
  }
});
