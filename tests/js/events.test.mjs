// One pasted file serves every event: each response matches that event's
// allowed shape (validated by contract.mjs) and carries the right values.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { hookSource, runHook, RUNTIMES, sample } from "./harness.mjs";
import { assertAccepted } from "./contract.mjs";

const CLAIM = "https://enrich-hook/claims/ask";
const CONFIG = {
  standard: { zoneinfo: "timezone", locale: { from: "locale", policy: "overwrite" } },
  custom: {
    company_domain: { type: "string", from: "company_domain", policy: "overwrite" },
    job: { type: "string", from: "job_title" },
  },
  onProfileUpdate: true,
  progressive: {
    ask: ["given_name", "family_name", "custom:company_domain", "custom:job", "address.locality"],
    count: 2,
  },
};

const CASES = {
  "user.profile.pre_update fills only what is still empty": {
    event: sample("profile-update.json"),
    expect(r) {
      const s = r.mutations.user.standard_attributes;
      assert.equal(s.zoneinfo, "Europe/London");
      assert.equal(s.locale, "fr-FR", "what the user just set survives, even under overwrite");
      assert.equal(r.mutations.user.custom_attributes, undefined);
    },
  },
  "oidc.jwt.pre_create gets the next attributes to ask for": {
    event: sample("jwt-pre-create.json"),
    expect(r) {
      assert.deepEqual(r.mutations.jwt.payload[CLAIM], ["family_name", "custom:job"]);
    },
  },
  "oidc.id_token.pre_create too": {
    event: sample("id-token-pre-create.json"),
    expect(r) {
      assert.deepEqual(r.mutations.id_token.payload[CLAIM], ["family_name", "custom:job"]);
    },
  },
  "any other event is allowed untouched": {
    event: sample("email-signup.json").replace('"user.pre_create"', '"authentication.post_identified"'),
    expect(r) {
      assert.deepEqual(r, { is_allowed: true });
    },
  },
};

for (const runtime of Object.keys(RUNTIMES)) {
  describe(`${runtime}: every event type`, { concurrency: 2 }, () => {
    const src = hookSource(runtime, CONFIG);
    for (const [name, c] of Object.entries(CASES)) {
      test(name, async () => {
        const r = await runHook(runtime, src, c.event);
        assert.equal(r.code, 0, r.stderr);
        assertAccepted(r, c.event, CONFIG);
        c.expect(r.response);
      });
    }
  });
}

// The status line as memory on a profile update (src/status.rs): what it
// records is kept, a value it says the hook set that is gone now is not
// filled again, and a changed line alone is no reason to write.
const STATUS = {
  standard: { zoneinfo: "timezone", locale: "locale" },
  custom: { company_domain: { type: "string", from: "company_domain" }, st: { type: "string" } },
  statusAttribute: "st",
  onProfileUpdate: true,
};
const updateWith = (std, custom) => {
  const e = JSON.parse(sample("profile-update.json"));
  e.payload.user.standard_attributes = { email: "jane@acme.example", ...std };
  e.payload.user.custom_attributes = custom;
  return JSON.stringify(e);
};
const STATUS_CASES = {
  "everything held: no write, though this run's line would differ": {
    event: updateWith({ zoneinfo: "Europe/London", locale: "en-GB" }, {
      company_domain: "acme.example",
      st: "zoneinfo,locale<-languages; custom:company_domain<-email; ipinfo.io:429",
    }),
    expect: (r) => assert.deepEqual(r, { is_allowed: true }),
  },
  "zoneinfo cleared by the user after the hook set it: left empty": {
    event: updateWith({ locale: "en-GB" }, {
      company_domain: "acme.example",
      st: "zoneinfo<-geo+tzdata; locale<-languages; custom:company_domain<-email",
    }),
    expect: (r) => assert.deepEqual(r, { is_allowed: true }),
  },
  "a value to write: the line keeps its records and marks what was cleared": {
    event: updateWith({}, { company_domain: "acme.example", st: "zoneinfo<-geo+tzdata; custom:company_domain<-email" }),
    expect(r) {
      assert.equal(r.mutations.user.standard_attributes.zoneinfo, undefined);
      assert.equal(r.mutations.user.standard_attributes.locale, "en-GB");
      assert.equal(
        r.mutations.user.custom_attributes.st,
        "zoneinfo cleared; custom:company_domain<-email; locale<-languages",
      );
    },
  },
  "an undeclared stored custom attribute: nothing written, one line naming it": {
    event: updateWith({}, { company_domain: "acme.example", legacy: "gold" }),
    expect: (r, stderr) => {
      assert.deepEqual(r, { is_allowed: true });
      assert.match(
        stderr,
        /^enrich-hook: custom attributes missing from the config, so unchecked: legacy; nothing written/m,
      );
    },
  },
};

for (const runtime of Object.keys(RUNTIMES)) {
  describe(`${runtime}: a profile update and the status line`, { concurrency: 2 }, () => {
    const src = hookSource(runtime, STATUS);
    for (const [name, c] of Object.entries(STATUS_CASES)) {
      test(name, async () => {
        const r = await runHook(runtime, src, c.event);
        assert.equal(r.code, 0, r.stderr);
        assertAccepted(r, c.event, STATUS, { legacy: { type: "enum", enum: ["silver"] } });
        c.expect(r.response, r.stderr);
      });
    }
  });
}
