// The fuzz corpus (fuzz/corpus/, the seeds and every regression the fuzzer
// found) replayed through the BUILT wasm, in the Node twin, and each answer
// through the write-path oracle: traps only the wasm has (its allocator,
// 32-bit sizes) count too. Inputs are read as the fuzz targets read them
// (fuzz/fuzz_targets/*.rs): an event; a config; `<preset>\n<body>`.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./harness.mjs";
import { assertAccepted } from "./contract.mjs";

const hook = await import(`${ROOT}/pkg/enrich-hook.mjs`);
const read = (p) => readFileSync(join(ROOT, p), "utf8");
const corpus = (target) =>
  readdirSync(join(ROOT, "fuzz/corpus", target)).sort().map((f) => [f, read(`fuzz/corpus/${target}/${f}`)]);
const FUZZ_CONFIG = JSON.parse(read("fuzz/config.json"));
const SIGNUP = read("samples/email-signup.json");
const PRESETS = Object.keys(JSON.parse(read("src/providers/presets.json"))).filter((k) => !k.startsWith("_"));

/** The event as the runner hands it over: JSON it must be (Authgear only sends JSON). */
const parsed = (text) => {
  try {
    return { ok: true, v: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
};

async function replay(eventText, config) {
  const out = await hook.enrich(JSON.parse(eventText), { configOverride: config });
  const stderr = out.diagnostics.join("\n");
  assert.doesNotMatch(stderr, /internal error in the WebAssembly core/, "a trap in the wasm");
  assertAccepted({ raw: JSON.stringify(out.response), stderr }, eventText, config);
}

describe("fuzz corpus through the Node twin", () => {
  let server;
  let body = "";
  before(async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(body);
    });
    await new Promise((r) => server.listen(0, "127.0.0.1", r));
  });
  after(() => server.close());

  test("events", async () => {
    for (const [name, text] of corpus("event")) {
      if (!parsed(text).ok) continue;
      await replay(text, FUZZ_CONFIG).catch((e) => assert.fail(`${name}: ${e.message}`));
    }
  });

  test("configs", async () => {
    for (const [name, text] of corpus("config")) {
      const c = parsed(text);
      if (!c.ok) continue;
      await replay(SIGNUP, c.v).catch((e) => assert.fail(`${name}: ${e.message}`));
    }
  });

  test("provider answers", async () => {
    for (const [name, text] of corpus("provider")) {
      const nl = text.indexOf("\n");
      const named = nl < 0 ? "" : text.slice(0, nl);
      const preset = PRESETS.includes(named) ? named : "ipinfo.io";
      body = nl < 0 ? text : text.slice(nl + 1);
      const source = {
        preset,
        key: "fuzz-key-0123456789",
        baseUrl: `http://127.0.0.1:${server.address().port}/p`,
        allowHttp: true,
      };
      const config = { ...FUZZ_CONFIG, deadlineMs: 3000, sources: [source, ...FUZZ_CONFIG.sources] };
      await replay(SIGNUP, config).catch((e) => assert.fail(`${name}: ${e.message}`));
    }
  });
});
