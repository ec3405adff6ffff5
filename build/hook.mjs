#!/usr/bin/env node
// Builds the files admins paste into Authgear — pkg/enrich-hook.ts (signup)
// and pkg/enrich-login.ts (the same plus the login path) — the Node twin
// pkg/enrich-hook.mjs and the configurator page pkg/configurator.html, from
// the Rust crate, js-shim/ and configurator/; and js-shim/generated/
// (the vocabulary module, the twin core's glue module), which js-shim/ imports.
// Three cores: the signup file's, the login file's (feature `login`), and
// the twin's (`login` and `explain`: explain mode's text and the config check).
//
//   node build/hook.mjs           rebuild pkg/ and js-shim/generated/
//   node build/hook.mjs --check   rebuild into a temp dir; fail if either differs
//
// One file per step: tools.mjs (versions, source hash), cargo.mjs, bindgen.mjs,
// wasm-opt.mjs, pack.mjs, bundle.mjs, print.mjs and assemble.mjs, configurator.mjs, check.mjs.
// Tool versions are pinned: wasm-bindgen (Cargo.lock = CLI), binaryen,
// esbuild, TypeScript, terser, lzma (package-lock.json); scripts/setup.sh installs them.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { FILES, GATE_MODULES, pasted, twin, twinTypes } from "./assemble.mjs";
import { bindgen } from "./bindgen.mjs";
import { bundle } from "./bundle.mjs";
import { buildCore, cargoWasm } from "./cargo.mjs";
import { outputs } from "./check.mjs";
import { configuratorPage } from "./configurator.mjs";
import { pack } from "./pack.mjs";
import { out, run, sourceHash, versions } from "./tools.mjs";
import { optimiseCore, optimiseUnlzma } from "./wasm-opt.mjs";

const check = process.argv.includes("--check");
const built = { ...versions(), hash: sourceHash() };

// The config's vocabularies, printed from the core's own tables.
const vocabulary = run("cargo", ["run", "--quiet", "--locked", "--example", "vocabulary"]);

/** One core: compiled, bound, optimised, packed; its glue module written next to it. */
function core(name, features) {
  const dir = join(out, name);
  const glue = bindgen(buildCore(features), dir, built);
  writeFileSync(join(dir, "core-glue.js"), glue.js);
  writeFileSync(join(dir, "core-glue.d.ts"), glue.dts);
  const wasm = readFileSync(optimiseCore(glue.wasm, join(dir, "enrich_hook.opt.wasm")));
  return { ...pack(wasm), glue, gluePath: join(dir, "core-glue.js") };
}
const cores = {
  twin: core("twin", ["explain", "login"]),
  login: core("login", ["login"]),
  signup: core("signup", []),
};
mkdirSync(out, { recursive: true });
const unlzmaBase64 = readFileSync(optimiseUnlzma(cargoWasm("unlzma"), join(out, "unlzma.opt.wasm"))).toString("base64");

/** @type {Record<string, string>} */
const files = {
  "pkg/enrich-hook.ts": pasted(FILES.signup, {
    code: await bundle(FILES.signup.code, { glue: cores.signup.gluePath, minified: true }),
    core: cores.signup,
    unlzmaBase64,
    built,
  }),
  "pkg/enrich-login.ts": pasted(FILES.login, {
    gate: await bundle(FILES.login.gate, { glue: cores.login.gluePath, minified: true }),
    code: await bundle(FILES.login.code, { glue: cores.login.gluePath, outside: GATE_MODULES, minified: true }),
    core: cores.login,
    unlzmaBase64,
    built,
  }),
  "pkg/enrich-hook.mjs": twin({
    code: await bundle("js-shim/twin.ts", { glue: cores.twin.gluePath }),
    core: cores.twin,
    unlzmaBase64,
    built,
  }),
  "pkg/enrich-hook.d.mts": twinTypes(built),
  // What js-shim/ imports: the twin core's glue (its types hold for every core) and the vocabularies.
  "js-shim/generated/core-glue.js": cores.twin.glue.js,
  "js-shim/generated/core-glue.d.ts": cores.twin.glue.dts,
  "js-shim/generated/vocabulary.ts": vocabulary,
};
// The configurator page carries the twin and both pasted files as this build made them.
files["pkg/configurator.html"] = await configuratorPage({
  twin: files["pkg/enrich-hook.mjs"],
  signup: files["pkg/enrich-hook.ts"],
  login: files["pkg/enrich-login.ts"],
});
const size = (f) => Buffer.byteLength(files[f]);
console.log(
  `wasm ${cores.signup.wasm.length} B, lzma ${cores.signup.packed.length} B; enrich-hook.ts ${
    size("pkg/enrich-hook.ts")
  } B, enrich-login.ts ${size("pkg/enrich-login.ts")} B, enrich-hook.mjs ${size("pkg/enrich-hook.mjs")} B`,
);
process.exitCode = outputs(files, check);
