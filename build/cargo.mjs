// Compiling the Rust crates to wasm32: the core (with the features of one
// of its three builds) and unlzma.
import { join } from "node:path";
import { root, run } from "./tools.mjs";

/**
 * `cargo build --release` of `pkg` for wasm32. core and alloc are compiled
 * here from rust-src, for size, and with panics that abort on the spot: no
 * panic messages, no core::fmt behind them (-14 KB of wasm; a panic was
 * already a trap, the shim recovers from it). These are nightly flags;
 * RUSTC_BOOTSTRAP lets the stable toolchain take them for the wasm builds.
 * Native builds and tests use plain stable. Returns the .wasm's path.
 */
export function cargoWasm(pkg, rustflags = [], features = []) {
  const sysroot = run("rustc", ["--print", "sysroot"]).trim();
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
  return join(root, "target/wasm32-unknown-unknown/release", `${pkg.replace(/-/g, "_")}.wasm`);
}

/** The core with `features`. Memory is capped at 64 MiB: an absurd input traps (and the shim recovers) instead of growing a long-lived process without bound. */
export const buildCore = (features) => cargoWasm("enrich-hook", ["-Clink-arg=--max-memory=67108864"], features);
