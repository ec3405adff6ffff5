// Where the test tools live, for modules that must not import node:test
// (a bench importing them would otherwise print a TAP report).
import { join } from "node:path";

export const ROOT = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");
/** The write-path oracle scripts/setup.sh builds (tests/oracle). */
export const ORACLE = join(ROOT, "target/oracle/authgear-oracle");

/** The runtimes the suites run the built hook on. */
export const RUNTIMES = {
  deno2: { ext: "ts", bin: join(ROOT, "node_modules/deno/deno") },
  deno1: { ext: "ts", bin: join(ROOT, "tools/deno1/node_modules/deno/deno") },
  node20: { ext: "mjs", bin: process.execPath },
};
