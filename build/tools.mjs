// The build's tools and inputs: running a command, the pinned versions
// (wasm-bindgen's CLI must match the crate's), and the source hash that
// names what the artifacts are built from.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

export const root = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
/** Where intermediate outputs go (never committed). */
export const out = join(root, ".cache", "build");

/** Run `cmd` in the repo; its stdout, stderr passed through. */
export const run = (cmd, args, env = {}) =>
  execFileSync(cmd, args, {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 64 << 20,
  });

/** rustc's and wasm-bindgen's versions; exits if the CLI does not match Cargo.lock. */
export function versions() {
  const lock = readFileSync(join(root, "Cargo.lock"), "utf8");
  const wasmBindgen = lock.match(/name = "wasm-bindgen"\nversion = "([^"]+)"/)[1];
  const cli = run("wasm-bindgen", ["--version"]).trim().split(" ")[1];
  if (cli !== wasmBindgen) {
    console.error(`wasm-bindgen CLI is ${cli}, the crate is ${wasmBindgen}: run scripts/setup.sh`);
    process.exit(1);
  }
  return { rustc: run("rustc", ["--version"]).trim().split(" ")[1], wasmBindgen };
}

function files(dir) {
  return readdirSync(join(root, dir)).flatMap((n) => {
    const p = join(dir, n);
    return statSync(join(root, p)).isDirectory() ? files(p) : [p];
  });
}

/** A hash of every file the artifacts are built from (the generated ones aside: they are outputs too). */
export function sourceHash() {
  const inputs = [
    "Cargo.toml",
    "Cargo.lock",
    "build.rs",
    "rust-toolchain.toml",
    "package-lock.json",
    ...files("src"),
    ...files("js-shim").filter((f) => !f.startsWith("js-shim/generated/")),
    ...files("build"),
    "examples/vocabulary.rs",
    "unlzma/Cargo.toml",
    ...files("unlzma/src"),
  ].sort();
  const hash = createHash("sha256");
  for (const f of inputs) hash.update(f + "\0").update(readFileSync(join(root, f))).update("\0");
  return hash.digest("hex").slice(0, 16);
}
