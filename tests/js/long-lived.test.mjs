// The Node twin imported once into a long-lived process (as a backfill or a
// test suite would): a trap inside the wasm must not poison later calls.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { ROOT } from "./harness.mjs";

const hook = await import(`${ROOT}/pkg/enrich-hook.mjs`);
const signup = () => JSON.parse(readFileSync(`${ROOT}/samples/email-signup.json`, "utf8"));

test("a trap (wasm out of memory) answers allowed, and the next call is enriched", async () => {
  const huge = signup();
  // More than the wasm's 64 MiB memory cap: allocation fails inside the core.
  huge.payload.user.custom_attributes.blob = "x".repeat(80 * 1024 * 1024);
  const errors = [];
  const orig = console.error;
  console.error = (line) => errors.push(String(line));
  let trapped;
  try {
    trapped = await hook.default(huge);
  } finally {
    console.error = orig;
  }
  assert.deepEqual(trapped, { is_allowed: true });
  assert.match(errors.join("\n"), /internal error in the WebAssembly core/);

  const after = await hook.default(signup());
  assert.equal(after.mutations.user.standard_attributes.zoneinfo, "Europe/London");
  for (let i = 0; i < 50; i++) {
    const r = await hook.default(signup());
    assert.equal(r.mutations.user.standard_attributes.locale, "en-GB");
  }
});

test("explain names the source of each value and why others were skipped", async () => {
  const out = await hook.enrich(signup(), {
    explain: true,
    configOverride: {
      standard: { zoneinfo: "timezone", name: "name" },
      custom: { c: { type: "country_code", from: "country" } },
    },
  });
  const row = (a) => out.explain.find((r) => r.attribute === a);
  assert.deepEqual(
    { outcome: row("standard_attributes.zoneinfo").outcome, source: row("standard_attributes.zoneinfo").source },
    { outcome: "set", source: "geo+tzdata" },
  );
  assert.equal(row("custom_attributes.c").value, "GB");
  assert.equal(row("standard_attributes.name").outcome, "skipped");
  assert.match(row("standard_attributes.name").notes.join(" "), /no source had a valid value/);
});

test("a host fetch that throws (instead of rejecting) fails only its source", async () => {
  const realFetch = globalThis.fetch;
  const errors = [];
  const realError = console.error;
  globalThis.fetch = () => {
    throw new TypeError("fetch exploded synchronously");
  };
  console.error = (line) => errors.push(String(line));
  let out;
  try {
    out = await hook.enrich(signup(), {
      configOverride: {
        standard: { zoneinfo: "timezone" },
        custom: { city: { type: "string", from: "city" } },
        sources: ["geo", { preset: "ipinfo.io", baseUrl: "https://ipinfo.example" }],
      },
    });
  } finally {
    globalThis.fetch = realFetch;
    console.error = realError;
  }
  assert.equal(out.response.mutations.user.standard_attributes.zoneinfo, "Europe/London", "offline values survive");
  // The class only: a runtime's error text may quote the URL (issue 14).
  assert.ok(errors.some((l) => /source ipinfo\.io failed: TypeError$/.test(l)), errors.join("\n"));
  assert.ok(!errors.join("\n").includes("exploded"));
});
