// A mock of every preset's provider on 127.0.0.1, with fault injection.
// URL: /<scenario>/<preset>/<the preset's own path>. Scenarios:
//   ok               the preset's documented answer (London / Jane Doe at Acme)
//   slow-<ms>        the same, after <ms>
//   barrier-<n>      the same, once <n> requests of this scenario have arrived
//                    (never otherwise): only requests sent at once get answers
//   hang             never answers
//   drip             headers, then a byte every 100 ms, for 30 s
//   huge             a 10 MB body, chunked; huge-declared: its length declared
//   gzip-bomb        10 KB of gzip that inflates to 10 MB
//   status-<code>    that status; with -ra-<s> a Retry-After header of <s> seconds
//   html, empty      an HTML error page / an empty body, at 200
//   redirect         302 to the ok answer
//   reset            the connection is destroyed
//   wrongtypes       coordinates as strings, a country name, "+01:00" as zone
//   error200         the preset's documented error body at HTTP 200
//   flaky            503 on the first request of the run, then ok
//   quota            the preset's documented quota answer (fixtures)
//   placeholder, nomatch, legacy   the preset's fixture of that name, at 200
//   changed          a 200 whose JSON holds none of the fields any preset reads
//   crlf             values with CR LF and other control characters in them
// PDL answers in lower case unless asked for titlecase=true, as documented.
// Every request is recorded (path, body, arrival time, and the order of its
// arrival, answer or abandonment among all events: `seq`, `answered`,
// `aborted`) for the tests to inspect: ordering, not clocks.
import { createServer } from "node:http";
import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";

// Each preset's documented answers, shared with the Rust tests.
const FIXTURES = JSON.parse(readFileSync(new URL("../fixtures/providers.json", import.meta.url), "utf8"));
export const OK = Object.fromEntries(
  Object.entries(FIXTURES).filter(([k]) => k !== "_about").map(([k, v]) => [k, v.ok]),
);
const ERROR_200 = {
  "ipapi.co": { error: true, reason: "RateLimited", message: "Visit https://ipapi.co/ratelimited/ for details" },
  "ipinfo.io": { ip: "81.2.69.160", bogon: true },
  "ip-api.com": { status: "fail", message: "reserved range", query: "81.2.69.160" },
  "ipwho.is": { success: false, message: "Invalid IP address" },
};
const WRONG = {
  ip: "81.2.69.160",
  country_code: "United Kingdom",
  country: "United Kingdom",
  city: 42,
  latitude: "north",
  longitude: "-0.1257",
  timezone: "+01:00",
  loc: "north,west",
};

