// The admin's page stays one page (issue 19: at most 300 lines), names
// every file it tells them to paste, and counts the presets there are; the
// maintainer's recipes (CONTRIBUTING.md) name files that exist, and every
// preset has what the preset recipe says it needs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
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

test("README.md: the self-hosted file names it gives are ones authgear-server takes", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.split("## Self-hosted Authgear")[1].split("\n## ")[0];
  // authgear-server pkg/lib/hook/resources.go DenoFileFilenameRegexp.
  const taken = /^deno\/[.0-9a-zA-Z]+\.ts$/;
  const named = [...section.matchAll(/`(deno\/[^`]+\.ts)`/g)].map((m) => m[1]);
  assert.ok(named.filter((n) => taken.test(n)).length >= 2, `names that work: ${named}`);
  for (const n of named) {
    const said = section.includes(`\`${n}\`) fails`) || section.includes(`another name (\`${n}\`)`);
    assert.equal(taken.test(n), !said, `${n}: ${said ? "said to fail" : "given as a name to use"}`);
  }
  assert.match(section, /Deno 1\.41\.3/);
});

test("README.md: the login-token command it gives parses, and names the key by file and ID", async () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const cmd = readme.match(/^node backfill\/login-token\.mjs (.+)$/m)?.[1];
  assert.ok(cmd, "README.md gives the command");
  const { tokenArgs } = await import("../../backfill/login-token.mjs");
  const o = tokenArgs(cmd.split(/\s+/));
  assert.equal(o.projectId, "myapp");
  assert.equal(o.keyFile, "admin-key.pem");
});

test("CONTRIBUTING.md: every file a recipe says it touches exists (<name>: for every preset)", () => {
  const text = readFileSync(join(ROOT, "CONTRIBUTING.md"), "utf8");
  const presets = Object.keys(JSON.parse(readFileSync(join(ROOT, "src/providers/presets.json"), "utf8")));
  const recipes = text.split("\n### ").slice(1);
  assert.ok(recipes.length >= 4, `${recipes.length} recipes`);
  for (const recipe of recipes) {
    const name = recipe.split("\n")[0];
    // The **Touches:** paragraph: up to the first blank line.
    const touches = recipe.split("**Touches:**")[1]?.split("\n\n")[0];
    assert.ok(touches, `"${name}" names no files it touches`);
    const paths = [...touches.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
    assert.ok(paths.length > 0, `"${name}": no paths`);
    for (const p of paths) {
      for (const each of p.includes("<name>") ? presets.map((n) => p.replace("<name>", n)) : [p]) {
        assert.ok(existsSync(join(ROOT, each)), `"${name}" touches ${each}, which does not exist`);
      }
    }
  }
});

test("every preset has its recorded answer, its fuzz seed and its README row", () => {
  const presets = Object.keys(JSON.parse(readFileSync(join(ROOT, "src/providers/presets.json"), "utf8")));
  const fixtures = JSON.parse(readFileSync(join(ROOT, "tests/fixtures/providers.json"), "utf8"));
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  for (const p of presets) {
    assert.ok(fixtures[p]?.ok !== undefined, `${p}: no recorded answer in tests/fixtures/providers.json`);
    const seed = readFileSync(join(ROOT, `fuzz/corpus/provider/${p}.txt`), "utf8");
    assert.equal(seed.split("\n")[0], p, `fuzz/corpus/provider/${p}.txt names another preset`);
    assert.ok(readme.includes(`| \`${p}\` |`), `${p} is not in README.md's presets table`);
  }
});

test("README.md: the configurator's command and its screenshot", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  assert.match(readme, /`scripts\/configurator\.sh`/);
  assert.ok(existsSync(join(ROOT, "scripts/configurator.sh")));
  const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
  assert.ok(images.length > 0, "README.md shows the page");
  for (const i of images) assert.ok(existsSync(join(ROOT, i)), `${i} does not exist`);
});
