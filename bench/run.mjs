#!/usr/bin/env node
// Benchmarks: cold invocation (floor, peer, ours) on each runtime, size,
// deadline and concurrency, warm throughput, peak memory. Prints medians and
// ratios measured in this same run. Not part of the test suite.
//
//   node bench/run.mjs [--runs 20] [--runtimes deno2,deno1,node20] [--login-only] [--baseline REV]
//
// --baseline REV: the pasted files as git revision REV built them run beside
// today's, interleaved in the same invocation (login, cold invocation, the
// parts, authgear-deno), so every ratio to the baseline is measured at once.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import ts from "typescript";
import binaryen from "binaryen";
import { lzma } from "../build/pack.mjs";
import { encode93 } from "../build/text93.mjs";
import { HOOK_FILE_LIMIT } from "../build/authgear-limit.mjs";
import { execFileSync } from "node:child_process";
import { callHook, hookSource, markChecked, ROOT, RUNTIMES, sample, startAuthgearDeno } from "../tests/js/harness.mjs";
import { startMock } from "../tests/js/mock-providers.mjs";

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? dflt : process.argv[i + 1];
};
const RUNS = Number(arg("--runs", 20));
const runtimes = arg("--runtimes", Object.keys(RUNTIMES).join(",")).split(",");
const LATENCY = 20; // ms the mock provider takes to answer
const work = mkdtempSync(join(tmpdir(), "enrich-hook-bench-"));
const event = sample("email-signup.json");
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (n, d = 1) => n.toFixed(d);

const BASELINE = arg("--baseline", undefined);
/** A pasted file as the baseline revision built it, with `config` in its block (hookSource's edit). */
const baselineSource = (runtime, config, file = "enrich-hook") => {
  if (!BASELINE || RUNTIMES[runtime].ext !== "ts") return undefined;
  const text = execFileSync("git", ["show", `${BASELINE}:pkg/${file}.ts`], { cwd: ROOT, encoding: "utf8" });
  // Before issue 25 the login file carried the key itself (never read when nothing is missing).
  if (config.adminApi && text.includes("privateKey: string")) {
    config = { ...config, adminApi: { endpoint: config.adminApi.endpoint, keyId: "k", privateKey: "-----BEGIN" } };
  }
  return text.replace(
    /\/\/ ---- config: begin ----[\s\S]*?\/\/ ---- config: end ----/,
    `// ---- config: begin ----\nconst config: EnrichConfig = ${
      JSON.stringify(config, null, 2)
    };\n// ---- config: end ----`,
  );
};

const mock = await startMock();
const base = (scenario) => mock.base(scenario, "ipapi.co");
const forRuntime = (runtime, tsSource) =>
  RUNTIMES[runtime].ext === "ts" ? tsSource : ts.transpileModule(tsSource, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  }).outputText;
const JOB = {
  country: { type: "country_code", from: "country" },
  city: { type: "string", from: "city" },
  timezone: { type: "string", from: "timezone" },
};
/** The core's packed text in the built hook (build/hook.mjs writes it so). */
const CORE_TEXT = /const WASM_LZMA_TEXT = "([^"]*)";/;
// The design's own floor: the built hook with its core swapped for one that
// does nothing (bench/hooks/no-core.wat), packed the same way.
const noCoreText = (() => {
  const m = binaryen.parseText(readFileSync(join(ROOT, "bench/hooks/no-core.wat"), "utf8"));
  m.setFeatures(binaryen.Features.All);
  if (!m.validate()) throw new Error("bench/hooks/no-core.wat does not validate");
  return encode93(lzma(m.emitBinary()));
})();
const withoutCore = (source) => {
  const out = source.replace(CORE_TEXT, () => `const WASM_LZMA_TEXT = "${noCoreText}";`);
  if (out === source) throw new Error("the core's literal not found in the hook");
  return out;
};
const variants = (runtime, offline = hookSource(runtime, { custom: JOB })) => ({
  "empty hook (floor)": forRuntime(runtime, readFileSync(join(ROOT, "bench/hooks/empty.ts"), "utf8")),
  "hand-written peer": forRuntime(
    runtime,
    readFileSync(join(ROOT, "bench/hooks/peer.ts"), "utf8").replaceAll("__BASE__", base(`slow-${LATENCY}`)),
  ),
  "ours, same job": hookSource(runtime, {
    custom: JOB,
    sources: [{ preset: "ipapi.co", baseUrl: base(`slow-${LATENCY}`), allowHttp: true }],
  }),
  "ours, offline only": offline,
  "ours, no core": withoutCore(offline),
});

