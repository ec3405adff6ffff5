// How js-shim/build.mjs optimises the core with binaryen's wasm-opt; shared
// with bench/wasm-cost.mjs, which must measure the same code.
// The features are the ones rustc's wasm32 target emits (target_features).
export const CORE_WASM_OPT = [
  "-Oz", "--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext",
  "--enable-mutable-globals", "--enable-reference-types", "--enable-multivalue", "--converge",
];
