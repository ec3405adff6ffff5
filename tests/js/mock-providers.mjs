// A mock of every preset's provider on 127.0.0.1, with fault injection.
// URL: /<scenario>/<preset>/<the preset's own path>. Scenarios:
//   ok               the preset's documented answer (London / Jane Doe at Acme)
//   slow-<ms>        the same, after <ms>
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
// Every request is recorded (path, body, arrival time) for the tests to inspect.
import { createServer } from "node:http";
import { gzipSync } from "node:zlib";

const IP_OK = {
  "ipapi.co": { ip: "81.2.69.160", city: "London", region: "England", region_code: "ENG", country_code: "GB", country_name: "United Kingdom", postal: "EC1A", latitude: 51.5085, longitude: -0.1257, timezone: "Europe/London", utc_offset: "+0000" },
  "ipinfo.io": { ip: "81.2.69.160", city: "London", region: "England", country: "GB", loc: "51.5085,-0.1257", postal: "EC1A", timezone: "Europe/London", org: "AS0 Example" },
  "ip-api.com": { status: "success", countryCode: "GB", region: "ENG", regionName: "England", city: "London", zip: "EC1A", lat: 51.5085, lon: -0.1257, timezone: "Europe/London" },
  "ipwho.is": { ip: "81.2.69.160", success: true, country_code: "GB", region: "England", city: "London", postal: "EC1A", latitude: 51.5085, longitude: -0.1257, timezone: { id: "Europe/London", utc: "+00:00" } },
  "ipgeolocation.io": { ip: "81.2.69.160", country_code2: "GB", state_prov: "England", city: "London", zipcode: "EC1A", latitude: "51.5085", longitude: "-0.1257", time_zone: { name: "Europe/London", offset: 0 } },
  "ipdata.co": { ip: "81.2.69.160", country_code: "GB", region: "England", region_code: "ENG", city: "London", postal: "EC1A", latitude: 51.5085, longitude: -0.1257, time_zone: { name: "Europe/London" } },
  maxmind: { country: { iso_code: "GB" }, subdivisions: [{ iso_code: "ENG", names: { en: "England" } }], city: { names: { en: "London" } }, postal: { code: "EC1A" }, location: { latitude: 51.5085, longitude: -0.1257, time_zone: "Europe/London", accuracy_radius: 50 } },
};
const PERSON_OK = {
  gravatar: { display_name: "Jane Doe", avatar_url: "https://0.gravatar.com/avatar/abc", job_title: "CTO", company: "Acme", timezone: "Europe/London" },
  fullcontact: { fullName: "Jane Doe", title: "CTO", organization: "Acme", avatar: "https://img.fullcontact.example/jane.png", website: "acme.example" },
  peopledatalabs: { status: 200, likelihood: 9, data: { full_name: "jane doe", first_name: "jane", last_name: "doe", job_title: "cto", job_company_name: "acme", job_company_website: "acme.example" } },
  apollo: { person: { name: "Jane Doe", title: "CTO", photo_url: "https://img.apollo.example/jane.png", organization: { name: "Acme", website_url: "http://www.acme.example" } } },
};
export const OK = { ...IP_OK, ...PERSON_OK };
const ERROR_200 = {
  "ipapi.co": { error: true, reason: "RateLimited", message: "Visit https://ipapi.co/ratelimited/ for details" },
  "ipinfo.io": { ip: "81.2.69.160", bogon: true },
  "ip-api.com": { status: "fail", message: "reserved range", query: "81.2.69.160" },
  "ipwho.is": { success: false, message: "Invalid IP address" },
};
const WRONG = { ip: "81.2.69.160", country_code: "United Kingdom", country: "United Kingdom", city: 42, latitude: "north", longitude: "-0.1257", timezone: "+01:00", loc: "north,west" };

export async function startMock() {
  const requests = [];
  const sockets = new Set();
  const flakySeen = new Set();
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      const url = new URL(req.url, "http://x");
      const [, scenario = "", preset = ""] = url.pathname.split("/");
      requests.push({ scenario, preset, url: req.url, method: req.method, headers: req.headers, body, at: performance.now() });
      // With its length declared, as most APIs answer a small JSON body.
      const json = (status, obj, headers = {}) => {
        const text = obj === undefined ? "" : JSON.stringify(obj);
        res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
        res.end(text);
      };
      const ok = () => json(200, OK[preset] ?? {});
      let m;
      if (scenario === "ok") ok();
      else if ((m = scenario.match(/^slow-(\d+)$/))) setTimeout(ok, Number(m[1]));
      else if (scenario === "hang") { /* never answer */ }
      else if (scenario === "drip") {
        res.writeHead(200, { "content-type": "application/json" });
        res.write("{");
        const t = setInterval(() => res.write(" "), 100);
        setTimeout(() => { clearInterval(t); res.end("}"); }, 30000);
        res.on("close", () => clearInterval(t));
      } else if (scenario === "gzip-bomb") {
        const bomb = gzipSync(`{"pad":"${" ".repeat(10 * 1024 * 1024)}"}`);
        res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip", "content-length": bomb.length });
        res.end(bomb);
      } else if (scenario === "huge" || scenario === "huge-declared") {
        const [head, tail, pad] = ['{"pad":"', '"}', 10 * 1024 * 1024];
        const length = scenario === "huge" ? {} : { "content-length": head.length + pad + tail.length };
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
      } else if ((m = scenario.match(/^status-(\d+)(?:-ra-(\d+))?$/))) json(Number(m[1]), { error: "injected" }, m[2] ? { "retry-after": m[2] } : {});
      else if (scenario === "html") { res.writeHead(200, { "content-type": "text/html" }); res.end("<html><body>502 Bad Gateway</body></html>"); }
      else if (scenario === "empty") json(200, undefined);
      else if (scenario === "redirect") { res.writeHead(302, { location: req.url.replace("/redirect/", "/ok/") }); res.end(); }
      else if (scenario === "reset") req.socket.destroy();
      else if (scenario === "wrongtypes") json(200, WRONG);
      else if (scenario === "error200") json(200, ERROR_200[preset] ?? { error: true });
      else if (scenario === "flaky") {
        if (flakySeen.has(url.pathname)) ok();
        else { flakySeen.add(url.pathname); json(503, { error: "try again" }); }
      } else json(404, { error: "unknown scenario" });
    });
  });
  server.on("connection", (s) => { sockets.add(s); s.on("close", () => sockets.delete(s)); });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const port = server.address().port;
  return {
    port,
    base: (scenario, preset) => `http://127.0.0.1:${port}/${scenario}/${preset}`,
    requests,
    count: (scenario, preset) => requests.filter((r) => r.scenario === scenario && (!preset || r.preset === preset)).length,
    reset() { requests.length = 0; flakySeen.clear(); },
    close() { for (const s of sockets) s.destroy(); return new Promise((r) => server.close(r)); },
  };
}
