#!/usr/bin/env node
// Run a hook on an event and print the answer and why: the admin's way to
// try an edited file before pasting it (the portal only type-checks it).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { configOf, sourceHash, withConfig } from "../backfill/hook-file.mjs";

const ROOT = new URL("..", import.meta.url).pathname;
const USAGE = `usage: node scripts/run-hook.mjs [--hook FILE] [--config config.json] [--explain] [EVENT.json]

Runs a hook on an event (default samples/email-signup.json) and prints the
answer Authgear gets, the log lines and, per configured attribute, the value
written, its source and why anything else was skipped.

  --hook FILE        the hook to run: your edited copy of pkg/enrich-hook.ts or
                     pkg/enrich-login.ts, run as Authgear runs it (Deno, no
                     network), after the portal's check (deno check); or a .mjs
                     twin. Default: pkg/enrich-hook.mjs, the Node twin.
  --config FILE      a JSON config in place of the file's config block
  --explain          also print the explanation (always, with --hook FILE.ts)
  -h, --help         this text

The explanation reads:  <attribute>  <outcome> <value> from <source> <- <field>
  outcome   set (written now), unchanged (the value it has), kept (already set,
            policy fill), skipped (not written: the notes under it say why)
  source    the source that gave the value; "geo+tzdata" is a time zone derived
            from geo's country (tzdata names one zone for it), "profile+tzdata"
            the zone of the country the user already has
  field     the enriched field the attribute is filled from (config: from)`;

let args;
try {
  args = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: {
      hook: { type: "string" },
      config: { type: "string" },
      explain: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
} catch (err) {
  console.error(`${err.message}\n(--help for the options)`);
  process.exit(2);
}
if (args.values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (args.positionals.length > 1) {
  console.error("give one event file at most (--help for the options)");
  process.exit(2);
}
const eventFile = args.positionals[0] ?? join(ROOT, "samples/email-signup.json");
const read = (what, file) => {
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    console.error(`${what} ${file}: cannot be read (${err.code ?? err.message})`);
    process.exit(2);
  }
};
const eventText = read("event", eventFile);
let event;
try {
  event = JSON.parse(eventText);
} catch (err) {
  console.error(`event ${eventFile}: not JSON (${err.message}); Authgear always sends JSON`);
  process.exit(2);
}
const hookFile = args.values.hook ?? join(ROOT, "pkg/enrich-hook.mjs");
const hookText = read("hook", hookFile);
let configOverride;
try {
  configOverride = args.values.config ? JSON.parse(read("config", args.values.config)) : configOf(hookText);
} catch (err) {
  console.error(`${args.values.config ?? hookFile}: ${err.message}`);
  process.exit(2);
}

const twin = await import(pathToFileURL(join(ROOT, "pkg/enrich-hook.mjs")).href);
/** A run of the twin's `enrich` whose log lines are printed here, not on stderr as they come. */
const quiet = async (hook) => {
  const log = console.error;
  console.error = () => {};
  try {
    return await hook.enrich(event, { explain: true, configOverride });
  } finally {
    console.error = log;
  }
};
if (hookFile.endsWith(".ts")) {
  // As Authgear: the portal's check, then a run under Deno with only the runner's permissions.
  const pasted = readFileSync(
    join(ROOT, "pkg", /enrichLogin|enrich-login/.test(hookText) ? "enrich-login.ts" : "enrich-hook.ts"),
    "utf8",
  );
  if (sourceHash(hookText) !== sourceHash(pasted)) {
    console.error(
      `note: ${hookFile} was built from other sources than this checkout's pkg/; the explanation is this checkout's`,
    );
  }
  process.exitCode = runDeno(args.values.config ? withConfig(hookText, configOverride) : hookText);
  // A file the portal refuses is never run: nothing to explain.
  if (process.exitCode !== 2) explain(await quiet(twin));
} else {
  const out = await quiet(await import(pathToFileURL(resolve(hookFile)).href));
  console.log(JSON.stringify(out.response, null, 2));
  console.log(`\n== the log lines:\n${out.diagnostics.map((d) => `enrich-hook: ${d}`).join("\n") || "(none)"}`);
  if (args.values.explain) explain(out);
}

/** Check and run the .ts file with the Deno that scripts/setup.sh (or demo.sh) installed; the exit code. */
function runDeno(text) {
  const deno = join(ROOT, "node_modules/deno/deno");
  if (!existsSync(deno)) {
    console.error("Deno is not installed here: run `npm ci` (or scripts/setup.sh) first");
    return 2;
  }
  const dir = mkdtempSync(join(tmpdir(), "enrich-hook-run-"));
  const [script, inputFile, output] = ["hook.ts", "input.json", "output.json"].map((n) => join(dir, n));
  writeFileSync(script, text);
  writeFileSync(inputFile, eventText);
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" };
  const check = spawnSync(deno, ["check", "--quiet", script], { encoding: "utf8", env });
  if (check.status !== 0) {
    console.log(`== deno check (what the portal says when you save):\n${(check.stderr + check.stdout).trim()}`);
    return 2;
  }
  const run = spawnSync(deno, [
    "run",
    "--quiet",
    `--allow-read=${script},${inputFile}`,
    `--allow-write=${output}`,
    join(ROOT, "tests/js/authgear-runner.ts"),
    script,
    inputFile,
    output,
  ], { encoding: "utf8", env });
  console.log("== the answer Authgear gets (deno run, as Authgear runs it, no network):");
  console.log(
    existsSync(output) && run.status === 0
      ? JSON.stringify(JSON.parse(readFileSync(output, "utf8")), null, 2)
      : "(none: the run failed)",
  );
  const lines = run.stderr.trim();
  console.log(`\n== the log lines:\n${lines || "(none)"}`);
  return run.status === 0 ? 0 : 1;
}

/** Per attribute: the value, its source, its field, and why. */
function explain(result) {
  const rows = result.explain ?? [];
  const w = Math.max(9, ...rows.map((r) => r.attribute.length));
  console.log("\n== explain (attribute  outcome value from source <- field; --help for the notation):");
  if (rows.length === 0) {
    console.log(
      result.diagnostics.length
        ? "  (nothing to explain: the hook answered without enrichment; the log lines say why)"
        : "  (no attributes configured)",
    );
  }
  for (const r of rows) {
    const value = r.value === null ? "-" : JSON.stringify(r.value);
    const from = r.source ? ` from ${r.source}` : "";
    console.log(`  ${r.attribute.padEnd(w)}  ${r.outcome.padEnd(9)} ${value}${from} <- ${r.field}`);
    for (const n of r.notes) console.log(`  ${"".padEnd(w)}    - ${n}`);
  }
  for (const n of result.notes ?? []) console.log(`  note: ${n}`);
}
