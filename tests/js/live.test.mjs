// Live sources through the Authgear-faithful harness (now with
// --allow-net=127.0.0.1:<port>), against the mock providers: every preset's
// documented answer, every fault, concurrency, deadline, retries, cost.
import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { hookSource, ROOT, runHook, RUNTIMES, sample } from "./harness.mjs";
import { assertAccepted } from "./contract.mjs";
import { startMock } from "./mock-providers.mjs";

const DEADLINE = 1000;
const CUSTOM = {
  country: { type: "country_code", from: "country" },
  region: { type: "string", from: "region" },
  city: { type: "string", from: "city" },
  postal: { type: "string", from: "postal_code" },
  lat: { type: "number", from: "latitude", minimum: -90, maximum: 90 },
  lon: { type: "number", from: "longitude", minimum: -180, maximum: 180 },
  tz: { type: "string", from: "timezone" },
  full_name: { type: "string", from: "name" },
  job: { type: "string", from: "job_title" },
  employer: { type: "string", from: "company" },
  employer_url: { type: "url", from: "company_website" },
  avatar: { type: "url", from: "avatar_url" },
};
const config = (sources, extra = {}) => ({
  standard: { zoneinfo: "timezone" },
  custom: CUSTOM,
  sources,
  deadlineMs: DEADLINE,
  ...extra,
});
const LONDON = { country: "GB", region: "England", city: "London", lat: 51.5085, lon: -0.1257, tz: "Europe/London" };
// The presets by what they look up, from src/providers/presets.json: a new
// preset is tested here, or (person, company) fails for want of an expectation.
const SPECS = JSON.parse(readFileSync(`${ROOT}/src/providers/presets.json`, "utf8"));
const inputOf = (name) => SPECS[name].input ?? inputOf(SPECS[name].extends);
const presetsFor = (input) => Object.keys(SPECS).filter((n) => !n.startsWith("_") && inputOf(n) === input);
const IP_PRESETS = presetsFor("ip");
const PERSON = {
  gravatar: {
    full_name: "Jane Doe",
    job: "CTO",
    employer: "Acme",
    avatar: "https://0.gravatar.com/avatar/abc",
    tz: "Europe/London",
  },
  // Its `website` is Jane's own site: never her employer's.
  // A hashed e-mail alone brings back no names or social URLs (FullContact's
  // "Multi-field request"): not mapped, though this answer carries them.
  fullcontact: {
    full_name: undefined,
    job: "CTO",
    employer: "Acme",
    avatar: "https://img.fullcontact.example/jane.png",
    employer_url: undefined,
  },
  // Asked for display case (titlecase=true): the mock answers lower case otherwise.
  peopledatalabs: {
    full_name: "Jane Doe",
    job: "Chief Technology Officer",
    employer: "Acme",
    employer_url: "https://acme.example",
  },
  apollo: {
    full_name: "Jane Doe",
    job: "CTO",
    employer: "Acme",
    employer_url: "http://www.acme.example",
    avatar: "https://img.apollo.example/jane.png",
  },
};
/** README "Worked example: company data for a B2B product". */
const B2B = {
  company: { type: "string", from: "company" },
  industry: {
    type: "enum",
    enum: ["software", "internet", "other"],
    from: "industry",
    map: { "computer software": "software", "internet software & services": "internet" },
  },
  employees: { type: "integer", from: "employee_count", minimum: 0 },
  size_band: { type: "string", from: "employee_range" },
};

let mock;
before(async () => (mock = await startMock()));
after(() => mock.close());
beforeEach(() => mock.reset());

const src = (preset, scenario, extra = {}) => ({
  preset,
  key: "test-key",
  baseUrl: mock.base(scenario, preset),
  allowHttp: true,
  ...extra,
});
const custom = (r) => r.mutations?.user?.custom_attributes ?? {};
const pick = (o, keys) => Object.fromEntries(keys.map((k) => [k, o[k]]));
const EMAIL = /jane@acme\.example/;

