#!/usr/bin/env node
// Builds the files admins paste into Authgear — pkg/enrich-hook.ts (signup)
// and pkg/enrich-login.ts (the same plus the login path) — and the Node twin
// pkg/enrich-hook.mjs from the Rust crate and js-shim/. Three cores: the
// signup file's, the login file's (feature `login`), and the twin's (`login`
// and `explain`, explain mode's text for local runs and the backfill).
//
//   node build/hook.mjs           rebuild pkg/
//   node build/hook.mjs --check   rebuild into a temp dir; fail if pkg/ differs
//
// Tool versions are pinned: wasm-bindgen (Cargo.lock = CLI), binaryen and
// TypeScript, terser, lzma (package-lock.json). scripts/setup.sh installs them.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import ts from "typescript";
import { plainGlue, typedGlue } from "./glue.mjs";
import { minify } from "terser";
import { encode93 } from "./text93.mjs";
import { CORE_WASM_OPT, lzma } from "./core-pack.mjs";

const root = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const check = process.argv.includes("--check");
const run = (cmd, args, env = {}) =>
  execFileSync(cmd, args, {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });

// ---- versions ----
const lock = readFileSync(join(root, "Cargo.lock"), "utf8");
const wbVersion = lock.match(/name = "wasm-bindgen"\nversion = "([^"]+)"/)[1];
const cliVersion = run("wasm-bindgen", ["--version"]).trim().split(" ")[1];
if (cliVersion !== wbVersion) {
  console.error(`wasm-bindgen CLI is ${cliVersion}, the crate is ${wbVersion}: run scripts/setup.sh`);
  process.exit(1);
}
const rustc = run("rustc", ["--version"]).trim().split(" ")[1];

// ---- source hash: what the artifacts are built from ----
function files(dir) {
  return readdirSync(join(root, dir)).flatMap((n) => {
    const p = join(dir, n);
    return statSync(join(root, p)).isDirectory() ? files(p) : [p];
  });
}
const inputs = [
  "Cargo.toml",
  "Cargo.lock",
  "build.rs",
  "rust-toolchain.toml",
  ...files("src"),
  ...files("js-shim"),
  ...files("build"),
  "unlzma/Cargo.toml",
  ...files("unlzma/src"),
].sort();
const hash = createHash("sha256");
for (const f of inputs) hash.update(f + "\0").update(readFileSync(join(root, f))).update("\0");
const sourceHash = hash.digest("hex").slice(0, 16);

// ---- wasm ----
const out = join(root, ".cache", "build");
mkdirSync(out, { recursive: true });
// core and alloc are compiled here from rust-src, for size, and with panics
// that abort on the spot: no panic messages, no core::fmt behind them
// (-14 KB of wasm; a panic was already a trap, the shim recovers from it).
// These are nightly flags; RUSTC_BOOTSTRAP lets the stable toolchain take
// them for the wasm builds. Native builds and tests use plain stable.
const sysroot = run("rustc", ["--print", "sysroot"]).trim();
const cargoWasm = (pkg, rustflags = [], features = []) =>
  run("cargo", [
    "build",
    "--release",
    "--locked",
    "-p",
    pkg,
    "--target",
    "wasm32-unknown-unknown",
    "-Zbuild-std=core,alloc",
    "-Zbuild-std-features=optimize_for_size",
    ...(features.length ? ["--features", features.join(",")] : []),
  ], {
    RUSTC_BOOTSTRAP: "1",
    // Paths inside the binary must not depend on where the repo, cargo or
    // the toolchain live.
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS: [
      "-Zunstable-options",
      "-Cpanic=immediate-abort",
      `--remap-path-prefix=${root}=/enrich-hook`,
      `--remap-path-prefix=${process.env.CARGO_HOME ?? join(process.env.HOME, ".cargo")}=/cargo`,
      `--remap-path-prefix=${sysroot}=/rustc`,
      ...rustflags,
    ].join(" "),
  });