let seq = 0;
/** One cold run: a fresh process, a new file name, Authgear's permissions. */
function cold(
  runtime,
  source,
  { memory = false, runner = "tests/js/authgear-runner.ts", input: inputText = event } = {},
) {
  const { ext, bin } = RUNTIMES[runtime];
  const n = ++seq;
  const script = join(work, `hook-${n}.${ext}`),
    input = join(work, `in-${n}.json`),
    output = join(work, `out-${n}.json`);
  writeFileSync(script, source);
  writeFileSync(input, inputText);
  const args = ext === "ts"
    ? [
      "run",
      "--quiet",
      `--allow-read=${script},${input}`,
      `--allow-write=${output}`,
      `--allow-net=127.0.0.1:${mock.port}`,
      join(ROOT, runner),
      script,
      input,
      output,
    ]
    : [join(ROOT, "tests/js/node-runner.mjs"), script, input, output];
  const cmd = memory ? "/usr/bin/time" : bin;
  const cmdArgs = memory ? ["-f", "maxrss-kb %M", bin, ...args] : args;
  const t = performance.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, cmdArgs, {
      cwd: work,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DENO_NO_UPDATE_CHECK: "1" },
    });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.on("close", (code) => {
      const ms = performance.now() - t;
      const ok = code === 0 && existsSync(output);
      resolve({
        ms,
        ok,
        stderr: err,
        rssKb: Number(err.match(/maxrss-kb (\d+)/)?.[1]),
        callMs: Number(err.match(/call-ms ([\d.]+)/)?.[1]),
      });
    });
  });
}

const out = [];
const line = (s = "") => {
  console.log(s);
  out.push(s);
};
line(
  `enrich-hook benchmarks — ${new Date().toISOString().slice(0, 10)}, ${cpus().length}× ${cpus()[0].model.trim()}, ${
    Math.round(totalmem() / 2 ** 30)
  } GiB, node ${process.version}`,
);
line(`runs per figure: ${RUNS}; mock provider latency ${LATENCY} ms`);

// 0. Issue 20: a login with nothing missing must cost at most 1.5× the empty
// hook's cold run on Deno 2 — the login file answers it without the core.
line("\n## Login with nothing missing (median ms, fresh process per run)");
line(
  "| runtime | empty hook | login file, nothing missing | signup file, offline signup | login / empty | signup / empty |",
);
line("| --- | --- | --- | --- | --- | --- |");
const LOGIN_EVENT = JSON.stringify({
  type: "user.authenticated",
  payload: {
    user: {
      id: "338deafa-1f2e-4c5d-9a8b-7c6d5e4f3a21",
      standard_attributes: { email: "jane@acme.example", zoneinfo: "Europe/London", locale: "en-GB" },
      custom_attributes: { country: "GB", city: "London", timezone: "Europe/London" },
    },
    session: { lastAccessedByIP: "81.2.69.160", lastAccessedByIPCountryCode: "GB" },
  },
  context: { triggered_by: "user", ip_address: "81.2.69.160", geo_location_code: "GB", app_id: "myapp" },
});
const LOGIN_CONFIG = {
  standard: { zoneinfo: "timezone", locale: "locale" },
  custom: JOB,
  sources: ["geo", "languages", { preset: "ipapi.co", baseUrl: base("ok"), allowHttp: true }],
  // Never used when nothing is missing: nothing is read.
  adminApi: { endpoint: "https://myapp.authgear.cloud", token: "e30.e30.sig" },
};
for (const runtime of runtimes) {
  const v = {
    empty: [forRuntime(runtime, readFileSync(join(ROOT, "bench/hooks/empty.ts"), "utf8")), LOGIN_EVENT],
    login: [hookSource(runtime, LOGIN_CONFIG, "enrich-login"), LOGIN_EVENT],
    signup: [hookSource(runtime, { custom: JOB }), event],
  };
  const old = baselineSource(runtime, LOGIN_CONFIG, "enrich-login");
  if (old) v.baseline = [old, LOGIN_EVENT];
  const times = Object.fromEntries(Object.keys(v).map((k) => [k, []]));
  for (let i = 0; i < RUNS; i++) {
    for (const [name, [src, input]] of Object.entries(v)) {
      const r = await cold(runtime, src, { input });
      if (!r.ok || r.stderr.includes("enrich-hook:")) throw new Error(`${runtime} ${name} failed: ${r.stderr}`);
      times[name].push(r.ms);
    }
  }
  const [e, l, sg, b] = Object.values(times).map(median);
  line(
    `| ${runtime} | ${fmt(e)} | ${fmt(l)} | ${fmt(sg)} | ${fmt(l / e, 2)}× | ${fmt(sg / e, 2)}× |${
      b ? ` baseline login ${fmt(b)} ms, ${fmt(b / e, 2)}× |` : ""
    }`,
  );
}
if (process.argv.includes("--login-only")) {
  await mock.close();
  process.exit(0);
}

