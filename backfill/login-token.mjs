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

const USAGE = "usage: backfill/login-token.mjs --endpoint URL --key-file PEM --key-id ID [--project-id ID] [--days N]";

/** The options, checked; throws with the line to print. */
export function tokenArgs(argv) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: Object.fromEntries(
      ["endpoint", "key-file", "key-id", "project-id", "days"].map((k) => [k, { type: "string" }]),
    ),
  });
  for (const k of ["endpoint", "key-file", "key-id"]) if (!values[k]) throw new Error(`--${k} is required`);
  const { url, projectId } = endpointAndProject(values.endpoint, values["project-id"]);
  if (url.pathname !== "/" || url.search || url.hash || url.username) {
    throw new Error("--endpoint must be the project's origin, e.g. https://myapp.authgear.cloud");
  }
  const days = values.days === undefined ? undefined : Number(values.days);
  if (days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= 3650)) {
    throw new Error(`--days: "${values.days}" is not a whole number from 1 to 3650`);
  }
  return { endpoint: url.origin, keyFile: values["key-file"], keyId: values["key-id"], projectId, days };
}

async function main() {
  let o;
  try {
    o = tokenArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`${err.message}\n${USAGE}`);
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
  console.log(`adminApi: {\n  endpoint: ${JSON.stringify(o.endpoint)},\n  token: "${token}",\n},`);
  console.error(
    `login-token: for project ${o.projectId}, ${
      o.days ? `valid for ${o.days} days` : "valid until the key is deleted"
    }; anyone who reads the hook file can use it as the key itself`,
  );
  return 0;
}

if (import.meta.main ?? process.argv[1] === new URL(import.meta.url).pathname) process.exitCode = await main();
