// Writing the outputs, or (--check) comparing them with what is committed:
// CI rebuilds and fails when pkg/ or js-shim/generated/ is not what the
// sources build.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { root } from "./tools.mjs";

/** Write `files` (path → text) into the repo, or compare; the exit code. */
export function outputs(files, check) {
  const dest = check ? mkdtempSync(join(tmpdir(), "enrich-hook-build-")) : root;
  let stale = 0;
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dest, path)), { recursive: true });
    writeFileSync(join(dest, path), text);
    if (!check) continue;
    let committed;
    try {
      committed = readFileSync(join(root, path), "utf8");
    } catch { /* missing */ }
    if (committed !== text) {
      console.error(`${path} is not what the sources build: run \`node build/hook.mjs\` and commit it`);
      stale++;
    }
  }
  if (check && !stale) console.log(`pkg/ and js-shim/generated/ are up to date (rebuilt in ${dest})`);
  return stale ? 1 : 0;
}
