// The admin's page stays one page (issue 19: at most 300 lines), names
// every file it tells them to paste, and counts the presets there are.
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

test("README.md: the preset count and the presets table are presets.json's", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const presets = Object.keys(JSON.parse(readFileSync(join(ROOT, "src/providers/presets.json"), "utf8")));
  assert.match(readme, new RegExp(`\\(${presets.length} presets`));
  for (const p of presets) assert.ok(readme.includes(`| \`${p}\` |`), `${p} is not in the presets table`);
});
