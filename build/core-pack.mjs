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
];

const LZMA = createRequire(import.meta.url)("lzma");
/** LZMA "alone" at level 9: the pure-JS encoder is deterministic on any machine. */
export const lzma = (bytes) => Buffer.from(LZMA.compress(bytes, 9).map((b) => b & 0xff));
