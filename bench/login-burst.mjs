#!/usr/bin/env node
// Login bursts against signups (issue 30): N users with attributes missing
// log in at once, and a signup comes right behind them, through the
// project's model of authgear-deno (tests/js/authgear-deno.py: 10 run slots,
// shared by every hook run). Net is granted to the mocks as Deno 1.41.3
// (Authgear's) grants it once its prompt is answered. The Admin API is the
// test mock with a busy Authgear modelled: each call takes --admin-ms (100)
// plus --per-call-ms (40) for every call in flight, a write --write-factor
// (3) times that — with ten logins in flight, a read ~0.5 s and a write
// ~1.5 s, the slowness the issue saw; the IP source answers in 150 ms.
//
// For each burst (none, 10, 30) and runtime: the signup's hook run as
// authgear-server sees it (ms, given up at 5 s), the logins enriched, the
// login writes given up on mid-flight (Authgear rolls those back and logs
// a cancelled context) and the runs killed at the service's limit; with
// --baseline <commit>, the same for that commit's committed login file.
//
//   node bench/login-burst.mjs [--runtimes deno2,deno1] [--bursts 10,30] [--repeat 3]
//     [--busy N] [--baseline <commit>] [--admin-ms 100] [--per-call-ms 40] [--write-factor 3]
import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ROOT } from "../tests/js/paths.mjs";
import { postRun, startAuthgearDeno } from "../tests/js/authgear-service.mjs";
import { adminKey, nodeId, startAdminApi } from "../tests/js/mock-admin-api.mjs";
import { startMock } from "../tests/js/mock-providers.mjs";
import { importAdminKey, mintToken } from "../backfill/token.mjs";
import { withConfig } from "../backfill/hook-file.mjs";

const { values: o } = parseArgs({
  options: {
    runtimes: { type: "string", default: "deno2,deno1" },
    bursts: { type: "string", default: "10,30" },
    repeat: { type: "string", default: "3" },
    busy: { type: "string", default: "0" },
    baseline: { type: "string" },
    "admin-ms": { type: "string", default: "100" },
    "per-call-ms": { type: "string", default: "40" },
    "write-factor": { type: "string", default: "3" },
    help: { type: "boolean", short: "h" },
  },
});
if (o.help) {
  console.log(
    readFileSync(new URL(import.meta.url), "utf8").split("\n").filter((l) => l.startsWith("//")).map((l) => l.slice(3))
      .join("\n"),
  );
  process.exit(0);
}
const BLOCKING_MS = 5000;
const PROJECT = "bench";
const key = await adminKey("bench-key");
const token = await mintToken({
  key: await importAdminKey(key.pem),
  keyId: key.keyId,
  projectId: PROJECT,
  by: "login",
});
const providers = await startMock();
const signupEvent = readFileSync(join(ROOT, "samples/email-signup.json"), "utf8");

const config = (endpoint) => ({
  standard: { zoneinfo: "timezone", locale: "locale" },
  custom: { country: { type: "country_code", from: "country" }, city: { type: "string", from: "city" } },
  sources: [
    "profile",
    "geo",
    "languages",
    { preset: "ipinfo.io", key: "k", baseUrl: providers.base("slow-150", "ipinfo.io"), allowHttp: true },
  ],
  adminApi: { endpoint, token, allowHttp: true },
});
const { adminApi: _, ...signupConfig } = config("");
const signupFile = withConfig(readFileSync(join(ROOT, "pkg/enrich-hook.ts"), "utf8"), signupConfig);
const loginFiles = {
  now: readFileSync(join(ROOT, "pkg/enrich-login.ts"), "utf8"),
  ...(o.baseline
    ? {
      [o.baseline]: execFileSync("git", ["show", `${o.baseline}:pkg/enrich-login.ts`], { cwd: ROOT, encoding: "utf8" }),
    }
    : {}),
};

/** N users who signed up before the hook: e-mail only, every configured attribute missing. */
const users = (n) =>
  Array.from({ length: n }, (_, i) => ({
    id: nodeId(`burst-${i}`),
    standardAttributes: { email: `user${i}@corp.example`, email_verified: true },
    customAttributes: {},
    identities: [{ type: "LOGIN_ID", claims: { email: `user${i}@corp.example` } }],
  }));
