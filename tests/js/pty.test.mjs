// The built hook under a runner that behaves as authgear-deno's does: Deno
// with stdin and stderr on a pseudo-terminal, PROMPTING for every permission
// the command line lacks, each prompt answered in turn (net for the mock's
// hosts after a modelled DNS lookup, anything else refused). On Deno 2 and
// Deno 1.46: the samples, two live sources on two hosts, faults, a refused
// host and a slow lookup.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { hookSource, ROOT, runHookPty, sample } from "./harness.mjs";
import { assertAccepted } from "./contract.mjs";
import { startMock } from "./mock-providers.mjs";

const DEADLINE = 1000;
const DNS_MS = 300;
/** Deno's start, the import and the runner's own work, on top of the deadline. */
const START_ALLOWANCE = 600;
const SAMPLES = readdirSync(join(ROOT, "samples")).filter((f) => f.endsWith(".json") && !f.startsWith("config"));
const CUSTOM = { city: { type: "string", from: "city" }, job: { type: "string", from: "job_title" } };

let geo, person;
before(async () => {
  geo = await startMock();
  person = await startMock();
});
after(() => Promise.all([geo.close(), person.close()]));

const hosts = () => [`127.0.0.1:${geo.port}`, `127.0.0.1:${person.port}`];
const config = (sources) => ({ standard: { zoneinfo: "timezone" }, custom: CUSTOM, deadlineMs: DEADLINE, sources });
const ipinfo = (scenario) => ({
  preset: "ipinfo.io",
  key: "pty-key",
  baseUrl: geo.base(scenario, "ipinfo.io"),
  allowHttp: true,
});
const gravatar = (scenario) => ({ preset: "gravatar", baseUrl: person.base(scenario, "gravatar"), allowHttp: true });

for (const runtime of ["deno2", "deno1"]) {
  describe(`${runtime}: under a prompting runner, as authgear-deno runs it`, { concurrency: 1 }, () => {
    const run = async (cfg, event = sample("email-signup.json"), opts = {}) => {
      const r = await runHookPty(runtime, hookSource(runtime, cfg), event, {
        allow: hosts(),
        delayMs: DNS_MS,
        ...opts,
      });
      assert.equal(r.code, 0, r.stderr);
      assertAccepted(r, event, cfg);
      const other = r.prompts.filter((p) => p.kind !== "net");
      assert.deepEqual(other, [], "never a prompt for anything but the network");
      assert.doesNotMatch(r.stderr, /pty-key|jane@acme\.example/);
      return r;
    };

    for (const name of SAMPLES) {
      test(`${name}: offline, no prompt at all`, async () => {
        const r = await run(undefined, sample(name));
        assert.deepEqual(r.prompts, []);
      });
    }

    test("two live sources on two hosts: prompts answered one after the other, still within the deadline", async () => {
      const r = await run(config(["geo", ipinfo("ok"), gravatar("ok")]));
      assert.deepEqual(r.prompts.map((p) => [p.target, p.answer]), hosts().map((h) => [h, "y"]));
      assert.ok(r.prompts[1].asked_ms >= r.prompts[0].at_ms, "one prompt at a time");
      const custom = r.response.mutations.user.custom_attributes;
      assert.deepEqual(custom, { city: "London", job: "CTO" }, "both sources answered");
      assert.ok(r.ms < DEADLINE + START_ALLOWANCE, `answered after ${r.ms} ms`);
    });

    for (const scenario of ["hang", "status-500", "html", "reset", "drip", `slow-${DEADLINE * 2}`]) {
      test(`fault ${scenario}: a valid answer within the deadline`, async () => {
        const r = await run(config([ipinfo(scenario), gravatar("ok")]));
        assert.equal(r.response.mutations.user.custom_attributes.job, "CTO", "the healthy source still counts");
        assert.match(r.stderr, /enrich-hook: source ipinfo\.io failed/);
        assert.ok(r.ms < DEADLINE + START_ALLOWANCE, `answered after ${r.ms} ms`);
      });
    }

    test("a host the runner refuses fails its source only", async () => {
      const r = await run(config([ipinfo("ok"), gravatar("ok")]), undefined, { allow: [hosts()[1]] });
      assert.deepEqual(r.prompts.map((p) => p.answer), ["n", "y"]);
      assert.equal(r.response.mutations.user.custom_attributes.job, "CTO");
      assert.match(r.stderr, /source ipinfo\.io failed/);
    });

    test("a lookup slower than the deadline: the prompt blocks, the hook still answers", async () => {
      const slow = DEADLINE + 500;
      const r = await run(config(["geo", ipinfo("ok")]), undefined, { delayMs: slow });
      assert.equal(r.response.is_allowed, true);
      assert.equal(r.response.mutations.user.standard_attributes.zoneinfo, "Europe/London", "offline values kept");
      assert.ok(r.ms >= slow, "Deno's prompt blocks the event loop: the README's budget counts it");
    });
  });
}
