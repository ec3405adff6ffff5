#!/usr/bin/env node
// Run the built hook on an event file and print the response.
//
//   node scripts/run-hook.mjs [--explain] [--config config.json] [--hook pkg/enrich-hook.mjs] event.json
//
// --explain   also print, per configured attribute, the value, its source and
//             why anything was skipped
// --config    a JSON file that replaces the hook's config block (same shape)
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const [, value] = args.splice(i, 2);
  return value;
};
const explain = args.includes("--explain");
if (explain) args.splice(args.indexOf("--explain"), 1);
const configFile = flag("--config");
const hookFile = flag("--hook") ?? new URL("../pkg/enrich-hook.mjs", import.meta.url).pathname;
if (args.length !== 1) {
  console.error("usage: node scripts/run-hook.mjs [--explain] [--config config.json] [--hook file.mjs] event.json");
  process.exit(2);
}

let event;
try {
  event = JSON.parse(readFileSync(args[0], "utf8"));
} catch (err) {
  console.error(`cannot read ${args[0]}: ${err.message}`);
  process.exit(2);
}
const configOverride = configFile ? JSON.parse(readFileSync(configFile, "utf8")) : undefined;
const hook = await import(pathToFileURL(resolve(hookFile)).href);
const result = await hook.enrich(event, { explain, configOverride });

console.log(JSON.stringify(result.response, null, 2));
if (explain) {
  const rows = result.explain ?? [];
  const w = Math.max(9, ...rows.map((r) => r.attribute.length));
  console.log("\nexplain:");
  if (rows.length === 0) console.log("  (no attributes configured)");
  for (const r of rows) {
    const value = r.value === null ? "-" : JSON.stringify(r.value);
    const from = r.source ? ` from ${r.source}` : "";
    console.log(`  ${r.attribute.padEnd(w)}  ${r.outcome.padEnd(9)} ${value}${from} <- ${r.field}`);
    for (const n of r.notes) console.log(`  ${"".padEnd(w)}    - ${n}`);
  }
  for (const n of result.notes ?? []) console.log(`  note: ${n}`);
}
