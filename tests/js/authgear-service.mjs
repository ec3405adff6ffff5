// authgear-deno as a service, for the tests (through harness.mjs) and the
// benches alike: tests/js/authgear-deno.py `serve` — POST /run with
// {script, input}, at most `slots` runs at once, each killed at `timeoutS` —
// and one call to it as authgear-server makes it. No node:test here: a bench
// importing this module prints no TAP report.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, RUNTIMES } from "./paths.mjs";

const work = mkdtempSync(join(tmpdir(), "enrich-hook-service-"));
let seq = 0;

/**
 * Start the model on `runtime` (a Deno of RUNTIMES). `grantNet`: hosts the
 * runs may reach without a prompt — a stand-in for Deno 1.41.3, Authgear's,
 * whose prompt the service answers (npm carries no 1.41.3 to run).
 * @param {string} runtime
 * @param {{ slots?: number, timeoutS?: number, allowLoopback?: boolean, grantNet?: string }} [o]
 * @returns {Promise<{ url: string, close: () => void }>}
 */
export async function startAuthgearDeno(runtime, { slots = 10, timeoutS = 60, allowLoopback = true, grantNet } = {}) {
  const portFile = join(work, `authgear-deno-${++seq}.port`);
  const child = spawn("python3", [
    join(ROOT, "tests/js/authgear-deno.py"),
    "serve",
    "--port-file",
    portFile,
    "--deno",
    RUNTIMES[runtime].bin,
    "--runner",
    join(ROOT, "tests/js/authgear-runner.ts"),
    "--slots",
    String(slots),
    "--timeout-s",
    String(timeoutS),
    ...(allowLoopback ? ["--allow-loopback"] : []),
    ...(grantNet ? ["--grant-net", grantNet] : []),
  ], { cwd: work, stdio: ["ignore", "inherit", "inherit"] });
  for (let i = 0; i < 200 && !existsSync(portFile); i++) await new Promise((r) => setTimeout(r, 25));
  let port = "";
  for (let i = 0; i < 40 && !port; i++) {
    port = readFileSync(portFile, "utf8");
    if (!port) await new Promise((r) => setTimeout(r, 25));
  }
  if (!port) throw new Error("authgear-deno.py serve did not start");
  return { url: `http://127.0.0.1:${port}/run`, close: () => child.kill("SIGTERM") };
}

/**
 * One hook call as authgear-server makes it: POST to the service, given up
 * after `limitMs` (5 s for a blocking hook). Returns { ms, gaveUp, body,
 * raw, response } — `raw` the answer as the runner relayed it.
 */
export async function postRun(url, source, event, limitMs) {
  const started = performance.now();
  try {
    const res = await fetch(url, {
      method: "POST",
      body: JSON.stringify({ script: source, input: JSON.parse(event) }),
      signal: AbortSignal.timeout(limitMs),
    });
    const body = await res.json();
    const raw = "output" in body ? JSON.stringify(body.output) : null;
    return { ms: performance.now() - started, gaveUp: false, body, raw, response: body.output };
  } catch {
    return { ms: performance.now() - started, gaveUp: true, body: null, raw: null, response: undefined };
  }
}