/** The core built with `features`: its optimised wasm, packed, as text, and wasm-bindgen's glue and types. */
async function buildCore(features) {
  // Memory is capped at 64 MiB: an absurd input traps (and the shim recovers)
  // instead of growing a long-lived process without bound.
  cargoWasm("enrich-hook", ["-Clink-arg=--max-memory=67108864"], features);
  run("wasm-bindgen", [
    "--target",
    "web",
    "--out-dir",
    out,
    join(root, "target/wasm32-unknown-unknown/release/enrich_hook.wasm"),
  ]);
  // The boundary's TypeScript types, from wasm-bindgen's own declaration of
  // the exports: the shim's `CoreHook` is this class's methods.
  const dts = readFileSync(join(out, "enrich_hook.d.ts"), "utf8");
  const body = dts.match(/export class Hook \{\n([\s\S]*?)\n\}/)?.[1];
  if (!body) throw new Error("enrich_hook.d.ts: no `export class Hook`");
  const methods = body.replace(/\/\*\*[\s\S]*?\*\//g, "").split("\n").map((l) => l.trim())
    .filter((l) => l && !/^(private constructor|free\(\)|\[Symbol\.dispose\])/.test(l));
  // Its enums (`NoAnswer`) become TypeScript enums: the same numbers, one source.
  const enums = [...dts.matchAll(/export enum (\w+) \{([\s\S]*?)\n\}/g)]
    .map(([, name, body]) =>
      `enum ${name} {${body.replace(/\/\*\*[\s\S]*?\*\//g, "").replace(/\n\s*\n/g, "\n").replace(/\n\s+/g, " ")} }`
    ).join("\n");
  const coreTypes = `// The core's exports (src/wasm/mod.rs), as wasm-bindgen declares them (its .d.ts).\n` +
    `interface CoreHook {\n${methods.map((m) => `  ${m}`).join("\n")}\n}\n${enums}`;
  const optWasm = join(out, "enrich_hook.opt.wasm");
  run(join(root, "node_modules/.bin/wasm-opt"), [
    ...CORE_WASM_OPT,
    "--strip-debug",
    "--strip-producers",
    join(out, "enrich_hook_bg.wasm"),
    "-o",
    optWasm,
  ]);
  const wasm = readFileSync(optWasm);
  // LZMA is ~15% smaller than gzip on this module (core-pack.mjs). The hook
  // unpacks it with unlzma/, its own tiny wasm, embedded as plain base64:
  // compiled synchronously, it is ready in well under a millisecond, where
  // the host's DecompressionStream took 3-8 ms to start on a cold Deno.
  const packed = lzma(wasm);
  const glueJs = readFileSync(join(out, "enrich_hook.js"), "utf8");
  // The twin's core also checks a config (for the backfill and local tools).
  const exportsWanted = ["initSync", "start", ...(features.includes("explain") ? ["checkConfig"] : [])];
  const glue = await typedGlue(glueJs, exportsWanted);
  return {
    wasm,
    packed,
    text: encode93(packed),
    glue,
    plain: plainGlue(glueJs, exportsWanted),
    coreTypes,
    enums,
  };
}
// The signup file's core last, so that .cache/build keeps it (bench/wasm-cost.mjs reads it).
const twinCore = await buildCore(["explain", "login"]);
const loginCore = await buildCore(["login"]);
const core = await buildCore([]);
cargoWasm("unlzma");
const unlzmaWasm = join(out, "unlzma.opt.wasm");
run(join(root, "node_modules/.bin/wasm-opt"), [
  "-O3",
  "--strip-debug",
  "--strip-producers",
  "--strip-target-features",
  join(root, "target/wasm32-unknown-unknown/release/unlzma.wasm"),
  "-o",
  unlzmaWasm,
]);
const unlzmaB64 = readFileSync(unlzmaWasm).toString("base64");

// ---- assemble ----
const part = (n) => readFileSync(join(root, "js-shim", n), "utf8").trim();
// The shim's comments are for maintainers (js-shim/); the pasted file keeps
// the config block's comments, which admins read.
const printer = ts.createPrinter({ removeComments: true });
const uncommented = (n) => {
  const lines = printer.printFile(ts.createSourceFile(n, part(n), ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS))
    .trim().split("\n").map((l) => l.trim());
  // One line per statement is for reading, and js-shim/ is where to read:
  // the printer ends every statement with `;`, so lines join safely, with a
  // space only between two word characters. A template literal spanning
  // lines would change: there is none (checked).
  if (lines.some((l) => (l.match(/`/g) ?? []).length % 2)) {
    throw new Error(`js-shim/${n}: a multi-line template literal`);
  }
  const code = lines.reduce((a, l) => a + (/\w$/.test(a) && /^\w/.test(l) ? " " : "") + l, "");
  return `// Source: js-shim/${n} of enrich-hook (comments there), one line.\n${code}`;
};
/**
 * A part's declarations as `deno check` points into them: one member per
 * line, so an error's "declared here" lands on a line an admin can read.
 * No comments (the config block and README carry them).
 */
const typesOf = (n) => {
  const text = printer.printFile(ts.createSourceFile(n, part(n), ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS));
  return `// Source: js-shim/${n} of enrich-hook (comments there).\n${
    text.trim().replace(/^( {4})+/gm, (m) => " ".repeat(m.length / 2))
  }`;
};
// The config's vocabularies as TypeScript unions, printed from the core's
// own tables (a native run of examples/vocabulary.rs): one source for each.
const vocabulary = run("cargo", ["run", "--quiet", "--locked", "--example", "vocabulary"]);
/**
 * What each pasted file is: its header's first lines, its config block, the
 * types the config and the entry point are checked against, its entry point
 * (the default export), and its code — what the entry point calls (`calls`).
 */
const FILES = {
  signup: {
    head: [
      "// enrich-hook: fills new users' profiles (time zone, locale, country, company, ...)",
      "// from what the signup already carries. Paste this whole file into Authgear as a",
      "// TypeScript blocking hook for user.pre_create, then edit only the config block.",
    ],
    config: part("config.ts"),
    types: ["types.ts"],
    entry: "entry.ts",
    code: ["shim.ts", "http.ts"],
    calls: ["enrich"],
  },
  login: {
    head: [
      "// enrich-login: enrich-hook plus the login path, which fills the profiles of returning",
      "// users when they log in. Paste this whole file into Authgear as a TypeScript hook for",
      "// the NON-blocking user.authenticated event, then edit only the config block.",
    ],
    config: part("config.ts").replace(/\n};$/, `\n${part("config-login.ts").replace(/^/gm, "  ")}\n};`),
    types: ["types.ts", "types-login.ts"],
    entry: "entry-login.ts",
    // Compiled first and on its own: what a login with nothing to do runs (the rest, lazily).
    gate: { parts: ["login-gate.ts"], calls: ["loginGo", "loginUser", "waitedMs"] },
    code: ["shim.ts", "login.ts", "admin-api.ts", "http.ts"],
    calls: ["enrich", "enrichLogin"],
  },
};
if (FILES.login.config === part("config.ts")) throw new Error("js-shim/config.ts must end with `};`");

const header = (file) => [
  ...file.head,
  '// Config reference: README.md of enrich-hook, section "Config reference".',
  `// @generated by build/hook.mjs from source hash ${sourceHash} (rustc ${rustc}, wasm-bindgen ${wbVersion}).`,
  "",
  "// ---- config: begin ----",
  file.config,
  "// ---- config: end ----",
  "",
];
const embedded = (c) => [
  `// The core's decoder (unlzma/), compiled to WebAssembly, base64.`,
  `const UNLZMA_WASM_BASE64 = "${unlzmaB64}";`,
  "",
  `// The Rust core, compiled to WebAssembly (${c.wasm.length} bytes), LZMA-compressed, as text (unlzma/src/text.rs).`,
  `const WASM_LZMA_TEXT = "${c.text}";`,
  "",
];

/**
 * `file` around the built core `c`, every part as typed TypeScript: what
 * `deno check` holds to strict types (types.test.mjs), and what the Node
 * twin is transpiled from.
 */
const readable = (file, c) =>
  [
    ...header(file),
    ...[...file.code, ...(file.gate?.parts ?? []), file.entry].flatMap((p) => [uncommented(p), ""]),
    c.coreTypes,
    "",
    vocabulary,
    ...file.types.flatMap((p) => [uncommented(p), ""]),
    c.glue.trim(),
    "",
    ...embedded(c),
  ].join("\n");

/** `export` keywords off the top-level statements of a part (the pasted code exports nothing). */
function unexported(n) {
  const text = part(n);
  const sf = ts.createSourceFile(n, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  let out = text;
  const kws = sf.statements.flatMap((st) =>
    (ts.canHaveModifiers(st) ? ts.getModifiers(st) ?? [] : []).filter((m) => m.kind === ts.SyntaxKind.ExportKeyword)
  );
  for (const kw of kws.reverse()) out = out.slice(0, kw.getStart(sf)) + out.slice(kw.getEnd() + 1);
  if (/^export /m.test(out)) throw new Error(`js-shim/${n}: an export the pasted code cannot keep`);
  return out;
}

/** What the pasted code is handed: the names it reads from the file around it. */
const HANDED = ["config", "UNLZMA_WASM_BASE64", "WASM_LZMA_TEXT"];

/**
 * The pasted file: the config block, the types it and the entry point are
 * checked against, the typed entry point, then everything the entry point
 * calls (the shim, the HTTP driver, the login path, wasm-bindgen's glue) as
 * one minified function in a string literal, the embedded wasm, and the line
 * that compiles the function (`new Function`) and hands it what it reads.
 * Why a string: Deno takes a module's code through its TypeScript pipeline
 * at every cold start (~1 ms per KB of code here), a string literal almost
 * for free (BENCHMARKS.md, issue 26). Its types are checked in the readable
 * build; in the pasted file the code is one value of type `any`.
 */
async function pasted(file, c) {
  const js = (parts) =>
    ts.transpileModule(parts.join("\n"), {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, removeComments: true },
    }).outputText;
  const fn = async (handed, body, calls) => {
    const unit = `(function (${handed.join(", ")}) {\n${body}\nreturn { ${calls.join(", ")} };\n})`;
    const min = await minify(unit, {
      ecma: 2020,
      compress: { passes: 2, expression: true },
      mangle: true,
      // Single quotes: the code travels in a double-quoted literal, where each " costs a backslash.
      format: { comments: false, semicolons: true, quote_style: 1 },
    });
    const out = min.code.replace(/;$/, "");
    if (!/^\(?function\(/.test(out)) throw new Error("the minified code is not one function expression");
    return out;
  };
  const gate = file.gate;
  const handed = [...HANDED, ...(gate?.calls ?? [])];
  const code = await fn(handed, `${js([...file.code.map(unexported), c.enums])}\n${c.plain}`, file.calls);
  const compile = (name, args) => `new Function(\`return \${${name}}\`)()(${args.join(", ")})`;
  // The login file compiles its code only when an event needs more than the
  // gate (js-shim/login-gate.ts, `gated`), which hands the code its part.
  const bind = gate
    ? `const { ${file.calls.join(", ")} } = ${compile("GATE", ["config"])}.gated((...g: unknown[]) => ${
      compile("CODE", [...HANDED, "...g"])
    });`
    : `const { ${file.calls.join(", ")} } = ${compile("CODE", handed)};`;
  return [
    ...header(file),
    vocabulary.trim(),
    ...file.types.map(typesOf),
    uncommented(file.entry),
    "",
    ...(gate
      ? [
        `// The login gate: js-shim/{${gate.parts.join(",")}} of enrich-hook, minified into one function.`,
        `const GATE = ${JSON.stringify(await fn(["config"], js(gate.parts.map(unexported)), ["gated"]))};`,
        "",
      ]
      : []),
    `// The code: js-shim/{${file.code.join(",")}} of enrich-hook (typed and commented there) and`,
    "// wasm-bindgen's glue, minified into one function, compiled at the end of the file.",
    `const CODE = ${JSON.stringify(code)};`,
    "",
    ...embedded(c),
    bind,
    "",
  ].join("\n");
}

const ts_ = await pasted(FILES.signup, core);
const loginTs = await pasted(FILES.login, loginCore);
const checkBuild = {
  "enrich-hook.ts": readable(FILES.signup, core),
  "enrich-login.ts": readable(FILES.login, loginCore),
};
const checkDir = join(out, "readable");
mkdirSync(checkDir, { recursive: true });
for (const [f, text] of Object.entries(checkBuild)) writeFileSync(join(checkDir, f), text);
// The twin is the login file's (a superset: without adminApi it behaves as the signup file), readable,
// plus what only the tools around the hook use (js-shim/twin.ts).
const twin = { ...FILES.login, code: [...FILES.login.code, "twin.ts"] };
const mjs = ts.transpileModule(readable(twin, twinCore), {
  compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, removeComments: false },
}).outputText.replace(
  "// enrich-login: enrich-hook plus",
  "// Node twin of enrich-login.ts (same code, types stripped, not minified; its core keeps explain mode), for local\n// runs, tests and the backfill; without adminApi it behaves as enrich-hook.ts.\n// enrich-login: enrich-hook plus",
);

// The tests and the backfill edit the twin's config block by its markers: a
// comment the transpiler drops (before an erased type) would lose one.
if (!/\/\/ ---- config: begin ----[\s\S]*\/\/ ---- config: end ----/.test(mjs)) {
  throw new Error("enrich-hook.mjs lost its config block markers");
}

const dest = check ? mkdtempSync(join(tmpdir(), "enrich-hook-pkg-")) : join(root, "pkg");
mkdirSync(dest, { recursive: true });
writeFileSync(join(dest, "enrich-hook.ts"), ts_);
writeFileSync(join(dest, "enrich-login.ts"), loginTs);
writeFileSync(join(dest, "enrich-hook.mjs"), mjs);
console.log(
  `wasm ${core.wasm.length} B, lzma ${core.packed.length} B; enrich-hook.ts ${Buffer.byteLength(ts_)} B, ` +
    `enrich-login.ts ${Buffer.byteLength(loginTs)} B, enrich-hook.mjs ${Buffer.byteLength(mjs)} B`,
);

if (check) {
  let stale = false;
  for (const f of ["enrich-hook.ts", "enrich-login.ts", "enrich-hook.mjs"]) {
    let committed = "";
    try {
      committed = readFileSync(join(root, "pkg", f), "utf8");
    } catch { /* missing */ }
    if (committed !== readFileSync(join(dest, f), "utf8")) {
      console.error(`pkg/${f} is not what the sources build: run \`node build/hook.mjs\` and commit pkg/`);
      stale = true;
    }
  }
  if (stale) process.exit(1);
  console.log(`pkg/ is up to date (${relative(root, dest)} matched)`);
}
