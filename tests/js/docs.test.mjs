// The admin's page stays one page (issue 19: at most 300 lines) and names
// every file it tells them to paste.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./harness.mjs";

test("README.md: at most 300 lines, and every pasted file in pkg/ named", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const lines = readme.split("\n").length - (readme.endsWith("\n") ? 1 : 0);
  assert.ok(lines <= 300, `README.md has ${lines} lines`);
  for (const f of readdirSync(join(ROOT, "pkg")).filter((f) => f.endsWith(".ts"))) {
    assert.ok(readme.includes(`pkg/${f}`), `README.md does not name pkg/${f}`);
  }
});