for (const runtime of Object.keys(RUNTIMES)) {
  describe(`${runtime}: live sources`, { concurrency: 1 }, () => {
    const run = async (cfg, event = sample("email-signup.json")) => {
      const r = await runHook(runtime, hookSource(runtime, cfg), event, { allowNet: `127.0.0.1:${mock.port}` });
      assert.equal(r.code, 0, r.stderr);
      assertAccepted(r, event, cfg);
      assert.doesNotMatch(r.stderr, EMAIL);
      assert.doesNotMatch(r.stderr, /test-key/, "diagnostics never carry keys");
      return r;
    };

    for (const preset of IP_PRESETS) {
      test(`${preset}: the documented answer fills location fields`, async () => {
        const r = await run(config([src(preset, "ok")]));
        // IPinfo Lite (free) answers the country only; the time zone follows from it.
        const want = preset === "ipinfo-lite" ? { country: "GB", tz: "Europe/London" } : LONDON;
        assert.deepEqual(Object.fromEntries(Object.entries(custom(r.response)).filter(([k]) => k in LONDON)), want);
        assert.equal(r.response.mutations.user.standard_attributes.zoneinfo, "Europe/London");
        assert.equal(mock.count("ok", preset), 1);
        assert.ok(mock.requests[0].url.includes("81.2.69.160"), mock.requests[0].url);
      });
    }

    // Issue 21: pay once per fact. A free source first, a paid one as its fallback.
    test("a fallback source is not called when the source before it answered every field", async () => {
      const r = await run(config([src("ipapi.co", "ok"), src("ipinfo.io", "ok", { fallback: true })]));
      assert.deepEqual(pick(custom(r.response), Object.keys(LONDON)), LONDON);
      assert.equal(mock.count("ok", "ipapi.co"), 1);
      assert.equal(mock.count("ok", "ipinfo.io"), 0, "never requested, so never billed");
    });
    test("without fallback both are called (the behaviour fallback exists to avoid)", async () => {
      await run(config([src("ipapi.co", "ok"), src("ipinfo.io", "ok")]));
      assert.equal(mock.count("ok", "ipapi.co") + mock.count("ok", "ipinfo.io"), 2);
    });
    test("a fallback source is called once the source before it failed, not before", async () => {
      // ipapi.co answers after 300 ms with an answer its failIf rejects. The
      // deadline leaves the fallback's 500 ms room after that, however busy
      // the machine: it is 3000 ms (the most), and the order is read from the
      // mock's sequence of events, not from clocks.
      const first = { ...src("ipapi.co", "slow-300"), failIf: [{ pointer: "/city", equals: "London" }] };
      const fallback = src("ipinfo.io", "ok", { fallback: true, timeoutMs: 500 });
      const r = await run(config([first, fallback], { deadlineMs: 3000 }));
      assert.deepEqual(pick(custom(r.response), Object.keys(LONDON)), LONDON);
      assert.equal(mock.count("slow-300", "ipapi.co"), 1);
      assert.equal(mock.count("ok", "ipinfo.io"), 1);
      const [a, b] = mock.requests;
      assert.equal(b.preset, "ipinfo.io");
      assert.ok(b.seq > a.answered, "the fallback was requested only after the first source's answer");
    });
    test("a fallback source whose timeout no longer fits the deadline is skipped, and the status says so", async () => {
      const cfg = {
        ...config([
          src("ipapi.co", `slow-${DEADLINE - 200}`),
          src("ipinfo.io", "ok", { fallback: true, timeoutMs: 500 }),
        ]),
        statusAttribute: "st",
      };
      cfg.custom = { ...cfg.custom, st: { type: "string" } };
      cfg.sources[0] = { ...cfg.sources[0], failIf: [{ pointer: "/city", equals: "London" }] };
      const r = await run(cfg);
      const why = `status ${custom(r.response).st}; log ${r.stderr}; requests ${
        JSON.stringify(mock.requests.map((q) => [q.preset, q.scenario, q.seq, q.answered, q.aborted, q.at]))
      }`;
      assert.equal(mock.count("ok", "ipinfo.io"), 0, why);
      assert.match(custom(r.response).st, /ipinfo\.io:skipped/);
    });

    test("every e-mail and domain preset has its expectation here", () => {
      assert.deepEqual(Object.keys(PERSON).sort(), presetsFor("email").sort());
      assert.deepEqual(Object.keys(COMPANY).sort(), presetsFor("domain").sort());
    });
    for (const [preset, want] of Object.entries(PERSON)) {
      test(`${preset}: person fields, and only a hash of the e-mail leaves the hook`, async () => {
        const r = await run(config([src(preset, "ok")]));
        assert.deepEqual(pick(custom(r.response), Object.keys(want)), want);
        const req = mock.requests[0];
        assert.doesNotMatch(`${req.url} ${req.body} ${JSON.stringify(req.headers)}`, /jane|acme/i);
        assert.match(`${req.url} ${req.body}`, /[0-9a-f]{64}/);
      });
    }

    // Faults: the faulty source first, a good one after it. The good one's
    // fields arrive; the signup is never failed; the answer comes in time.
    const FAULTS = {
      "hangs forever": "hang",
      "slow headers past the deadline": "slow-30000",
      "a body that drips past the deadline": "drip",
      "a 10 MB body": "huge",
      "a 10 MB body, its length declared": "huge-declared",
      "a 10 MB body with a blank Content-Length": "huge-blank-length",
      "a gzip body that inflates to 10 MB": "gzip-bomb",
      "HTTP 500": "status-500",
      "quota (429)": "status-429",
      "ipdata-style quota (403)": "status-403",
      "PDL-style out of credits (402)": "status-402",
      "an HTML error page": "html",
      "an empty body": "empty",
      "a redirect": "redirect",
      "connection reset": "reset",
      "an error body at HTTP 200": "error200",
      "Retry-After beyond the budget": "status-429-ra-30",
    };
    test("Retry-After beyond the budget: no retry, no waiting", async () => {
      const r = await run(config([src("ipapi.co", "status-429-ra-30")]));
      assert.equal(mock.count("status-429-ra-30", "ipapi.co"), 1);
      // Waiting out the Retry-After would take 30 s; a busy machine's start, a few.
      assert.ok(r.ms < 15_000, `answered in ${r.ms} ms`);
    });
    for (const [name, scenario] of Object.entries(FAULTS)) {
      test(`fault: ${name}`, async () => {
        const r = await run(config([src("ipapi.co", scenario), src("ipwho.is", "ok")]));
        assert.deepEqual(pick(custom(r.response), Object.keys(LONDON)), LONDON, r.stderr);
        assert.match(r.stderr, /enrich-hook: source ipapi\.co failed/);
        // The faults that never end (hang, drip, 30 s headers) would hold the
        // hook for 30 s or more: it answers at its deadline, plus a busy
        // machine's process start.
        assert.ok(r.ms < DEADLINE + 15_000, `answered in ${r.ms} ms`);
        // One retry at most, and only where it can help (429, 5xx). (After a
        // reset, Deno's HTTP client may itself retry once: not counted here.)
        // A blank Content-Length is a network error to the runtimes: retried once.
        const retryable = /^status-(429|5\d\d)$/.test(scenario) || scenario === "huge-blank-length";
        // The runtimes' fetch refuses a blank Content-Length itself (a
        // TypeError); the shim trusts only a length of digits either way.
        if (/^(huge|gzip)/.test(scenario) && scenario !== "huge-blank-length") {
          assert.match(r.stderr, /larger than 256 KiB/);
        }
        if (scenario !== "reset") {
          assert.ok(
            mock.count(scenario, "ipapi.co") <= (retryable ? 2 : 1),
            `${mock.count(scenario, "ipapi.co")} requests`,
          );
        }
      });
    }

    const COMPANY = {
      "apollo-organization": ["/api/v1/organizations/enrich?domain=acme.example", {
        company: "Acme",
        industry: "software",
        employees: 120,
      }],
      "peopledatalabs-company": ["/v5/company/enrich?website=acme.example&titlecase=true", {
        company: "Acme",
        industry: "software",
        employees: 120,
        size_band: "51-200",
      }],
      // Hunter's key travels in its X-API-KEY header, not the URL (asserted below).
      hunter: ["/v2/companies/find?domain=acme.example", {
        company: "Acme",
        industry: "internet",
        size_band: "51-200",
      }],
    };
    test("hunter: a configured website from the domain Hunter answers, validated as a URL", async () => {
      const site = { site: { type: "url", from: "company_website" } };
      const r = await run({ custom: { ...B2B, ...site }, sources: [src("hunter", "ok")], deadlineMs: DEADLINE });
      assert.equal(custom(r.response).site, "https://acme.example");
    });

    for (const [preset, [path, want]] of Object.entries(COMPANY)) {
      test(`${preset}: a work e-mail's company by its domain alone`, async () => {
        const r = await run({ custom: B2B, sources: [src(preset, "ok")], deadlineMs: DEADLINE });
        assert.deepEqual(custom(r.response), want);
        assert.equal(mock.requests.length, 1);
        assert.equal(`${mock.requests[0].method} ${mock.requests[0].url}`, `GET /ok/${preset}${path}`);
        assert.equal(mock.requests[0].body, "");
        assert.doesNotMatch(mock.requests[0].url, /test-key/, "no key in the URL");
        // Free mail: no request at all.
        await run(
          { custom: B2B, sources: [src(preset, "ok")], deadlineMs: DEADLINE },
          sample("email-signup.json").replaceAll("jane@acme.example", "jane@gmail.com"),
        );
        assert.equal(mock.requests.length, 1);
      });
    }

    // Requests per documented quota answer: a spent quota is never retried;
    // ipapi.co's 429 may be a burst limit (the default `burst`), tried once more.
    const QUOTA_REQUESTS = { "ipapi.co": 2, "ipdata.co": 1, maxmind: 1, peopledatalabs: 1, hunter: 1 };
    for (const [preset, requests] of Object.entries(QUOTA_REQUESTS)) {
      test(`${preset}: its documented quota answer is reported, retried only as a burst limit`, async () => {
        const cfg = {
          ...config([src(preset, "quota")], { statusAttribute: "enrich_status" }),
          custom: { ...CUSTOM, enrich_status: { type: "string" } },
        };
        const r = await run(cfg);
        assert.equal(mock.count("quota", preset), requests);
        assert.match(custom(r.response).enrich_status, new RegExp(`${preset.replace(".", "\\.")}:\\d{3}-quota`));
      });
    }

    test("Hunter's 403 (its per-second limit) is retried once", async () => {
      await run(config([src("hunter", "status-403")]), sample("email-signup.json"));
      assert.equal(mock.count("status-403", "hunter"), 2);
    });

    test("a bare 429 is retried once, a 429 with Retry-After never", async () => {
      await run(config([src("ipinfo.io", "status-429")]));
      assert.equal(mock.count("status-429", "ipinfo.io"), 2);
      await run(config([src("ipinfo.io", "status-429-ra-1")]));
      assert.equal(mock.count("status-429-ra-1", "ipinfo.io"), 1);
    });

    test("placeholder values are never written", async () => {
      const r = await run(config([src("ipapi.co", "placeholder")]));
      assert.equal(custom(r.response).city, "London");
      assert.equal(custom(r.response).region, undefined);
      assert.equal(custom(r.response).postal, undefined);
      assert.match(r.stderr, /ignored postal_code: a placeholder, not data/);
    });

    test("a changed API is reported, in the log and the status attribute", async () => {
      const cfg = {
        ...config([src("ipinfo.io", "changed")], { statusAttribute: "enrich_status" }),
        custom: { ...CUSTOM, enrich_status: { type: "string" } },
      };
      const r = await run(cfg);
      assert.match(r.stderr, /source ipinfo\.io failed: the answer holds none of the fields this source reads/);
      assert.match(custom(r.response).enrich_status, /ipinfo\.io:200-changed/);
    });

    test("no match from a person source is not a failure", async () => {
      const r = await run(config([src("apollo", "nomatch")]));
      assert.doesNotMatch(r.stderr, /failed/);
    });

    test("wrong types: coordinates as strings, a country name, an offset as zone", async () => {
      const r = await run(config([src("ipapi.co", "wrongtypes")]));
      const c = custom(r.response);
      assert.equal(c.country, undefined, "a country name is not a code");
      assert.equal(c.lon, -0.1257, "a numeric string becomes a number");
      assert.equal(c.lat, undefined, '"north" is not a number');
      assert.equal(r.response.mutations.user.standard_attributes?.zoneinfo, undefined, "+01:00 is never a zoneinfo");
      assert.match(r.stderr, /dropped country from ipapi\.co/);
    });

    test("permission denied or connection refused is a source failure", async () => {
      const other = { ...src("ipapi.co", "ok"), baseUrl: `http://127.0.0.1:${mock.port === 1 ? 2 : 1}/ok/ipapi.co` };
      const r = await run(config([other, src("ipwho.is", "ok")]));
      assert.equal(custom(r.response).city, "London");
      assert.match(r.stderr, /source ipapi\.co failed/);
    });

    test("a 503 is retried once and then succeeds", async () => {
      const r = await run(config([src("ipinfo.io", "flaky")]));
      assert.equal(custom(r.response).city, "London");
      assert.equal(mock.count("flaky", "ipinfo.io"), 2);
    });

    test("three sources run at once", async () => {
      // The mock answers none of them until all three have arrived: one after
      // another, the first would wait forever and the deadline would pass.
      const cfg = config([src("ipinfo.io", "barrier-3"), src("ipwho.is", "barrier-3"), src("ipapi.co", "barrier-3")], {
        deadlineMs: 3000,
      });
      const r = await run(cfg);
      assert.deepEqual(pick(custom(r.response), Object.keys(LONDON)), LONDON);
      assert.equal(mock.count("barrier-3"), 3);
      assert.ok(mock.requests.every((q) => q.answered !== undefined), "all three answered");
    });

    test("a source that is not needed is not called", async () => {
      // Only the country is wanted, and the free offline source before it has it.
      const cfg = {
        custom: { country: { type: "country_code", from: "country" } },
        sources: ["geo", src("ipinfo.io", "ok")],
        deadlineMs: DEADLINE,
      };
      const r = await run(cfg);
      assert.equal(custom(r.response).country, "GB");
      assert.equal(mock.requests.length, 0);
      // Already filled under the fill policy: not called either.
      const filled = sample("email-signup.json").replace(
        '"custom_attributes": {}',
        '"custom_attributes": {"country": "FR"}',
      );
      await run({ ...cfg, sources: [src("ipinfo.io", "ok")] }, filled);
      assert.equal(mock.requests.length, 0);
    });

    test("a slower lower-priority source is aborted once the first settles everything", async () => {
      const r = await run(config([src("ipinfo.io", "ok"), src("ipwho.is", "slow-30000")], { deadlineMs: 3000 }));
      assert.deepEqual(pick(custom(r.response), Object.keys(LONDON)), LONDON);
      const [fast, slow] = [
        mock.requests.find((q) => q.preset === "ipinfo.io"),
        mock.requests.find((q) => q.preset === "ipwho.is"),
      ];
      assert.ok(slow.aborted > fast.answered, "the slow request was given up on once the first answered");
    });

    test("IP sources are skipped for private IPs and for admin-created users", async () => {
      const priv = sample("email-signup.json").replace("81.2.69.160", "10.1.2.3");
      await run(config([src("ipinfo.io", "ok")]), priv);
      const admin = sample("email-signup.json").replace('"triggered_by": "user"', '"triggered_by": "admin_api"');
      await run(config([src("ipinfo.io", "ok")]), admin);
      assert.equal(mock.requests.length, 0);
    });
  });
}
