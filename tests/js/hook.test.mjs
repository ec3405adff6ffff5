// The built hook, run as Authgear runs it, on Deno 2, Deno 1.46 and Node 20:
// every sample signup, the edge cases of the event, and bad input. Each
// response must satisfy the contract and carry exactly the expected values.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { hookSource, runHook, RUNTIMES, sample } from "./harness.mjs";
import { assertAccepted } from "./contract.mjs";

const DEFAULT_CONFIG = { standard: { zoneinfo: "timezone", locale: "locale" } };
const FULL_CONFIG = {
  standard: { zoneinfo: "timezone", locale: "locale", address: { country: "country" } },
  custom: {
    country: { type: "country_code", from: "country" },
    company: { type: "string", from: "company_domain" },
    company_url: { type: "url", from: "company_website" },
    tier: { type: "enum", enum: ["free", "pro"], from: "company", policy: "never" },
    score: { type: "integer", from: "latitude", minimum: 0, maximum: 100 },
    lat: { type: "number", from: "latitude", minimum: -90, maximum: 90 },
    shown_name: { type: "string", from: "name" },
  },
};

const event = (name, edit) => {
  const e = JSON.parse(sample(name));
  edit?.(e);
  return e;
};
const std = (r) => r.mutations?.user?.standard_attributes;
const custom = (r) => r.mutations?.user?.custom_attributes;

/** name -> { input (object or raw text), config, expect(response, stderr) }
 * @type {Record<string, { input: any, config?: any, expect: (r: any, stderr: string) => void }>} */
const CASES = {
  "e-mail signup, default config": {
    input: event("email-signup.json"),
    expect(r) {
      assert.deepEqual(std(r), { email: "jane@acme.example", zoneinfo: "Europe/London", locale: "en-GB" });
      assert.equal(custom(r), undefined, "custom attributes untouched when none are configured");
    },
  },
  "e-mail signup, full config": {
    input: event("email-signup.json"),
    config: FULL_CONFIG,
    expect(r) {
      assert.deepEqual(custom(r), { country: "GB", company: "acme.example", company_url: "https://acme.example" });
      assert.deepEqual(std(r).address, { country: "GB" });
    },
  },
  "phone signup over IPv6": {
    input: event("phone-signup.json"),
    config: FULL_CONFIG,
    expect(r) {
      assert.equal(std(r).phone_number, "+85298765432");
      assert.equal(std(r).zoneinfo, "Asia/Hong_Kong");
      assert.equal(std(r).locale, "zh-Hant-HK");
      assert.deepEqual(custom(r), { country: "HK" });
    },
  },
  "OAuth signup keeps the provider's claims": {
    input: event("oauth-google-signup.json"),
    config: FULL_CONFIG,
    expect(r) {
      const s = std(r);
      assert.equal(s.locale, "ja", "the IdP's locale is kept under fill");
      assert.equal(s.zoneinfo, "Asia/Tokyo");
      assert.equal(s.name, "Kenji Sato");
      assert.equal(s.picture, "https://lh3.googleusercontent.com/a/ACg8ocJ-example=s96-c");
      assert.deepEqual(custom(r), { country: "JP", shown_name: "Kenji Sato" }, "no company from gmail.com");
    },
  },
  "admin-created user gets no request-derived values": {
    input: event("admin-created.json"),
    config: FULL_CONFIG,
    expect(r) {
      assert.equal(std(r), undefined, "no zoneinfo/locale/country from the admin's request");
      assert.deepEqual(custom(r), { company: "globex.example", company_url: "https://globex.example" });
    },
  },
  "attributes already set come back unchanged": {
    input: event("email-signup.json", (e) => {
      e.payload.user.custom_attributes = {
        country: "FR",
        tier: "pro",
        score: 42,
        lat: 12.5,
        legacy_flag: "yes",
        notes: "x",
      };
      Object.assign(e.payload.user.standard_attributes, {
        zoneinfo: "America/New_York",
        locale: "fr-FR",
        given_name: "Ann",
        address: { locality: "Paris" },
      });
    }),
    config: {
      ...FULL_CONFIG,
      custom: { ...FULL_CONFIG.custom, legacy_flag: { type: "string" }, notes: { type: "string" } },
    },
    expect(r) {
      assert.deepEqual(custom(r), {
        country: "FR",
        tier: "pro",
        score: 42,
        lat: 12.5,
        legacy_flag: "yes",
        notes: "x",
        company: "acme.example",
        company_url: "https://acme.example",
      });
      const s = std(r);
      assert.equal(s.zoneinfo, "America/New_York");
      assert.equal(s.locale, "fr-FR");
      assert.equal(s.given_name, "Ann");
      assert.deepEqual(s.address, { locality: "Paris", country: "GB" });
    },
  },
  "a stored custom attribute missing from the config: nothing written, one line naming it": {
    input: event("email-signup.json", (e) => {
      e.payload.user.custom_attributes = { country: "FR", legacy_flag: "yes" };
    }),
    config: FULL_CONFIG,
    expect(r, stderr) {
      assert.deepEqual(r, { is_allowed: true });
      assert.match(
        stderr,
        /^enrich-hook: custom attributes missing from the config, so unchecked: legacy_flag; nothing/m,
      );
    },
  },
  "geo_location_code null": {
    input: event("email-signup.json", (e) => (e.context.geo_location_code = null)),
    config: FULL_CONFIG,
    expect(r) {
      assert.equal(std(r).zoneinfo, undefined);
      assert.equal(std(r).locale, "en-GB");
      assert.equal(custom(r).country, undefined);
    },
  },
  "no IP address at all": {
    input: event("email-signup.json", (e) => {
      delete e.context.ip_address;
      delete e.context.geo_location_code;
      e.context.preferred_languages = [];
      delete e.context.language; // the last fallback for locale
    }),
    expect(r) {
      assert.equal(r.mutations, undefined, "nothing to add: no mutation at all");
    },
  },
  "unknown extra fields are ignored": {
    input: event("email-signup.json", (e) => {
      e.context.audit_context = { http_referer: "https://x.example" };
      e.context.oauth = { state: "s" };
      e.payload.user.x_web3 = { accounts: [] };
      e.payload.future_field = [1, 2, 3];
      e.brand_new = { nested: true };
    }),
    expect(r) {
      assert.equal(std(r).zoneinfo, "Europe/London");
    },
  },
  "another event type is allowed untouched": {
    input: event("email-signup.json", (e) => (e.type = "user.created")),
    expect(r) {
      assert.deepEqual(r, { is_allowed: true });
    },
  },
};

