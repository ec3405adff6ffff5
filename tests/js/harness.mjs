// Runs the BUILT hook the way Authgear does: a fresh process per event, the
// script under a new file name each time, only the permissions Authgear
// grants (read the script and the input, write the output; no network).
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { after } from "node:test";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import assert from "node:assert/strict";

import { ROOT, RUNTIMES } from "./paths.mjs";
import { postRun, startAuthgearDeno } from "./authgear-service.mjs";
import { withConfig } from "../../backfill/hook-file.mjs";

export { ROOT, RUNTIMES, startAuthgearDeno };
const HERE = join(ROOT, "tests/js");

for (const [name, r] of Object.entries(RUNTIMES)) {
  if (!existsSync(r.bin)) throw new Error(`${name}: ${r.bin} missing; run scripts/setup.sh`);
}

const work = mkdtempSync(join(tmpdir(), "enrich-hook-test-"));
let seq = 0;

// Every answer must reach the write-path oracle (contract.mjs assertAccepted).
const unchecked = new Set();
/** @param {object} run */
export function markChecked(run) {
  unchecked.delete(run);
}
after(() => {
  assert.equal(unchecked.size, 0, `${unchecked.size} answer(s) never went through the write-path oracle`);
});

/**
 * The built hook's source for a runtime, with its config block replaced if
 * `config` is given. `file`: "enrich-hook" (signup) or "enrich-login"; on
 * Node both are the twin, pkg/enrich-hook.mjs.
 */
export function hookSource(runtime, config, file = "enrich-hook") {
  const { ext } = RUNTIMES[runtime];
  const src = readFileSync(join(ROOT, ext === "ts" ? `pkg/${file}.ts` : "pkg/enrich-hook.mjs"), "utf8");
  // The one way the tools write a config into a file (backfill/hook-file.mjs), its typing kept.
  return config === undefined ? src : withConfig(src, config);
}

/**
 * Run `source` (hook text) on `eventText` (the raw input file content) under
 * `runtime`. Returns { response, raw, stderr, code, ms }.
 */
/** A new script file (new name, as Authgear's runner uses) and input file; the output's path. */
function prepare(ext, source, eventText) {
  const n = ++seq;
  const files = {
    script: join(work, `hook-${process.pid}-${n}.${ext}`),
    input: join(work, `input-${n}.json`),
    output: join(work, `output-${n}.json`),
    report: join(work, `report-${n}.json`),
  };
  writeFileSync(files.script, source);
  writeFileSync(files.input, eventText);
  return files;
}

/** @param {{ allowNet?: string }} [opts] */
export function runHook(runtime, source, eventText, opts = {}) {
  const { allowNet } = opts;
  const { ext, bin } = RUNTIMES[runtime];
  const { script, input, output } = prepare(ext, source, eventText);
  const args = ext === "ts"
    ? [
      "run",
      "--quiet",
      `--allow-read=${script},${input}`,
      `--allow-write=${output}`,
      ...(allowNet ? [`--allow-net=${allowNet}`] : []),
      join(HERE, "authgear-runner.ts"),
      script,
      input,
      output,
    ]
    : [join(HERE, "node-runner.mjs"), script, input, output];
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, {
      cwd: work,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    let stdout = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      const ms = performance.now() - started;
      let raw = null;
      try {
        raw = readFileSync(output, "utf8");
      } catch { /* no output: the signup would fail */ }
      let response;
      try {
        response = raw === null ? undefined : JSON.parse(raw);
      } catch {
        response = undefined;
      }
      const run = { response, raw, stdout, stderr, code, ms };
      unchecked.add(run);
      resolve(run);
    });
  });
}

/**
 * Run `source` under Deno as authgear-deno runs it, through
 * tests/js/authgear-deno.py: stdin and stderr on a pseudo-terminal, so Deno
 * prompts for each permission, every prompt answered the moment its first
 * line appears ("y" for net to an allowed host). `allowLoopback`: the
 * service's DISALLOW_LOOPBACK=false (the mocks are on 127.0.0.1);
 * `timeoutS`: its run limit (60 s in Authgear); `answerDelayMs`: a control
 * the real service never does. Returns { response, raw, stderr, code, ms,
 * timed_out, prompts }.
 */
export function runHookPty(runtime, source, eventText, opts = {}) {
  const { allowLoopback = true, timeoutS = 20, answerDelayMs = 0, lookupMs = 0 } = opts;
  const { ext, bin } = RUNTIMES[runtime];
  if (ext !== "ts") throw new Error(`${runtime}: authgear-deno runs Deno`);
  const { script, input, output, report } = prepare(ext, source, eventText);
  const args = [
    join(HERE, "authgear-deno.py"),
    "run",
    "--report",
    report,
    "--timeout-s",
    String(timeoutS),
    "--answer-delay-ms",
    String(answerDelayMs),
    "--lookup-ms",
    String(lookupMs),
    ...(allowLoopback ? ["--allow-loopback"] : []),
    "--",
    bin,
    "run",
    "--quiet",
    `--allow-read=${script},${input}`,
    `--allow-write=${output}`,
    join(HERE, "authgear-runner.ts"),
    script,
    input,
    output,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn("python3", args, { cwd: work, stdio: ["ignore", "inherit", "inherit"] });
    child.on("error", reject);
    child.on("close", () => {
      const r = JSON.parse(readFileSync(report, "utf8"));
      let raw = null;
      let response;
      try {
        raw = readFileSync(output, "utf8");
        response = JSON.parse(raw);
      } catch { /* no output: the signup would fail */ }
      const run = { ...r, raw, response };
      unchecked.add(run);
      resolve(run);
    });
  });
}

/**
 * One hook call as authgear-server makes it (authgear-service.mjs
 * `postRun`), its answer due at the write-path oracle.
 */
export async function callHook(url, source, event, limitMs) {
  const run = await postRun(url, source, event, limitMs);
  if (!run.gaveUp) unchecked.add(run);
  return run;
}

/** A port on 127.0.0.1 nothing listens on: one the system just gave and took back. */
export function closedPort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = /** @type {import("node:net").AddressInfo} */ (s.address());
      s.close(() => resolve(port));
    });
  });
}

export function sample(name) {
  return readFileSync(join(ROOT, "samples", name), "utf8");
}
