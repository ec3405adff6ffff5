#!/usr/bin/env node
// Backfill existing users with the hook's enrichment, through the Authgear
// Admin API. Runs on Node 20 and on Deno (`deno run -A backfill/cli.mjs …`).
//
//   node backfill/cli.mjs --endpoint https://myapp.authgear.cloud \
//     --key-file admin-key.pem --key-id KEY_ID [--config config.json | --hook my-hook.ts]
//     [--dry-run] [--explain] [--rate 5] [--page-size 20] [--checkpoint backfill-checkpoint.json]
//     [--timeout 10000] [--retries 4]
import { readFile } from "node:fs/promises";
import process from "node:process";
import { AdminApi, importKey } from "./admin-api.mjs";
import { progress } from "./progress.mjs";
import { backfill } from "./run.mjs";

const USAGE = `usage: backfill/cli.mjs --endpoint URL --key-file PEM --key-id ID
  [--config config.json | --hook hook.ts] [--dry-run] [--explain] [--rate N]
  [--page-size N] [--checkpoint FILE] [--timeout MS] [--retries N]`;

function args(argv) {
  const o = { rate: 5, pageSize: 20, checkpoint: "backfill-checkpoint.json", timeout: 10000, retries: 4, backoff: 500 };
  const names = { "--endpoint": "endpoint", "--key-file": "keyFile", "--key-id": "keyId", "--config": "config", "--hook": "hook",
    "--rate": "rate", "--page-size": "pageSize", "--checkpoint": "checkpoint", "--timeout": "timeout", "--retries": "retries", "--backoff": "backoff" };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--dry-run") o.dryRun = true;
    else if (a === "--explain") o.explain = true;
    else if (names[a] && i + 1 < argv.length) {
      const v = argv[++i];
      o[names[a]] = ["rate", "pageSize", "timeout", "retries", "backoff"].includes(names[a]) ? Number(v) : v;
    } else throw new Error(`unknown or incomplete option ${a}`);
  }
  if (!o.endpoint || !o.keyFile || !o.keyId) throw new Error("--endpoint, --key-file and --key-id are required");
  return o;
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
  const config = o.config ? JSON.parse(await readFile(o.config, "utf8")) : o.hook ? configFromHook(await readFile(o.hook, "utf8")) : undefined;
  const api = new AdminApi({
    endpoint: o.endpoint, key: await importKey(await readFile(o.keyFile, "utf8")), keyId: o.keyId,
    rate: o.rate, timeoutMs: o.timeout, retries: o.retries, backoffMs: o.backoff,
  });
  let result;
  try {
    result = await backfill({
      api, hook, config, dryRun: o.dryRun, explain: o.explain, pageSize: o.pageSize,
      checkpointPath: o.checkpoint, progress: progress(), log: (l) => console.log(l),
    });
  } catch (err) {
    console.error(`\nbackfill stopped: ${err.message}${o.dryRun ? "" : `; rerun the same command to resume from ${o.checkpoint}`}`);
    return 1;
  }
  console.log(`\nsummary${o.dryRun ? " (dry run: nothing written)" : ""}:`);
  for (const [k, v] of Object.entries(result.counts)) console.log(`  ${k}: ${v}`);
  const reasons = {};
  for (const r of Object.values(result.failed)) reasons[r.split(":")[0]] = (reasons[r.split(":")[0]] ?? 0) + 1;
  for (const [k, v] of Object.entries(reasons)) console.log(`  failed (${k}): ${v}`);
  for (const [id, why] of Object.entries(result.failed)) console.log(`  failed user ${id}: ${why}`);
  return 0;
}

process.exitCode = await main();
