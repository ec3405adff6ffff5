// wasm-opt (binaryen, pinned in package-lock.json) over the core and the
// decoder; bench/wasm-cost.mjs measures with exactly these flags.
import { join } from "node:path";
import { root, run } from "./tools.mjs";

/** The core's flags. The features are the ones rustc's wasm32 target emits (target_features). */
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
/** The decoder runs once per cold start: -O3 (its size counts 4/3, as base64). */
const UNLZMA_WASM_OPT = ["-O3", "--strip-target-features"];

/** `input` optimised into `output`, debug info and producers stripped. */
export function wasmOpt(input, output, flags) {
  run(join(root, "node_modules/.bin/wasm-opt"), [...flags, "--strip-debug", "--strip-producers", input, "-o", output]);
  return output;
}
export const optimiseCore = (input, output) => wasmOpt(input, output, CORE_WASM_OPT);
export const optimiseUnlzma = (input, output) => wasmOpt(input, output, UNLZMA_WASM_OPT);
