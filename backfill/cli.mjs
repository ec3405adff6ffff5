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
import { configOf } from "./hook-file.mjs";
import { progress } from "./progress.mjs";
import { backfill } from "./run.mjs";
import * as hook from "../pkg/enrich-hook.mjs";

const USAGE = `usage: node backfill/cli.mjs --endpoint URL --key-file PEM --key-id ID [options]

Enriches existing users through the Admin API as the login path does, with the
hook's own core and config; writes only what changed (each write fires
user.profile.pre_update and the user.profile.updated webhook).

  --endpoint URL       the project's origin, e.g. https://myapp.authgear.cloud
  --key-file PEM       the Admin API key the portal downloads (PKCS#8 PEM)
  --key-id ID          its key ID
  --project-id ID      the project ID (read from <id>.authgear.cloud, else required)
  --hook FILE          your edited hook file: its config block is used
  --config FILE        or a JSON config (default: the built-in config)
  --dry-run            write nothing; list every change
  --explain            with --dry-run: where each value comes from
  --rate N             Admin API requests per second (default 5)
  --page-size N        users per page, 1 to 100 (default 20)
  --checkpoint FILE    where the run is kept to resume (default backfill-checkpoint.json)
  --timeout MS         an Admin API read's timeout (default 10000; a write gets 5x)
  --retries N          retries of a call that can be retried (default 4)
  --backoff MS         the first retry's wait, doubled each time (default 500)
  --max-calls N        stop (to resume later) once a source with a key has made N requests in this run
  -h, --help           this text`;

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
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return { help: true };
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

/** The config to run with, from --config or --hook; throws with the line to print. */
async function readConfig(o) {
  const file = o.config ?? o.hook;
  if (!file) return undefined;
  let text;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new Error(`${o.config ? "--config" : "--hook"} ${file}: cannot be read (${err.code ?? err.message})`);
  }
  try {
    // The backfill writes with its own key: a login file's adminApi is not its concern.
    const { adminApi: _, ...config } = o.config ? JSON.parse(text) : configOf(text);
    return config;
  } catch (err) {
    throw new Error(`${o.config ? "--config" : "--hook"} ${file}: ${err.message}`);
  }
}

async function main() {
  let o;
  try {
    o = args(process.argv.slice(2));
  } catch (err) {
    console.error(`${err.message}\n(--help for the options)`);
    return 2;
  }
  if (o.help) {
    console.log(USAGE);
    return 0;
  }
  // Everything is checked before the first request: the config as the core reads it, the key.
  let config;
  try {
    config = await readConfig(o);
  } catch (err) {
    console.error(err.message);
    return 2;
  }
  const { errors, warnings } = await hook.checkConfig(config ?? {});
  for (const w of warnings) console.error(`backfill: config: ${w}`);
  if (errors.length) {
    console.error(`backfill: the config would run without enrichment; nothing was read or written:`);
    for (const e of errors) console.error(`  ${e}`);
    return 2;
  }
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
    // The Admin API's errors name no URL (the hook's lines never do): here it is the admin's own.
    const where = err.reason ? ` (the Admin API at ${o.endpoint}/_api/admin/graphql)` : "";
    console.error(
      `\nbackfill stopped: ${err.message}${where}${
        o.dryRun ? "" : `; rerun the same command to resume from ${o.checkpoint}`
      }`,
    );
    return 1;
  }
  if (result.already) {
    console.log(
      `${o.checkpoint}: this backfill completed${
        result.completedAt ? ` on ${result.completedAt}` : ""
      }; nothing was done now. To run it again, delete ${o.checkpoint} and ${o.checkpoint}.done.`,
    );
    return 0;
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
