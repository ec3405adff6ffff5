// The login gate (js-shim/login-gate.ts) answers a login before the core is
// compiled, from the event and the config alone. It may say "go on" where
// the core then writes nothing (the core decides), never "nothing to do"
// where the core would write: that user would never be enriched at login.
// Held over the fuzz corpus's users and configs, and variants of each user
// (emptied, blanked); every core answer goes through the write-path oracle.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as twin from "../../pkg/enrich-hook.mjs";
import { verdict } from "./contract.mjs";
import { ROOT } from "./paths.mjs";

const read = (p) => readFileSync(join(ROOT, p), "utf8");
const json = (text) => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};
const isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
const corpus = (target) =>
  readdirSync(join(ROOT, "fuzz/corpus", target)).sort().map((f) => json(read(`fuzz/corpus/${target}/${f}`)));
const ADMIN_API = { endpoint: "https://myapp.authgear.cloud", token: "aa.bb.cc" };

/** Configs: the fuzz targets' and the corpus's objects, and the policies one by one. */
const configs = [
  json(read("fuzz/config.json")),
  ...corpus("config"),
  { standard: { zoneinfo: "timezone" }, sources: ["geo"] },
  { standard: { locale: { from: "locale", policy: "overwrite" } } },
  // Without the user's own values first ("profile"), an overwrite replaces them.
  {
    standard: { locale: { from: "locale", policy: "overwrite" }, zoneinfo: "timezone" },
    custom: { c: { type: "country_code", from: "country", policy: "overwrite" } },
    sources: ["geo", "languages", "email"],
  },
  { standard: { address: { country: "country", locality: { from: "city", policy: "never" } } } },
  { custom: { c: { type: "country_code", from: "country" }, t: { type: "string" } }, statusAttribute: "st" },
  { custom: { c: { type: "string", from: "city", policy: "never" } } },
].filter(isObject);

/**
 * Logins: each corpus event's user, with the event's request context (what
 * the sources read), then emptied and blanked copies of the user; and a
 * context rich enough for every offline source.
 */
const RICH = {
  triggered_by: "user",
  ip_address: "81.2.69.160",
  geo_location_code: "GB",
  preferred_languages: ["en-GB", "en"],
};
const logins = corpus("event").flatMap((e) => {
  const u = e?.payload?.user;
  if (!isObject(u)) return [];
  const blank = (m) => isObject(m) ? Object.fromEntries(Object.keys(m).map((k) => [k, " "])) : m;
  const variants = [
    u,
    { ...u, standard_attributes: { email: u.standard_attributes?.email }, custom_attributes: {} },
    { ...u, standard_attributes: blank(u.standard_attributes), custom_attributes: blank(u.custom_attributes) },
    // Everything set (to other values than the sources give): only an overwrite may write.
    {
      ...u,
      standard_attributes: {
        email: u.standard_attributes?.email,
        locale: "fr",
        zoneinfo: "Asia/Tokyo",
        address: { country: "FR", locality: "Paris", region: "IDF" },
      },
      custom_attributes: { c: "FR", country: "FR", city: "Paris", tz: "Asia/Tokyo", loc: "fr" },
    },
  ];
  return variants.flatMap((v) => [e.context, RICH].map((context) => ({ user: v, context })));
}).map(({ user, context }) => ({
  user: { ...user, id: "338deafa-1f2e-4c5d-9a8b-7c6d5e4f3a21", updated_at: "2025-03-01T08:15:30Z" },
  context,
}));

test("the gate never says 'nothing to do' where the core would write", async () => {
  assert.ok(configs.length >= 8 && logins.length >= 30, `${configs.length} configs, ${logins.length} logins`);
  let quiet = 0, onward = 0, wrote = 0;
  for (const config of configs) {
    const cfg = { ...config, adminApi: ADMIN_API };
    for (const { user, context } of logins) {
      const go = twin.loginGo(cfg, user, 0);
      const event = { type: "user.authenticated", payload: { user }, context };
      // No request leaves: a live source in a corpus config is answered here.
      const send = () => Promise.resolve(new Response("{}", { status: 404 }));
      const out = await twin.enrich(event, { configOverride: cfg, send });
      const v = verdict(JSON.stringify(event), cfg, JSON.stringify(out.response));
      assert.ok(v.ok, v.errors.join("; "));
      if (out.response.mutations) wrote++;
      if (go !== "") {
        onward++;
        continue;
      }
      quiet++;
      assert.equal(
        out.response.mutations,
        undefined,
        `the gate said nothing to do, the core writes ${JSON.stringify(out.response)}\n` +
          `config ${JSON.stringify(config)}\nuser ${JSON.stringify(user)}`,
      );
    }
  }
  // Both answers were exercised, and the core wrote often: the property is not held vacuously.
  assert.ok(quiet > 20 && onward > 20 && wrote > 20, `${quiet} quiet, ${onward} onward, ${wrote} written`);
});
