#!/usr/bin/env node
// The Admin API token the login file (pkg/enrich-login.ts) carries: minted
// once here from the project's Admin API key, which then stays on this
// machine. Prints the `adminApi` block to paste into the login file's config.
// Runs on Node 20 and on Deno (`deno run -A backfill/login-token.mjs …`).
//
//   node backfill/login-token.mjs --endpoint https://myapp.authgear.cloud \
//     --key-file admin-key.pem --key-id KEY_ID [--project-id myapp] [--days N]
//
// The token can do what the key can, until the key is deleted in the portal
// (or, with --days, until it expires: the login path then writes nothing and
// logs an HTTP 403 line). Rotate: add a key, mint and paste a new token,
// delete the old key.
import process from "node:process";
import { parseArgs } from "node:util";
import { endpointAndProject } from "./admin-api.mjs";
import { mintToken, readAdminKey } from "./token.mjs";
import { checkConfig } from "../pkg/enrich-hook.mjs";

const USAGE =
  `usage: node backfill/login-token.mjs --endpoint URL --key-file PEM --key-id ID [--project-id ID] [--days N]

Prints the adminApi block to paste into the config of pkg/enrich-login.ts: the
project's Admin API endpoint and a token minted here from the Admin API key
(Portal > Advanced > Admin API: download the key, copy its ID). The key stays
on this machine; the token can do what the key can, until the key is deleted.

  --endpoint URL    the project's origin: https://<project>.authgear.cloud, or
                    your own Authgear's public https address; http:// only to
                    127.0.0.1, localhost or [::1], for a local test (the block
                    then says allowHttp: true)
  --key-file PEM    the key the portal downloads (PKCS#8 PEM)
  --key-id ID       its key ID
  --project-id ID   the project ID (read from <id>.authgear.cloud, else required)
  --days N          the token expires after N days (default: never, until the key is deleted)
  -h, --help        this text`;

/** The options, checked; throws with the line to print. */
export function tokenArgs(argv) {
  /** @type {{ values: Record<string, any> }} */
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      ...Object.fromEntries(
        ["endpoint", "key-file", "key-id", "project-id", "days"].map((k) => [k, { type: "string" }]),
      ),
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return { help: true };
  for (const k of ["endpoint", "key-file", "key-id"]) if (!values[k]) throw new Error(`--${k} is required`);
  const { url, projectId } = endpointAndProject(values.endpoint, values["project-id"]);
  const days = values.days === undefined ? undefined : Number(values.days);
  if (days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= 3650)) {
    throw new Error(`--days: "${values.days}" is not a whole number from 1 to 3650`);
  }
  return {
    endpoint: values.endpoint,
    origin: url.origin,
    keyFile: values["key-file"],
    keyId: values["key-id"],
    projectId,
    days,
    http: url.protocol === "http:",
  };
}

/**
 * What the login file's core would say of the block with this endpoint
 * (src/login.rs: an https origin; http:// only to a loopback address, with
 * allowHttp): the endpoint is checked by the rule the hook runs, before a
 * token is minted. Undefined when it would take it.
 */
export async function endpointProblem(endpoint, http) {
  const { errors } = await checkConfig({
    adminApi: { endpoint, token: "x.x.x", ...(http ? { allowHttp: true } : {}) },
  });
  const line = errors.find((e) => e.startsWith("config.adminApi.endpoint: "));
  return line &&
    `--endpoint ${endpoint}: ${line.slice("config.adminApi.endpoint: ".length)}${
      http ? " (the token would cross the network in clear)" : ""
    }`;
}

async function main() {
  let o;
  try {
    o = tokenArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`${err.message}\n\n${USAGE}`);
    return 2;
  }
  if (o.help) {
    console.log(USAGE);
    return 0;
  }
  const problem = await endpointProblem(o.endpoint, o.http);
  if (problem) {
    console.error(problem);
    return 2;
  }
  let key;
  try {
    key = await readAdminKey(o.keyFile);
  } catch (err) {
    console.error(err.message);
    return 2;
  }
  const token = await mintToken({
    key,
    keyId: o.keyId,
    projectId: o.projectId,
    by: "login",
    ttlSeconds: o.days && o.days * 86400,
  });
  const allowHttp = o.http ? "  allowHttp: true,\n" : "";
  console.log(`adminApi: {\n  endpoint: ${JSON.stringify(o.origin)},\n  token: "${token}",\n${allowHttp}},`);
  if (o.http) {
    console.error(
      "login-token: http:// to a loopback address works for a local test only: authgear-deno refuses loopback addresses unless it runs with DISALLOW_LOOPBACK=false (README: Self-hosted Authgear)",
    );
  }
  console.error(
    `login-token: for project ${o.projectId}, ${
      o.days ? `valid for ${o.days} days` : "valid until the key is deleted"
    }; anyone who reads the hook file can use it as the key itself`,
  );
  return 0;
}

if (import.meta.main ?? process.argv[1] === new URL(import.meta.url).pathname) process.exitCode = await main();