export async function startMock() {
  const requests = [];
  // Events in order (a request arriving, an answer sent): ordering without clocks.
  let seq = 0;
  /** @type {{ onRequest?: (r: object) => void }} */
  const hooks = {};
  /** Requests waiting at a barrier, by scenario: each an answer to send. */
  const barriers = new Map();
  /** Answers due later (slow-<ms>): cleared with the mock, so no test waits on them. */
  const timers = new Set();
  const later = (f, ms) => {
    const t = setTimeout(() => {
      timers.delete(t);
      f();
    }, ms);
    timers.add(t);
  };
  const sockets = new Set();
  const flakySeen = new Set();
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      const url = new URL(req.url, "http://x");
      const [, scenario = "", preset = ""] = url.pathname.split("/");
      const entry = {
        scenario,
        preset,
        url: req.url,
        method: req.method,
        headers: req.headers,
        body,
        at: performance.now(),
        seq: ++seq,
        /** @type {number | undefined} the event number of its answer */
        answered: undefined,
        /** @type {number | undefined} the event number at which the client gave up, unanswered */
        aborted: undefined,
      };
      res.on("close", () => {
        if (entry.answered === undefined && !res.writableEnded) entry.aborted = ++seq;
      });
      requests.push(entry);
      hooks.onRequest?.(entry);
      // With its length declared, as most APIs answer a small JSON body.
      const json = (status, obj, headers = {}) => {
        entry.answered = ++seq;
        const text = obj === undefined ? "" : JSON.stringify(obj);
        res.writeHead(status, {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(text),
          ...headers,
        });
        res.end(text);
      };
      const lower = preset.startsWith("peopledatalabs") && url.searchParams.get("titlecase") !== "true";
      const ok = () => json(200, (lower ? FIXTURES[preset].lower : OK[preset]) ?? {});
      let m;
      if (scenario === "ok") ok();
      else if ((m = scenario.match(/^slow-(\d+)$/))) later(ok, Number(m[1]));
      else if ((m = scenario.match(/^barrier-(\d+)$/))) {
        const waiting = barriers.get(scenario) ?? [];
        barriers.set(scenario, [...waiting, ok]);
        if (waiting.length + 1 >= Number(m[1])) {
          for (const answer of barriers.get(scenario)) answer();
          barriers.delete(scenario);
        }
      } else if (scenario === "hang") { /* never answer */ }
      else if (scenario === "drip") {
        res.writeHead(200, { "content-type": "application/json" });
        res.write("{");
        const t = setInterval(() => res.write(" "), 100);
        setTimeout(() => {
          clearInterval(t);
          res.end("}");
        }, 30000);
        res.on("close", () => clearInterval(t));
      } else if (scenario === "gzip-bomb") {
        const bomb = gzipSync(`{"pad":"${" ".repeat(10 * 1024 * 1024)}"}`);
        res.writeHead(200, {
          "content-type": "application/json",
          "content-encoding": "gzip",
          "content-length": bomb.length,
        });
        res.end(bomb);
      } else if (scenario === "huge" || scenario === "huge-declared" || scenario === "huge-blank-length") {
        const [head, tail, pad] = ['{"pad":"', '"}', 10 * 1024 * 1024];
        const length = scenario === "huge"
          ? {}
          : { "content-length": scenario === "huge-declared" ? head.length + pad + tail.length : "" };
        res.writeHead(200, { "content-type": "application/json", ...length });
        const chunk = "x".repeat(64 * 1024);
        let sent = 0;
        const pump = () => {
          while (sent < pad) {
            sent += chunk.length;
            if (!res.write(sent === chunk.length ? head + chunk : chunk)) return res.once("drain", pump);
          }
          res.end(tail);
        };
        res.on("error", () => {});
        pump();
      } else if ((m = scenario.match(/^status-(\d+)(?:-ra-(\d+))?$/))) {
        json(Number(m[1]), { error: "injected" }, m[2] ? { "retry-after": m[2] } : {});
      } else if (scenario === "html") {
        res.writeHead(200, { "content-type": "text/html" });
        res.end("<html><body>502 Bad Gateway</body></html>");
      } else if (scenario === "empty") json(200, undefined);
      else if (scenario === "redirect") {
        res.writeHead(302, { location: req.url.replace("/redirect/", "/ok/") });
        res.end();
      } else if (scenario === "reset") req.socket.destroy();
      else if (scenario === "wrongtypes") json(200, WRONG);
      else if (scenario === "error200") json(200, ERROR_200[preset] ?? { error: true });
      else if (scenario === "quota") {
        const [status, body] = FIXTURES[preset].quota;
        json(status, body); // none of them documents a Retry-After
      } else if (["placeholder", "nomatch", "legacy"].includes(scenario)) json(200, FIXTURES[preset][scenario]);
      else if (scenario === "crlf") {
        json(200, { country_code: "G\r\nB", country: "G\r\nB", region: "\u001b[2J", timezone: "Europe/\r\nLondon" });
      } else if (scenario === "changed") json(200, { ip: "81.2.69.160", result: { geo: { town: "London" } } });
      else if (scenario === "flaky") {
        if (flakySeen.has(url.pathname)) ok();
        else {
          flakySeen.add(url.pathname);
          json(503, { error: "try again" });
        }
      } else json(404, { error: "unknown scenario" });
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", () => r(undefined)));
  const port = /** @type {import("node:net").AddressInfo} */ (server.address()).port;
  return {
    port,
    /** Called with each request as it arrives (a test's side effect at that moment). */
    set onRequest(f) {
      hooks.onRequest = f;
    },
    base: (scenario, preset) => `http://127.0.0.1:${port}/${scenario}/${preset}`,
    requests,
    count: (scenario, preset) =>
      requests.filter((r) => r.scenario === scenario && (!preset || r.preset === preset)).length,
    reset() {
      requests.length = 0;
      flakySeen.clear();
      barriers.clear();
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
    close() {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(r));
    },
  };
}