const BAD = {
  "null": "null",
  "a string": JSON.stringify("user.pre_create"),
  "an array": "[1,2,3]",
  "missing payload": JSON.stringify({ type: "user.pre_create", context: {} }),
  "wrong types everywhere": JSON.stringify({
    type: "user.pre_create",
    payload: { user: { standard_attributes: [], custom_attributes: "x" }, identities: "none" },
    context: { preferred_languages: "en", geo_location_code: 44, triggered_by: 7, ip_address: ["81.2.69.160"] },
  }),
  "a 1 MB event": (() => {
    const e = event("email-signup.json");
    for (let i = 0; i < 1000; i++) e.payload.user.custom_attributes[`field_${i}`] = "v".repeat(1000);
    return JSON.stringify(e);
  })(),
};

const EMAIL = /[^\s"'<>()]+@[^\s"'<>()]+\.[a-z]+/i;
const FULL_IPV4 = /\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/;

for (const runtime of Object.keys(RUNTIMES)) {
  describe(`${runtime}: Authgear-faithful runs`, { concurrency: 2 }, () => {
    const sources = new Map();
    const sourceFor = (config) => {
      const key = JSON.stringify(config ?? null);
      if (!sources.has(key)) sources.set(key, hookSource(runtime, config));
      return sources.get(key);
    };

    for (const [name, c] of Object.entries(CASES)) {
      test(name, async () => {
        const run = await runHook(runtime, sourceFor(c.config), JSON.stringify(c.input));
        assert.equal(run.code, 0, `runner failed: ${run.stderr}`);
        assertAccepted(run, JSON.stringify(c.input), c.config ?? DEFAULT_CONFIG);
        c.expect(run.response, run.stderr);
        assert.doesNotMatch(run.stderr, EMAIL);
        assert.doesNotMatch(run.stderr, FULL_IPV4);
      });
    }

    for (const [name, text] of Object.entries(BAD)) {
      test(`bad input: ${name}`, async () => {
        const run = await runHook(runtime, sourceFor(FULL_CONFIG), text);
        assert.equal(run.code, 0, `runner failed: ${run.stderr}`);
        assertAccepted(run, text, FULL_CONFIG);
        if (name !== "a 1 MB event") {
          assert.match(run.stderr, /^enrich-hook: /m, "a diagnostic explains what was wrong");
        }
        assert.doesNotMatch(run.stderr, EMAIL);
        assert.doesNotMatch(run.stderr, FULL_IPV4);
      });
    }

    test("bad config: one diagnostic, no mutations", async () => {
      const src = sourceFor({ custom: { country: { type: "contry_code", from: "country" } } });
      const run = await runHook(
        runtime,
        runtime === "node20" ? src : src.replace("const config: EnrichConfig", "const config: any"),
        sample("email-signup.json"),
      );
      assert.equal(run.code, 0);
      assertAccepted(run, sample("email-signup.json"), {
        custom: { country: { type: "contry_code", from: "country" } },
      });
      assert.deepEqual(run.response, { is_allowed: true });
      const lines = run.stderr.trim().split("\n");
      assert.equal(lines.length, 1, run.stderr);
      assert.match(
        lines[0],
        /^enrich-hook: bad config, enrichment is off: config\.custom\.country\.type: "contry_code"/,
      );
    });

    test("a wasm that cannot load answers allowed", async () => {
      // 16 × "~" is beyond 13 bytes: the text decoder refuses the block.
      const src = sourceFor(undefined).replace(
        /const WASM_LZMA_TEXT = "(.{32})/,
        `const WASM_LZMA_TEXT = "${"~".repeat(32)}`,
      );
      assert.notEqual(src, sourceFor(undefined));
      const run = await runHook(runtime, src, sample("email-signup.json"));
      assert.equal(run.code, 0, run.stderr);
      assertAccepted(run, sample("email-signup.json"), undefined);
      assert.deepEqual(run.response, { is_allowed: true });
      assert.match(run.stderr, /enrich-hook: the WebAssembly core did not load/);
    });
  });
}
