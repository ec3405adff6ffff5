// How build/hook.mjs optimises and packs the core; shared with
// bench/wasm-cost.mjs, which must measure exactly what the build ships.
import { createRequire } from "node:module";

/** wasm-opt's flags. The features are the ones rustc's wasm32 target emits (target_features). */
export const CORE_WASM_OPT = [
  "-Oz",
  "--enable-bulk-memory",
  "--enable-nontrapping-float-to-int",
  "--enable-sign-ext",
  "--enable-mutable-globals",
  "--enable-reference-types",
  "--enable-multivalue",
  "--converge",
  // wasm-opt inlines every function with one caller by default, which made
  // `start` one 28 KB body that V8 compiles whole on first call. Keeping all
  // but the tiny ones apart packs 1.9 KB smaller (LZMA finds their shared
  // shapes) and compiles only what a run calls (BENCHMARKS.md, issue 26).
  "--one-caller-inline-max-function-size=20",
  // The features section is for tools that link the module; V8 never reads it (-328 B in the file).
  "--strip-target-features",
];

const LZMA = createRequire(import.meta.url)("lzma");
/** LZMA "alone" at level 9: the pure-JS encoder is deterministic on any machine. */
export const lzma = (bytes) => Buffer.from(LZMA.compress(bytes, 9).map((b) => b & 0xff));