const loginEvent = (i, u) =>
  JSON.stringify({
    type: "user.authenticated",
    payload: {
      user: {
        id: `burst-${i}`,
        updated_at: u.updatedAt,
        standard_attributes: u.standardAttributes,
        custom_attributes: u.customAttributes,
      },
      session: { id: `s${i}`, type: "idp" },
    },
    context: {
      // Set as the login commits: the run's wait for a slot is read from it.
      timestamp: Math.floor(Date.now() / 1000),
      triggered_by: "user",
      ip_address: "81.2.69.160",
      geo_location_code: "GB",
      preferred_languages: ["en-GB"],
      app_id: PROJECT,
    },
  });

/** One burst of `n` logins (`file`), then a signup: what each got. */
async function burst(runtime, n, file) {
  const admin = await startAdminApi({
    users: users(n),
    keys: key.keys,
    projectId: PROJECT,
    latency: {
      baseMs: Number(o["admin-ms"]),
      perInFlightMs: Number(o["per-call-ms"]),
      writeFactor: Number(o["write-factor"]),
    },
  });
  const service = await startAuthgearDeno(runtime, { slots: 10, timeoutS: 60, grantNet: "127.0.0.1" });
  try {
    const login = file && withConfig(file, config(admin.origin));
    const logins = Array.from(
      { length: login ? n : 0 },
      (_, i) => postRun(service.url, login, loginEvent(i, admin.state.get(nodeId(`burst-${i}`))), 60_000),
    );
    // The signup arrives right behind the burst.
    await new Promise((r) => setTimeout(r, 50));
    const signup = await postRun(service.url, signupFile, signupEvent, BLOCKING_MS);
    const done = await Promise.all(logins);
    return {
      signupMs: signup.ms,
      signupFailed: signup.gaveUp || !signup.response,
      enriched: new Set(admin.writes.map((w) => w.id)).size,
      abortedWrites: admin.aborted.filter((a) => a.write).length,
      abortedReads: admin.aborted.filter((a) => !a.write).length,
      killed: done.filter((l) => l.body?.error_code === "run_timeout").length,
      loginMaxMs: Math.max(0, ...done.map((l) => l.ms)),
    };
  } finally {
    service.close();
    await admin.close();
  }
}

// Busy loops, as the issue's machine had (two on two cores).
const loops = Array.from(
  { length: Number(o.busy) },
  () => spawn(process.execPath, ["-e", "for(;;){}"], { stdio: "ignore" }),
);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
try {
  for (const runtime of o.runtimes.split(",")) {
    for (const n of [0, ...o.bursts.split(",").map(Number)]) {
      for (const [name, file] of n === 0 ? [["-", undefined]] : Object.entries(loginFiles)) {
        const runs = [];
        for (let i = 0; i < Number(o.repeat); i++) runs.push(await burst(runtime, n, file));
        rows.push({ runtime, n, name, runs });
        process.stderr.write(".");
      }
    }
  }
} finally {
  for (const l of loops) l.kill();
  await providers.close();
}
process.stderr.write("\n");

console.log(
  `login bursts: ${o.repeat} runs each, median (worst); busy loops: ${o.busy}; ${new Date().toISOString()}\n`,
);
console.log(
  "| runtime | logins at once | login file | signup's hook run, ms | signups failed | users enriched | login writes given up mid-flight | login reads given up | runs killed | slowest login, ms |",
);
console.log("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const { runtime, n, name, runs } of rows) {
  const m = (k) => `${Math.round(median(runs.map((r) => r[k])))} (${Math.round(Math.max(...runs.map((r) => r[k])))})`;
  const sum = (k) => runs.reduce((a, r) => a + Number(r[k]), 0);
  console.log(
    `| ${runtime} | ${n} | ${n ? name : "none attached"} | ${m("signupMs")} | ${sum("signupFailed")}/${runs.length} | ${
      n ? `${m("enriched")} of ${n}` : "-"
    } | ${sum("abortedWrites")} | ${sum("abortedReads")} | ${sum("killed")} | ${n ? m("loginMaxMs") : "-"} |`,
  );
}
