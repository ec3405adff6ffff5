// The pasted files (signup, login) must pass the portal's `deno check`
// (strict, no config, nothing on stderr) and their default export must have
// Authgear's hook type. Their code travels as a string (one value of type
// `any` to the checker), so the modules it is bundled from (js-shim/) are
// held to strict `deno check` too.
// Checked on Deno 1.46 (closest to Authgear's 1.41 on npm) and Deno 2.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hookSource, ROOT, RUNTIMES } from "./harness.mjs";

const PASTED = ["enrich-hook", "enrich-login"];
const text = (f) => readFileSync(join(ROOT, `pkg/${f}.ts`), "utf8");
/** What each pasted file's code is bundled from (build/assemble.mjs), and the twin's. */
const MODULES = {
  "enrich-hook": ["js-shim/code-signup.ts", "js-shim/entry-signup.ts", "js-shim/config.ts"],
  "enrich-login": [
    "js-shim/code-gate.ts",
    "js-shim/code-login.ts",
    "js-shim/entry-login.ts",
    "js-shim/config-login.ts",
  ],
};

function denoCheck(bin, files) {
  const dir = mkdtempSync(join(tmpdir(), "enrich-hook-check-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const r = spawnSync(bin, ["check", "--quiet", Object.keys(files)[0]], {
    cwd: dir,
    encoding: "utf8",
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
  });
  return { code: r.status, stderr: r.stderr + r.stdout };
}

for (const runtime of ["deno1", "deno2"]) {
  const bin = RUNTIMES[runtime].bin;
  for (const file of PASTED) {
    describe(`${runtime}: deno check of ${file}.ts`, () => {
      const hookTs = text(file);
      test("the file passes strict deno check with nothing on stderr", () => {
        const r = denoCheck(bin, { "hook.ts": hookTs });
        assert.equal(r.stderr, "");
        assert.equal(r.code, 0);
      });

      test("the modules its code is bundled from pass strict deno check too", () => {
        const r = spawnSync(bin, ["check", "--quiet", ...MODULES[file]], {
          cwd: ROOT,
          encoding: "utf8",
          env: { PATH: process.env.PATH, HOME: process.env.HOME, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
        });
        assert.equal(r.stderr + r.stdout, "");
        assert.equal(r.status, 0);
      });

      test("the default export is assignable to Authgear's hook types (user.authenticated too)", () => {
        const r = denoCheck(bin, {
          "assignable.ts": readFileSync(join(ROOT, "tests/js/assignable.ts"), "utf8"),
          "authgear-types.ts": readFileSync(join(ROOT, "tests/js/authgear-types.ts"), "utf8"),
          "hook.ts": hookTs,
        });
        assert.equal(r.stderr, "");
        assert.equal(r.code, 0);
      });

      test("a mistyped config fails the check, naming the problem", () => {
        const bad = hookSource("deno2", { standard: { zoneinfo: "timezon" } }, file);
        const r = denoCheck(bin, { "hook.ts": bad });
        assert.notEqual(r.code, 0);
        assert.match(r.stderr, /timezon/);
      });

      // Issue 30: a value that is not one of a vocabulary's names the choices,
      // and every line the checker points into is one an admin can read.
      for (
        const [what, config, choices] of /** @type {[string, object, RegExp][]} */ ([
          ["an unknown preset", { sources: ["geo", { preset: "ipinfo", key: "k" }] }, /"ipinfo\.io" \| "ipinfo-lite"/],
          ["an unknown offline source", { sources: ["gps"] }, /"profile" \| "geo" \| "languages" \| "email"/],
          ["an unknown field", { standard: { zoneinfo: "tz" } }, /"timezone"/],
          ["an unknown custom type", { custom: { c: { type: "str", from: "city" } } }, /"string" \| "number"/],
          ["an unknown trigger", { requestFieldsFor: ["portal"] }, /"user" \| "admin_api"/],
        ])
      ) {
        test(`${what}: the check's message lists the choices, on readable lines`, () => {
          const r = denoCheck(bin, { "hook.ts": hookSource("deno2", config, file) });
          assert.notEqual(r.code, 0);
          assert.match(r.stderr, choices);
          const text = hookSource("deno2", config, file).split("\n");
          for (const [, line] of r.stderr.matchAll(/hook\.ts:(\d+):\d+/g)) {
            assert.ok(
              text[Number(line) - 1].length <= 200,
              `line ${line} is ${text[Number(line) - 1].length} characters`,
            );
          }
        });
      }
    });
  }

  test(`${runtime}: adminApi in the signup file fails the check (it belongs in enrich-login.ts)`, () => {
    const adminApi = { endpoint: "https://myapp.authgear.cloud", token: "e30.e30.sig" };
    const r = denoCheck(bin, { "hook.ts": hookSource("deno2", { adminApi }) });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /adminApi/);
    const ok = denoCheck(bin, { "hook.ts": hookSource("deno2", { adminApi }, "enrich-login") });
    assert.equal(ok.stderr, "");
  });
}

for (const file of PASTED) {
  test(`${file}.ts: no @ts-nocheck, a generated header with the source hash, config block first`, () => {
    const hookTs = text(file);
    assert.doesNotMatch(hookTs, /@ts-nocheck/);
    // Nothing exempt from checking: the code is a string (CODE), compiled by the file's last line.
    assert.doesNotMatch(hookTs, /@ts-ignore|@ts-expect-error/);
    const lines = hookTs.trimEnd().split("\n");
    assert.match(lines.find((l) => l.startsWith("const CODE = ")), /^const CODE = "\(?function\(/);
    // The login file compiles its gate (GATE) first, and CODE only past it.
    const last = file === "enrich-login"
      ? /^const \{ enrich, enrichLogin \} = new Function\(`return \$\{GATE\}`\)\(\)\(\)\(config, \(g: unknown\) => new Function\(`return \$\{CODE\}`\)\(\)\(g\)\(config, /
      : /^const \{ enrich \} = new Function\(`return \$\{CODE\}`\)\(\)\(\)\(config, /;
    assert.match(lines.at(-1), last);
    if (file === "enrich-login") {
      assert.match(lines.find((l) => l.startsWith("const GATE = ")), /^const GATE = "\(?function\(/);
    }
    assert.match(hookTs, new RegExp(`^// ${file}: `));
    const head = hookTs.split("\n").slice(0, 6).join("\n");
    assert.match(head, /@generated by build\/hook\.mjs from source hash [0-9a-f]{16}/);
    const block = hookTs.search(/const config: Enrich(Login)?Config = \{/);
    assert.ok(block > 0 && block < hookTs.indexOf("export default"), "config comes first");
    assert.match(head, /README/);
    // What an admin (or the checker's pointer) reads: every line but the code and the core's literals.
    const long = lines.filter((l) =>
      l.length > 400 && !/^const (CODE|GATE|UNLZMA_WASM_BASE64|WASM_LZMA_TEXT) = "/.test(l)
    );
    assert.deepEqual(long.map((l) => l.slice(0, 60)), [], "lines over 400 characters");
  });
}
