// Hostile input, through the built hook on Deno 2, Deno 1.46 and Node 20:
// what a signup chooses (its e-mail, its IP) never changes a request's
// structure or lands in a log line; what an admin mistypes is a config error;
// an oversized event is answered safely and at once.
import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { hookSource, runHook, RUNTIMES, sample } from "./harness.mjs";
import { assertAccepted } from "./contract.mjs";
import { startMock } from "./mock-providers.mjs";

let mock;
before(async () => (mock = await startMock()));
after(() => mock.close());
beforeEach(() => mock.reset());

const KEY = "SeCrEtKeY-42";
/** The sample signup with another e-mail address (everywhere it appears) and IP. */
const withEmail = (email, ip = "81.2.69.160") =>
  sample("email-signup.json").replaceAll('"jane@acme.example"', JSON.stringify(email)).replaceAll(
    '"81.2.69.160"',
    JSON.stringify(ip),
  );
/** A custom e-mail source on the mock, with placeholders in path and query. */
const custom = (name, path, query = {}) => ({
  name,
  input: "email",
  baseUrl: mock.base("ok", name),
  allowHttp: true,
  path,
  query,
  key: KEY,
  fields: { city: "/city" },
});
const cfg = (...sources) => ({ custom: { city: { type: "string", from: "city" } }, sources, deadlineMs: 1500 });
const lines = () => mock.requests.map((r) => `${r.method} ${r.url}`);

for (const runtime of Object.keys(RUNTIMES)) {
  describe(`${runtime}: hostile input`, { concurrency: 1 }, () => {
    const run = async (config, event = sample("email-signup.json"), allowNet = `127.0.0.1:${mock.port}`) => {
      const r = await runHook(runtime, hookSource(runtime, config), event, { allowNet });
      assert.equal(r.code, 0, r.stderr);
      assertAccepted(r, event, config);
      for (const l of r.stderr.split("\n").filter(Boolean)) {
        assert.match(l, /^enrich-hook: /, "one line per diagnostic");
      }
      return r;
    };

    test("an e-mail's characters stay data inside one segment or one value", async () => {
      await run(
        cfg(custom("c", "/p/{email}/{email_domain}", { d: "{email_domain}", k: "{key}" })),
        withEmail("a/b?c#d%2e.x@acme.example"),
      );
      assert.deepEqual(lines(), [
        `GET /ok/c/p/a%2Fb%3Fc%23d%252e.x%40acme.example/acme.example?d=acme.example&k=${KEY}`,
      ]);
    });

    test("a domain that is no host name is never used", async () => {
      for (const email of ["x@..", "x@.", "x@a..b", "x@-a.example", "x@a/b.example"]) {
        await run(cfg(custom("c", "/p/{email_domain}/x")), withEmail(email));
      }
      assert.deepEqual(lines(), []);
    });

    test("an input that would be a dot segment is never sent (URL parsers resolve %2E%2E too)", async () => {
      for (const email of ["..", ".", "%2e%2e"]) await run(cfg(custom("c", "/p/{email}/x")), withEmail(email));
      assert.deepEqual(lines(), ["GET /ok/c/p/%252e%252e/x"], "an escaped %2e%2e is a literal segment");
    });

    test("a config that lets the signup choose the host is refused", async () => {
      for (
        const [baseUrl, path] of [["http://", "{email_domain}/lookup"], ["http://", "//{email_domain}/lookup"], [
          mock.base("ok", "c"),
          "{email}",
        ], [`http://x@127.0.0.1:${mock.port}`, "/p"]]
      ) {
        const r = await run(cfg({ ...custom("c", path), baseUrl }), withEmail("jane@127.0.0.1.nip.example"));
        assert.match(r.stderr, /enrich-hook: bad config, enrichment is off: config\.sources\[0\]\.(baseUrl|path): /);
        assert.deepEqual(r.response, { is_allowed: true });
      }
      assert.deepEqual(lines(), []);
    });

    test("no key, full IP or e-mail in any diagnostic, whatever the runtime's error text", async () => {
      const ip = "2a00:1450:4009:81f::200e";
      const refused = (name, path, query) => ({
        ...custom(name, path, query),
        input: "ip",
        baseUrl: "http://127.0.0.1:1",
      });
      const config = cfg(
        refused("after-comma", "/json/{ip}", { fields: "a,b", key: "{key}" }),
        refused("in-path", "/{key}/{ip}"),
        refused("b64", "/x/{ip}", { auth: "{key_base64}" }),
        { preset: "ipapi.co", baseUrl: mock.base("crlf", "ipapi.co"), allowHttp: true, key: KEY },
      );
      config.custom.country = { type: "country_code", from: "country" };
      config.custom.tz = { type: "string", from: "timezone" };
      const r = await run(config, withEmail("jane\r\n@acme.example", ip), "127.0.0.1");
      for (const name of ["after-comma", "in-path", "b64"]) {
        assert.match(r.stderr, new RegExp(`enrich-hook: source ${name} failed: TypeError`));
      }
      for (const secret of [KEY, btoa(KEY), ip, "81f::200e", "jane", "acme.example"]) {
        assert.ok(!r.stderr.includes(secret), `${secret} in ${r.stderr}`);
      }
      assert.match(r.stderr, /"G\\r\\nB" is not/, "control characters are escaped");
      assert.equal(r.response.mutations?.user?.custom_attributes?.tz, undefined, "Europe/\\r\\nLondon is no zone");
    });

    test("an IP in disguise is never sent", async () => {
      const src = { preset: "ipwho.is", baseUrl: mock.base("ok", "ipwho.is"), allowHttp: true };
      for (
        const ip of [
          "2002:c0a8:101::1",
          "2001:0:4136:e378:8000:63bf:3fff:fdd2",
          "64:ff9b::10.0.0.1",
          "::ffff:127.0.0.1",
          "::10.0.0.1",
          "fe80::1%eth0",
          "2a00:1450:4009:81f::200e%1",
        ]
      ) {
        await run(cfg(src), withEmail("jane@acme.example", ip));
      }
      assert.deepEqual(lines(), []);
    });

    const oversized = {
      "an object of 40,000 keys": (
        e,
      ) => (e.payload.user.custom_attributes = Object.fromEntries(
        Array.from({ length: 40000 }, (_, i) => [`k${i}`, i]),
      )),
      "an object of 100,000 keys": (
        e,
      ) => (e.payload.user.custom_attributes = Object.fromEntries(
        Array.from({ length: 100000 }, (_, i) => [`k${i}`, i]),
      )),
      "60,000 language tags": (e) => (e.context.preferred_languages = Array.from({ length: 60000 }, () => "en-GB")),
      "a 2 MB string": (e) => (e.payload.user.standard_attributes.name = "x".repeat(2 << 20)),
    };
    for (const [name, edit] of Object.entries(oversized)) {
      test(`${name}: answered safely, with a diagnostic`, async () => {
        const e = JSON.parse(sample("email-signup.json"));
        edit(e);
        const r = await run({ standard: { zoneinfo: "timezone" } }, JSON.stringify(e));
        assert.deepEqual(r.response, { is_allowed: true });
        assert.match(
          r.stderr,
          /enrich-hook: malformed event, answering without enrichment: event is not JSON: (an object of more than 1000 keys|an array of more than 1000 items|larger than 1 MiB)/,
        );
      });
    }
  });
}
