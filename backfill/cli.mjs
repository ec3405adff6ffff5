#!/usr/bin/env node
// Backfill existing users with the hook's enrichment, through the Authgear
// Admin API. Runs on Node 20 and on Deno (`deno run -A backfill/cli.mjs …`).
//
//   node backfill/cli.mjs --endpoint https://myapp.authgear.cloud \
//     --key-file admin-key.pem --key-id KEY_ID [--project-id myapp]
//     [--config config.json | --hook my-hook.ts]
//     [--dry-run] [--explain] [--rate 5] [--page-size 20] [--checkpoint backfill-checkpoint.json]
//     [--timeout 10000] [--retries 4] [--backoff 500] [--max-calls N]
import { readFile } from "node:fs/promises";
import process from "node:process";
import { parseArgs } from "node:util";
import { endpointAndProject, RetryingAdminApi } from "./admin-api.mjs";
import { readAdminKey } from "./token.mjs";
import { progress } from "./progress.mjs";
import { backfill } from "./run.mjs";

const USAGE = `usage: backfill/cli.mjs --endpoint URL --key-file PEM --key-id ID [--project-id ID]
  [--config config.json | --hook hook.ts] [--dry-run] [--explain] [--rate N]
  [--page-size N] [--checkpoint FILE] [--timeout MS] [--retries N] [--backoff MS]
  [--max-calls N]   stop (to resume later) once a source with a key has made N requests in this run`;

const WRITES_FIRE =
  "each write is an updateUser: it fires user.profile.pre_update (this hook again, if attached to it) and the user.profile.updated webhook";

/** Numeric options: name → [default, smallest, largest, whole number?]. */
const NUMBERS = {
  rate: [5, 0.01, 1000, false],
  "page-size": [20, 1, 100, true],
  timeout: [10000, 1, 600000, true],
  retries: [4, 0, 20, true],
  backoff: [500, 0, 600000, true],
  "max-calls": [0, 0, 1e9, true],
};

export function args(argv) {
  const text = [
    "endpoint",
    "key-file",
    "key-id",
    "project-id",
    "config",
    "hook",
    "checkpoint",
    ...Object.keys(NUMBERS),
  ];
  /** @type {{ values: Record<string, any> }} */
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      ...Object.fromEntries(text.map((k) => [k, { type: "string" }])),
      "dry-run": { type: "boolean" },
      explain: { type: "boolean" },
    },
  });
  for (const k of ["endpoint", "key-file", "key-id"]) if (!values[k]) throw new Error(`--${k} is required`);
  const { url: endpoint, projectId } = endpointAndProject(values.endpoint, values["project-id"]);
  const num = {};
  for (const [k, [def, min, max, whole]] of Object.entries(NUMBERS)) {
    const raw = values[k];
    const n = raw === undefined ? def : Number(raw);
    if (
      raw !== undefined &&
      (raw.trim() === "" || !Number.isFinite(n) || n < min || n > max || (whole && !Number.isInteger(n)))
    ) {
      throw new Error(`--${k}: "${raw}" is not ${whole ? "a whole number" : "a number"} from ${min} to ${max}`);
    }
    num[k] = n;
  }
  if (values.config && values.hook) throw new Error("give --config or --hook, not both");
  return {
    endpoint: endpoint.href.replace(/\/$/, ""),
    keyFile: values["key-file"],
    keyId: values["key-id"],
    projectId,
    config: values.config,
    hook: values.hook,
    dryRun: values["dry-run"] === true,
    explain: values.explain === true,
    checkpoint: values.checkpoint ?? "backfill-checkpoint.json",
    rate: num.rate,
    pageSize: num["page-size"],
    timeout: num.timeout,
    retries: num.retries,
    backoff: num.backoff,
    maxCalls: num["max-calls"],
  };
}

/** The config block of an edited hook file: the object literal after `const config…=`. */
function configFromHook(text) {
  const block = text.match(/\/\/ ---- config: begin ----([\s\S]*?)\/\/ ---- config: end ----/)?.[1];
  const literal = block?.slice(block.indexOf("=") + 1).trim().replace(/;$/, "");
  if (!literal) throw new Error("no config block (// ---- config: begin ---- … end ----) in that file");
  return new Function(`return (${literal});`)();
}

async function main() {
  let o;
  try {
    o = args(process.argv.slice(2));
  } catch (err) {
    console.error(`${err.message}\n${USAGE}`);
    return 2;
  }
  const hook = await import(new URL("../pkg/enrich-hook.mjs", import.meta.url).href);
  const config = o.config
    ? JSON.parse(await readFile(o.config, "utf8"))
    : o.hook
    ? configFromHook(await readFile(o.hook, "utf8"))
    : undefined;
  let key;
  try {
    key = await readAdminKey(o.keyFile);
  } catch (err) {
    console.error(err.message);
    return 2;
  }
  const api = new RetryingAdminApi({
    endpoint: o.endpoint,
    projectId: o.projectId,
    key,
    keyId: o.keyId,
    rate: o.rate,
    timeoutMs: o.timeout,
    retries: o.retries,
    backoffMs: o.backoff,
  });
  if (!o.dryRun) console.error(`backfill: ${WRITES_FIRE}`);
  let result;
  try {
    result = await backfill({
      api,
      hook,
      config,
      dryRun: o.dryRun,
      explain: o.explain,
      pageSize: o.pageSize,
      checkpointPath: o.checkpoint,
      progress: progress(),
      log: (l) => console.log(l),
      maxCalls: o.maxCalls,
    });
  } catch (err) {
    console.error(
      `\nbackfill stopped: ${err.message}${o.dryRun ? "" : `; rerun the same command to resume from ${o.checkpoint}`}`,
    );
    return 1;
  }
  console.log(`\nsummary${o.dryRun ? " (dry run: nothing written)" : ""}:`);
  for (const [k, v] of Object.entries(result.counts)) console.log(`  ${k}: ${v}`);
  const reasons = {};
  for (const r of Object.values(result.failed)) reasons[r.split(":")[0]] = (reasons[r.split(":")[0]] ?? 0) + 1;
  for (const [k, v] of Object.entries(reasons)) console.log(`  failed (${k}): ${v}`);
  console.log(`  without an IP (no live session, so no IP-based values): ${result.noIp}`);
  // What the providers may bill: every request they received (a cached company answer costs nothing).
  for (const [name, n] of Object.entries(result.requests ?? {})) {
    const reused = result.reused?.[name];
    console.log(
      `  requests to ${name}: ${n}${reused ? ` (and ${reused} answers reused from its earlier lookups)` : ""}`,
    );
  }
  if (result.restarts) console.log(`  listing restarted after deletions shifted the pages: ${result.restarts}`);
  for (const [id, why] of Object.entries(result.failed)) console.log(`  failed user ${id}: ${why}`);
  if (result.capped) {
    console.log(
      `stopped: ${result.capped} reached --max-calls ${o.maxCalls} in this run; rerun the same command to continue from ${o.checkpoint}`,
    );
  }
  const would = result.counts["would enrich"] ?? 0;
  if (o.dryRun && would) console.log(`note: a real run would write ${would} users; ${WRITES_FIRE}`);
  return 0;
}

if (import.meta.main ?? process.argv[1] === new URL(import.meta.url).pathname) process.exitCode = await main();
