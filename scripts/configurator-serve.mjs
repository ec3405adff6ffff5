#!/usr/bin/env node
// Serves the configurator page (pkg/configurator.html, one self-contained
// file) on 127.0.0.1 only, and nothing else: scripts/configurator.sh runs
// it, the browser tests start it. The page makes no request of its own.
//
//   node scripts/configurator-serve.mjs [--port N]
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

const PAGE = new URL("../pkg/configurator.html", import.meta.url);

/** Serve the page on 127.0.0.1:`port` (0: any free port); its URL and a closer. */
export function serve(port = 0) {
  const html = readFileSync(PAGE);
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    if (req.method !== "GET" || (path !== "/" && path !== "/configurator.html")) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not here: the configurator is at /\n");
      return;
    }
    res.writeHead(200, {
      "content-type": "text/html; charset=utf-8",
      // Nothing but the page itself: no request can leave it (keys typed in stay here).
      "content-security-policy":
        "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval' 'wasm-unsafe-eval'; style-src 'unsafe-inline'; img-src blob: data:; connect-src 'none'; form-action 'none'; base-uri 'none'",
      "cache-control": "no-store",
    }).end(html);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const { port: p } = /** @type {import("node:net").AddressInfo} */ (server.address());
      resolve({ url: `http://127.0.0.1:${p}/`, close: () => server.close() });
    });
  });
}

const USAGE = `usage: scripts/configurator.sh [--port N]

Serves the configurator page (pkg/configurator.html) on 127.0.0.1 and
prints its URL; Ctrl-C stops it. The same page opens from disk as well.
  --port N   the port (default 8717; 0: any free one)`;

if (import.meta.main ?? process.argv[1] === new URL(import.meta.url).pathname) {
  let values;
  try {
    ({ values } = parseArgs({
      options: { port: { type: "string" }, help: { type: "boolean", short: "h" } },
      strict: true,
    }));
  } catch (err) {
    console.error(`${/** @type {Error} */ (err).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const port = Number(values.port ?? 8717);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port: "${values.port}" is not a port number (0 to 65535)`);
    process.exit(2);
  }
  try {
    const { url } = await serve(port);
    console.log(`enrich-hook configurator: ${url}  (or open pkg/configurator.html from disk)`);
  } catch (err) {
    console.error(`cannot serve on 127.0.0.1:${port}: ${/** @type {NodeJS.ErrnoException} */ (err).code ?? err}`);
    process.exit(1);
  }
}
