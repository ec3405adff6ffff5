// The size budget, as Authgear counts it: a hook file over 102,400 B cannot
// be saved (authgear-server pkg/portal/appresource/manager.go,
// ConfigFileMaxSize), and a file's size counts as the admin configures it.
// Each pasted file's config block is filled the way README.md tells an admin
// to — the commented lines taken in, two live sources with keys of their
// real lengths, a status attribute, and for the login file the adminApi
// block that backfill/login-token.mjs prints for a freshly generated key —
// then checked by `deno check` as the portal does, and measured.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, RUNTIMES } from "./harness.mjs";
import { adminKey } from "./mock-admin-api.mjs";
import { HOOK_FILE_LIMIT as LIMIT } from "../../build/authgear-limit.mjs";

/** What a configured login file may take: 2 KiB under the limit (issue 25). */
const CONFIGURED_LOGIN = LIMIT - 2048;
/** The signup file as shipped: 6 KiB under the limit (issue 19). */
const SHIPPED_SIGNUP = 96256;

const work = mkdtempSync(join(tmpdir(), "enrich-hook-size-"));
const pasted = (f) => readFileSync(join(ROOT, "pkg", f), "utf8");

/** The adminApi block backfill/login-token.mjs prints for a new key of `bits`. */
async function adminApiBlock(bits) {
  const key = await adminKey("2f7d0c4e-5b1a-4c3e-9f8a-1d2e3f4a5b6c", bits);
  const pem = join(work, `key-${bits}.pem`);
  writeFileSync(pem, key.pem);
  const r = spawnSync(process.execPath, [
    join(ROOT, "backfill/login-token.mjs"),
    "--endpoint",
    "https://myapp.authgear.cloud",
    "--key-file",
    pem,
    "--key-id",
    key.keyId,
  ], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  assert.match(
    r.stdout,
    /^adminApi: \{\n {2}endpoint: "https:\/\/myapp\.authgear\.cloud",\n {2}token: "[\w-]+\.[\w-]+\.[\w-]+",\n\},\n$/,
  );
  return r.stdout;
}

/** The shipped config block with its commented lines taken in, as README.md's config reference shows them. */
function configured(text, adminApi) {
  const lines = [
    [
      '    // address: { country: "country", locality: "city" },',
      '    address: { country: "country", locality: "city" },',
    ],
    [
      '    // country: { type: "country_code", from: "country" },',
      '    country: { type: "country_code", from: "country" },',
    ],
    [
      '    // company: { type: "string", from: "company_domain" },',
      '    company: { type: "string", from: "company_domain" },',
    ],
    [
      '    // company_url: { type: "url", from: "company_website", policy: "overwrite" },',
      '    company_url: { type: "url", from: "company_website", policy: "overwrite" },\n    enrich_status: { type: "string" },',
    ],
    [
      '  sources: ["profile", "geo", "languages", "email"],',
      '  sources: [\n    "profile", "geo", "languages", "email",\n' +
      '    { preset: "ipinfo-lite", key: "3f8a1c2b9d4e7f" },\n' +
      '    { preset: "peopledatalabs-company", key: "' + "9".repeat(64) + '", timeoutMs: 1200 },\n  ],',
    ],
    ['  // statusAttribute: "enrich_status",', '  statusAttribute: "enrich_status",'],
    ["  // onProfileUpdate: true,", "  onProfileUpdate: true,"],
  ];
  let out = text;
  for (const [from, to] of lines) {
    assert.ok(out.includes(from), `the shipped config block has ${from.trim()}`);
    out = out.replace(from, to);
  }
  if (adminApi !== undefined) {
    const block = out.match(/ {2}\/\/ adminApi: \{\n[\s\S]*?\/\/ \},\n/)?.[0];
    assert.ok(block, "the login file's config block has the commented adminApi block");
    out = out.replace(block, adminApi.replace(/^/gm, "  ").replace(/ {2}$/, ""));
  }
  return out;
}

function denoCheck(text) {
  const dir = mkdtempSync(join(work, "check-"));
  writeFileSync(join(dir, "hook.ts"), text);
  const r = spawnSync(RUNTIMES.deno1.bin, ["check", "--quiet", "hook.ts"], {
    cwd: dir,
    encoding: "utf8",
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
  });
  return r.stderr + r.stdout;
}

// The Node twin (pkg/enrich-hook.mjs) is never pasted: the tools run it, unminified.
test(`as shipped: enrich-hook.ts within ${SHIPPED_SIGNUP} B, enrich-login.ts within ${LIMIT} B`, () => {
  /** @type {[string, number][]} */
  const limits = [["enrich-hook.ts", SHIPPED_SIGNUP], ["enrich-login.ts", LIMIT]];
  for (const [f, limit] of limits) {
    const bytes = Buffer.byteLength(pasted(f));
    assert.ok(bytes <= limit, `${f} is ${bytes} bytes, over ${limit}`);
  }
});

test("the signup file, configured as README.md says, passes deno check within the limit", (t) => {
  const text = configured(pasted("enrich-hook.ts"));
  assert.equal(denoCheck(text), "");
  const bytes = Buffer.byteLength(text);
  t.diagnostic(`enrich-hook.ts configured: ${bytes} B`);
  assert.ok(bytes <= CONFIGURED_LOGIN, `configured: ${bytes} B`);
});

for (const [bits, limit] of [[2048, CONFIGURED_LOGIN], [4096, LIMIT]]) {
  test(`the login file with a ${bits}-bit key's token and a typical config: deno check, at most ${limit} B`, async (t) => {
    const text = configured(pasted("enrich-login.ts"), await adminApiBlock(bits));
    assert.equal(denoCheck(text), "");
    const bytes = Buffer.byteLength(text);
    t.diagnostic(`enrich-login.ts configured, ${bits}-bit key: ${bytes} B`);
    assert.ok(bytes <= limit, `configured with a ${bits}-bit key: ${bytes} B, over ${limit}`);
  });
}