// 1. Cold invocation, round-robin so drift hits every variant alike.
line("\n## Cold invocation (median ms, fresh process per run)");
line(
  "| runtime | empty hook | peer | ours, same job | ours, offline | ours, no core | ours / peer | ours / empty | offline / empty | no core / empty |",
);
line("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
const coldResults = {};
for (const runtime of runtimes) {
  const v = variants(runtime);
  const sameJob = { custom: JOB, sources: [{ preset: "ipapi.co", baseUrl: base(`slow-${LATENCY}`), allowHttp: true }] };
  if (BASELINE && RUNTIMES[runtime].ext === "ts") {
    v["baseline, same job"] = baselineSource(runtime, sameJob);
    v["baseline, offline"] = baselineSource(runtime, { custom: JOB });
  }
  const times = Object.fromEntries(Object.keys(v).map((k) => [k, []]));
  for (let i = 0; i < RUNS; i++) {
    for (const [name, src] of Object.entries(v)) {
      const r = await cold(runtime, src);
      // A diagnostic means the hook fell back to {"is_allowed": true}: a cheaper run that measures nothing.
      if (!r.ok || r.stderr.includes("enrich-hook:")) throw new Error(`${runtime} ${name} failed: ${r.stderr}`);
      times[name].push(r.ms);
    }
  }
  const m = Object.fromEntries(Object.entries(times).map(([k, xs]) => [k, median(xs)]));
  coldResults[runtime] = m;
  const [e, p, o, off, none, bo, boff] = Object.values(m);
  line(
    `| ${runtime} | ${fmt(e)} | ${fmt(p)} | ${fmt(o)} | ${fmt(off)} | ${fmt(none)} | ${fmt(o / p, 2)}× | ${
      fmt(o / e, 2)
    }× | ${fmt(off / e, 2)}× | ${fmt(none / e, 2)}× |${
      bo
        ? ` baseline: same job ${fmt(bo)} (${fmt(bo / p, 2)}× the peer), offline ${fmt(boff)} (${fmt(boff / e, 2)}×) |`
        : ""
    }`,
  );
}

// 1b. The parts of a cold run (bench/parts.ts), Deno only.
line("\n## Where a cold run goes (median ms in a fresh process, Deno's own start excluded)");
line(
  "| runtime | file | import | unlzma: base64 | unlzma: compile | core text in | core unpacked | core compiled | the hook call | the same call, warm |",
);
line("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
const LOGIN_NOTHING = () => LOGIN_EVENT;
for (const runtime of runtimes.filter((r) => RUNTIMES[r].ext === "ts")) {
  const files = {
    // Its import is what any pasted file costs at the least: the floor under our import.
    "empty hook": [readFileSync(join(ROOT, "bench/hooks/empty.ts"), "utf8"), event],
    "signup, offline": [hookSource(runtime, { custom: JOB }), event],
    "login, nothing missing": [hookSource(runtime, LOGIN_CONFIG, "enrich-login"), LOGIN_NOTHING()],
    // The same file, types stripped, imported as .js: its import less the
    // row above's is Deno's TypeScript emit (which inlines a source map
    // holding the whole source). Authgear takes only .ts.
    "login, as .js (no TS emit)": [
      forRuntime("node20", hookSource(runtime, LOGIN_CONFIG, "enrich-login")),
      LOGIN_NOTHING(),
    ],
  };
  if (BASELINE) {
    files["baseline signup, offline"] = [baselineSource(runtime, { custom: JOB }), event];
    files["baseline login, nothing missing"] = [baselineSource(runtime, LOGIN_CONFIG, "enrich-login"), LOGIN_NOTHING()];
  }
  const parts = Object.fromEntries(Object.keys(files).map((k) => [k, []]));
  for (let i = 0; i < RUNS; i++) {
    for (const [name, [src, input]] of Object.entries(files)) {
      const n = ++seq;
      const ext = name.includes(".js") ? "js" : "ts";
      const script = join(work, `parts-${n}.${ext}`), inputFile = join(work, `parts-${n}.json`);
      writeFileSync(script, src);
      writeFileSync(inputFile, input);
      const one = (mode) =>
        JSON.parse(
          execFileSync(RUNTIMES[runtime].bin, [
            "run",
            "--quiet",
            "-A",
            join(ROOT, "bench/parts.ts"),
            mode,
            script,
            inputFile,
          ], {
            cwd: work,
            encoding: "utf8",
            env: { PATH: process.env.PATH, HOME: process.env.HOME, DENO_NO_UPDATE_CHECK: "1" },
          }).trim().split("\n").pop(),
        );
      const { importMs, callMs, warmMs } = one("call");
      // The empty hook has no loader to replay; the .js row's is the row above's.
      const steps = name === "empty hook" || ext === "js" ? {} : one("steps");
      parts[name].push({ ...steps, importMs, callMs, warmMs });
    }
  }
  for (const [name, runs] of Object.entries(parts)) {
    const col = (k) => (k in runs[0] ? fmt(median(runs.map((r) => r[k]))) : "");
    line(
      `| ${runtime} | ${name} | ${col("importMs")} | ${col("unlzma: base64")} | ${col("unlzma: compile")} | ${
        col("core text copied in")
      } | ${col("core unpacked (text decoded, LZMA)")} | ${col("core compiled")} | ${col("callMs")} | ${
        col("warmMs")
      } |`,
    );
  }
}

// 1c. As an admin sees it: the hook call through authgear-deno (a model of
// it from its source, tests/js/authgear-deno.py: POST /run, a fresh `deno
// run` on a pty with input and output files), timed as authgear-server
// times it, around the HTTP call.
line("\n## Through authgear-deno (median ms of the hook call, as authgear-server times it)");
line("| runtime | empty hook | ours, offline signup | login, nothing missing | offline / empty | login / empty |");
line("| --- | --- | --- | --- | --- | --- |");
for (const runtime of runtimes.filter((r) => RUNTIMES[r].ext === "ts")) {
  const service = await startAuthgearDeno(runtime, { slots: 1, timeoutS: 60 });
  try {
    const v = {
      empty: [readFileSync(join(ROOT, "bench/hooks/empty.ts"), "utf8"), event],
      offline: [hookSource(runtime, { custom: JOB }), event],
      login: [hookSource(runtime, LOGIN_CONFIG, "enrich-login"), LOGIN_EVENT],
    };
    if (BASELINE) {
      v["baseline offline"] = [baselineSource(runtime, { custom: JOB }), event];
      v["baseline login"] = [baselineSource(runtime, LOGIN_CONFIG, "enrich-login"), LOGIN_EVENT];
    }
    const times = Object.fromEntries(Object.keys(v).map((k) => [k, []]));
    for (let i = 0; i < RUNS; i++) {
      for (const [name, [src, input]] of Object.entries(v)) {
        const r = await callHook(service.url, src, input, 60_000);
        markChecked(r); // timed, not judged: the test suite judges these answers
        const stderr = r.body?.stderr?.string ?? "";
        if (r.gaveUp || !("output" in (r.body ?? {})) || stderr.includes("enrich-hook:")) {
          throw new Error(`${runtime} ${name} through authgear-deno failed: ${JSON.stringify(r.body)}`);
        }
        times[name].push(r.ms);
      }
    }
    const [e, off, login, boff, blogin] = Object.values(times).map(median);
    line(
      `| ${runtime} | ${fmt(e)} | ${fmt(off)} | ${fmt(login)} | ${fmt(off / e, 2)}× | ${fmt(login / e, 2)}× |${
        boff ? ` baseline: offline ${fmt(boff / e, 2)}×, login ${fmt(blogin / e, 2)}× |` : ""
      }`,
    );
  } finally {
    service.close();
  }
}

// 2. Size.
line("\n## Size");
const hookBytes = readFileSync(join(ROOT, "pkg/enrich-hook.ts")).length;
const hookText = readFileSync(join(ROOT, "pkg/enrich-hook.ts"), "utf8");
const text = hookText.match(CORE_TEXT)[1];
const packed = (text.length / 16) * 13; // unlzma/src/text.rs: 13 bytes per 16 characters
const raw = Number(hookText.match(/compiled to WebAssembly \((\d+) bytes\)/)[1]);
const optWasm = join(ROOT, ".cache/build/signup/enrich_hook.opt.wasm");
const gz = existsSync(optWasm) ? gzipSync(readFileSync(optWasm), { level: 9 }).length : undefined;
line("| what | bytes | against |");
line("| --- | --- | --- |");
line(
  `| pkg/enrich-hook.ts | ${hookBytes} | ${fmt((100 * hookBytes) / HOOK_FILE_LIMIT)}% of the 100 KiB limit; ${
    fmt((100 * hookBytes) / 65536)
  }% of the 64 KiB goal |`,
);
line(`| wasm, raw | ${raw} | |`);
line(
  gz === undefined
    ? "| wasm, gzip -9 (for comparison) | – | run `node build/hook.mjs` first: it leaves the optimised wasm in .cache/build |"
    : `| wasm, gzip -9 (for comparison) | ${gz} | ${fmt((100 * gz) / raw)}% |`,
);
line(`| wasm, LZMA (embedded, in whole 13-byte blocks) | ${packed} | ${fmt((100 * packed) / raw)}% |`);
line(
  `| its text (16 characters per 13 bytes) | ${text.length} | ${fmt((100 * text.length) / hookBytes)}% of the file |`,
);

// 3. Deadline and concurrency: time inside the hook call (Deno 2).
line("\n## Deadline and concurrency (median ms of the hook call, deno2)");
const DEADLINE = 1000;
const timed = async (cfg) => {
  const xs = [];
  for (let i = 0; i < Math.min(RUNS, 10); i++) {
    const r = await cold("deno2", hookSource("deno2", cfg), { runner: "bench/timed-runner.ts" });
    xs.push(r.callMs);
  }
  return median(xs);
};
const src = (scenario, preset) => ({ preset, baseUrl: mock.base(scenario, preset), allowHttp: true });
const hung = await timed({ custom: JOB, sources: [src("hang", "ipapi.co")], deadlineMs: DEADLINE });
const three = await timed({
  custom: JOB,
  sources: [src("slow-300", "ipinfo.io"), src("slow-300", "ipwho.is"), src("slow-300", "ipapi.co")],
  deadlineMs: 2000,
});
line("| case | hook call | target |");
line("| --- | --- | --- |");
line(`| one source hung, deadline ${DEADLINE} ms | ${fmt(hung)} | ≤ ${DEADLINE + 25} |`);
line(`| three sources of 300 ms | ${fmt(three)} | ≤ 400 |`);

// 4. Warm throughput in one Node process.
line("\n## Warm throughput (one Node process)");
const hook = await import(join(ROOT, "pkg/enrich-hook.mjs"));
const ev = JSON.parse(event);
const throughput = async (configOverride) => {
  for (let i = 0; i < 200; i++) await hook.enrich(ev, { configOverride });
  const t = performance.now();
  let n = 0;
  while (performance.now() - t < 2000) {
    await hook.enrich(ev, { configOverride });
    n++;
  }
  return (n * 1000) / (performance.now() - t);
};
const offlineRate = await throughput({ custom: JOB });
const liveRate = await throughput({ custom: JOB, sources: [src("ok", "ipapi.co")] });
line("| config | events/s | target |");
line("| --- | --- | --- |");
line(`| offline | ${Math.round(offlineRate)} | ≥ 20000 |`);
line(`| one mock source, no latency | ${Math.round(liveRate)} | |`);

// 5. Peak memory of a cold invocation (max RSS).
line("\n## Peak memory of a cold invocation (median max RSS, MiB)");
line("| runtime | empty hook | ours, offline | ours, same job | ours / empty |");
line("| --- | --- | --- | --- | --- |");
for (const runtime of runtimes) {
  const v = variants(runtime);
  const rss = async (s) => {
    const xs = [];
    for (let i = 0; i < Math.min(RUNS, 7); i++) xs.push((await cold(runtime, s, { memory: true })).rssKb / 1024);
    return median(xs);
  };
  const e = await rss(v["empty hook (floor)"]);
  const off = await rss(v["ours, offline only"]);
  const live = await rss(v["ours, same job"]);
  line(`| ${runtime} | ${fmt(e)} | ${fmt(off)} | ${fmt(live)} | ${fmt(live / e, 2)}× |`);
}

await mock.close();
process.exit(0);
