#!/usr/bin/env node
// What enrichment costs in provider requests (issue 21): 1,000 simulated
// signups through a typical config — a free IP source, a paid IP source
// behind it, a company preset — and the backfill over the same users, each
// before (every source at once; a company lookup per user) and after
// (`fallback: true`; one company lookup per domain per run), in this one
// invocation. Prints the requests each mock provider received.
//
//   node bench/cost.mjs [--users 1000]
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startMock } from "../tests/js/mock-providers.mjs";
import { adminKey, nodeId, startAdminApi } from "../tests/js/mock-admin-api.mjs";
import { RetryingAdminApi } from "../backfill/admin-api.mjs";
import { importAdminKey } from "../backfill/token.mjs";
import { backfill } from "../backfill/run.mjs";

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? dflt : process.argv[i + 1];
};
const USERS = Number(arg("--users", 1000));
// Not tests/js/harness.mjs: importing node:test would make this a TAP run.
const ROOT = new URL("..", import.meta.url).pathname;
const sample = (name) => readFileSync(join(ROOT, "samples", name), "utf8");
const hook = await import(join(ROOT, "pkg/enrich-hook.mjs"));
const mock = await startMock();

// The population: ~60% free mail, the rest from 50 company domains; ~20%
// without a country from Authgear; the free IP source rate-limited for ~5%.
// Deterministic (a fixed linear congruential sequence), so runs compare.
let seed = 21;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const FREE = ["gmail.com", "yahoo.com", "outlook.com", "hotmail.com"];
const people = Array.from({ length: USERS }, (_, i) => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
  email: rand() < 0.6 ? `user${i}@${FREE[i % FREE.length]}` : `user${i}@corp${Math.floor(rand() * 50)}.example`,
  country: rand() < 0.2 ? null : "GB",
  limited: rand() < 0.05,
}));

/** The typical config; `fallback` marks the paid IP source as the free one's fallback. */
const config = (p, fallback) => ({
  standard: { zoneinfo: "timezone", locale: "locale" },
  custom: {
    country: { type: "country_code", from: "country" },
    city: { type: "string", from: "city" },
    company: { type: "string", from: "company" },
    industry: { type: "string", from: "industry" },
  },
  sources: [
    "geo",
    "languages",
    "email",
    { preset: "ipapi.co", baseUrl: mock.base(p.limited ? "status-429-ra-60" : "ok", "ipapi.co"), allowHttp: true },
    { preset: "ipinfo.io", key: "paid", baseUrl: mock.base("ok", "ipinfo.io"), allowHttp: true, fallback },
    {
      preset: "peopledatalabs-company",
      key: "paid",
      baseUrl: mock.base("ok", "peopledatalabs-company"),
      allowHttp: true,
    },
  ],
});

const PRESETS = ["ipapi.co", "ipinfo.io", "peopledatalabs-company"];
const tally = () => Object.fromEntries(PRESETS.map((p) => [p, mock.requests.filter((r) => r.preset === p).length]));

// The hook logs one line per failed source (the rate-limited free one); counted here, not printed.
let lines = 0;
console.error = () => lines++;

// 1. Signups: one hook run each (the Node twin, in process).
const base = JSON.parse(sample("email-signup.json"));
async function signups(fallback) {
  mock.reset();
  for (const p of people) {
    const e = structuredClone(base);
    e.payload.user.standard_attributes.email = p.email;
    for (const i of e.payload.identities ?? []) if (i.claims?.email) i.claims.email = p.email;
    e.context.geo_location_code = p.country;
    await hook.enrich(e, { configOverride: config(p, fallback) });
  }
  return tally();
}

// 2. The backfill over the same users (their latest session's IP), against the mock Admin API.
async function backfillRun(reuse) {
  mock.reset();
  const key = await adminKey("k");
  const users = people.map((p) => ({
    id: nodeId(p.id),
    standardAttributes: { email: p.email, email_verified: true },
    customAttributes: {},
    sessions: [{
      lastAccessedAt: "2026-11-01T00:00:00Z",
      lastAccessedByIP: "81.2.69.160",
      lastAccessedByIPCountryCode: p.country ?? "",
    }],
  }));
  const admin = await startAdminApi({ users, keys: key.keys, projectId: "bench" });
  const api = new RetryingAdminApi({
    endpoint: admin.origin,
    projectId: "bench",
    key: await importAdminKey(key.pem),
    keyId: "k",
    rate: 100000,
  });
  // One config for the whole run, as the backfill takes it; the free IP source never rate-limited here.
  const cfg = config({ limited: false }, reuse);
  const work = mkdtempSync(join(tmpdir(), "enrich-hook-cost-"));
  await backfill({
    api,
    hook,
    config: cfg,
    pageSize: 100,
    checkpointPath: join(work, "cp.json"),
    log: () => {},
    reuse,
  });
  await admin.close();
  return tally();
}

const before = await signups(false);
const after = await signups(true);
const bfBefore = await backfillRun(false);
const bfAfter = await backfillRun(true);
await mock.close();

const corp = people.filter((p) => !FREE.some((d) => p.email.endsWith(d)));
console.log(
  `${USERS} users: ${corp.length} with a work e-mail at ${
    new Set(corp.map((p) => p.email.split("@")[1])).size
  } domains, ` +
    `${people.filter((p) => !p.country).length} without a country from Authgear, ` +
    `${people.filter((p) => p.limited).length} signups rate-limited at the free IP source ` +
    `(${lines} log lines from the hooks, not printed)`,
);
console.log("\n| provider requests | signups, before | signups, after | backfill, before | backfill, after |");
console.log("| --- | ---: | ---: | ---: | ---: |");
const per = (n) => `${Math.round((n * 1000) / USERS)}`;
for (const p of PRESETS) {
  console.log(`| ${p} | ${per(before[p])} | ${per(after[p])} | ${per(bfBefore[p])} | ${per(bfAfter[p])} |`);
}
const sum = (t) => PRESETS.reduce((a, p) => a + t[p], 0);
const paid = (t) => t["ipinfo.io"] + t["peopledatalabs-company"];
console.log(
  `| **all** (paid: ipinfo.io + PDL) | ${per(sum(before))} (${per(paid(before))}) | ${per(sum(after))} (${
    per(paid(after))
  }) | ${per(sum(bfBefore))} (${per(paid(bfBefore))}) | ${per(sum(bfAfter))} (${per(paid(bfAfter))}) |`,
);
console.log(
  "\n(per 1,000 users; before: sources all at once, a company lookup per user; after: fallback, one lookup per domain)",
);
process.exit(0);
