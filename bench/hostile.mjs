#!/usr/bin/env node
// Hostile-input benchmark: the built hook, run as Authgear runs it (a fresh
// process per call, Deno's start included), on oversized and pathological
// events and configs, against the sample signup in the same invocation.
// Prints the median wall time per case and its ratio to the baseline.
// Not part of the test suite (the cases themselves are tests in
// tests/js/hostile.test.mjs); the figures go in BENCHMARKS.md.
//
//   node bench/hostile.mjs [--runs 7] [--runtimes deno1,deno2,node20]
import { hookSource, runHook, sample } from "../tests/js/harness.mjs";

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? dflt : process.argv[i + 1];
};
const RUNS = Number(arg("--runs", 7));
const runtimes = arg("--runtimes", "deno1,deno2,node20").split(",");
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const edit = (f) => {
  const e = JSON.parse(sample("email-signup.json"));
  f(e);
  return JSON.stringify(e);
};
const keys = (n, prefix = "k") => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, i]));
/** The sample with a raw JSON value spliced in as `payload.extra` (too deep for JSON.stringify). */
const spliced = (raw) => sample("email-signup.json").replace('"payload": {', `"payload": {"extra": ${raw},`);
const nest = (depth) => "[".repeat(depth) + "]".repeat(depth);
const CONFIG = {
  standard: { zoneinfo: "timezone", locale: "locale" },
  custom: { country: { type: "country_code", from: "country" } },
};
const BIG_CONFIG = {
  ...CONFIG,
  custom: {
    ...CONFIG.custom,
    ...Object.fromEntries(Array.from({ length: 999 }, (_, i) => [`a${i}`, { type: "string" }])),
  },
};

/** @type {Record<string, [string, object]>} */
const CASES = {
  "baseline: the sample signup": [sample("email-signup.json"), CONFIG],
  "1 MB event (16 strings of 60,000 characters)": [
    edit((e) => (e.payload.extra = Array(16).fill("x".repeat(6e4)))),
    CONFIG,
  ],
  "a 1,000,000-character string (refused)": [
    edit((e) => (e.payload.user.standard_attributes.name = "x".repeat(1e6))),
    CONFIG,
  ],
  "over 1 MiB (refused)": [edit((e) => (e.payload.user.standard_attributes.name = "x".repeat(1.1e6))), CONFIG],
  "1,000 keys in one object (the cap)": [edit((e) => (e.payload.user.custom_attributes = keys(1000))), CONFIG],
  "19 objects of 999 keys (near the total cap)": [
    edit((e) => (e.payload.extra = Array.from({ length: 19 }, (_, j) => keys(999, `o${j}_`)))),
    CONFIG,
  ],
  "40,000 keys (refused)": [edit((e) => (e.payload.user.custom_attributes = keys(40000))), CONFIG],
  "100,000 keys (refused)": [edit((e) => (e.payload.user.custom_attributes = keys(100000))), CONFIG],
  "nesting 128 deep (the cap)": [spliced(nest(125)), CONFIG],
  "nesting 10,000 deep (refused)": [spliced(nest(10000)), CONFIG],
  "1,000 language tags (the cap)": [
    edit((e) => (e.context.preferred_languages = Array(1000).fill("zz-Latn-ZZ"))),
    CONFIG,
  ],
  "60,000 language tags (refused)": [edit((e) => (e.context.preferred_languages = Array(60000).fill("en-GB"))), CONFIG],
  "a config of 1,000 custom attributes": [sample("email-signup.json"), BIG_CONFIG],
};

for (const runtime of runtimes) {
  console.log(`\n### ${runtime} (${RUNS} runs each, median wall time per call, process start included)\n`);
  console.log("| case | event size | ms | × baseline | answer |");
  console.log("| --- | ---: | ---: | ---: | --- |");
  let base;
  for (const [name, [event, config]] of Object.entries(CASES)) {
    const source = hookSource(runtime, config);
    const times = [];
    let answer = "";
    for (let i = 0; i < RUNS; i++) {
      const r = await runHook(runtime, source, event);
      if (r.code !== 0 || !r.response?.is_allowed) throw new Error(`${runtime} ${name}: ${r.stderr}`);
      times.push(r.ms);
      answer = r.response.mutations
        ? "enriched"
        : /malformed event|cannot be serialised/.test(r.stderr)
        ? "refused, allowed"
        : "allowed";
    }
    const ms = median(times);
    base ??= ms;
    console.log(
      `| ${name} | ${(event.length / 1024).toFixed(0)} KiB | ${ms.toFixed(0)} | ${
        (ms / base).toFixed(2)
      } | ${answer} |`,
    );
  }
}
