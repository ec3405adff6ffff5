// Every answer a JS test produces goes through ONE model of Authgear's write
// path: tests/oracle (Go, built by scripts/setup.sh), which the Rust tests
// use too. It checks the response schema of the event type, applies the
// answer as authgear-server does, re-validates BOTH attribute maps whole
// with Go's own parsers (time.LoadLocation, x/text/language, net/url,
// net/mail, libphonenumber), refuses null, and checks that every stored
// value came back exactly unless the config's policy lets the hook write it.
// tests/js/harness.mjs fails a test file in which some answer was never
// passed through here.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { markChecked, ROOT } from "./harness.mjs";
import { ORACLE } from "./paths.mjs";

export { ORACLE };
if (!existsSync(ORACLE)) throw new Error(`${ORACLE} missing; run scripts/setup.sh`);

/**
 * The oracle's verdict on `responseText` (the hook's answer as the runner
 * wrote it) to `eventText` under the hook config `config`; `project`
 * declares custom attributes the config does not name.
 * @returns {{ ok: boolean, mutated: boolean, errors: string[] }}
 */
export function verdict(eventText, config, responseText, project = {}) {
  const line = JSON.stringify({
    event: eventText,
    response: responseText,
    config: config ?? null,
    project: { custom: project },
  });
  const r = spawnSync(ORACLE, [], { input: line + "\n", encoding: "utf8" });
  if (r.status !== 0) throw new Error(`oracle failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** The config block the built file ships with (what `hookSource(rt)` keeps). */
export function builtInConfig() {
  const src = readFileSync(join(ROOT, "pkg/enrich-hook.mjs"), "utf8");
  const block = src.match(/\/\/ ---- config: begin ----([\s\S]*?)\/\/ ---- config: end ----/)[1];
  return new Function(`${block}; return config;`)();
}

/**
 * Fail unless Authgear would take the answer of `run` (a runHook result) to
 * `eventText` under `config` (undefined: the built-in one). Returns the verdict.
 */
export function assertAccepted(run, eventText, config, project = {}) {
  markChecked(run);
  assert.equal(typeof run.raw, "string", `no answer written: the signup fails (${run.stderr})`);
  const v = verdict(eventText, config === undefined ? builtInConfig() : config, run.raw, project);
  assert.ok(v.ok, `Authgear's write path refuses ${run.raw}:\n  ${v.errors.join("\n  ")}`);
  return v;
}

/**
 * Fail unless the Admin API would take `write` (a mock-admin-api.mjs write:
 * updateUser's input and the user as stored before it) and it keeps the
 * hook's promise under `config`: the oracle's Admin API mode.
 */
export function assertAdminWrite(write, config, project = {}) {
  const line = JSON.stringify({
    admin: { user: JSON.stringify(write.before), input: JSON.stringify(write.input) },
    config: config ?? null,
    project: { custom: project },
  });
  const r = spawnSync(ORACLE, [], { input: line + "\n", encoding: "utf8" });
  if (r.status !== 0) throw new Error(`oracle failed: ${r.stderr}`);
  const v = JSON.parse(r.stdout);
  assert.ok(v.ok, `the Admin API refuses ${JSON.stringify(write.input)}:\n  ${v.errors.join("\n  ")}`);
  return v;
}
