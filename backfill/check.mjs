#!/usr/bin/env node
// Checks a configured hook against the project before users sign up:
// Authgear drops, without an error, a custom attribute the project does not
// define, and refuses a value of another type than the project's — both
// silent at signup. Runs on Node 20 and on Deno (`deno run -A backfill/check.mjs …`).
//
//   node backfill/check.mjs --endpoint https://myapp.authgear.cloud --key-file admin-key.pem \
//     --key-id KEY_ID --hook my-enrich-hook.ts --user-id TEST_USER_ID
import { readFile } from "node:fs/promises";
import process from "node:process";
import { parseArgs } from "node:util";
import { endpointAndProject, RetryingAdminApi } from "./admin-api.mjs";
import { configOf } from "./hook-file.mjs";
import { readAdminKey } from "./token.mjs";
import * as twin from "../pkg/enrich-hook.mjs";

const USAGE = `usage: node backfill/check.mjs --endpoint URL --key-file PEM --key-id ID --user-id ID
  (--hook FILE | --config FILE) [--project-id ID]

Checks your hook's config against your project, before users' values are lost:
  1. the config as the hook reads it (errors switch enrichment off);
  2. every custom attribute it names, the status attribute too: on a test user,
     one write of a valid value for each (its type's, from the config), then
     Authgear's answer: an attribute the project does not define is dropped, one
     of another type is refused; then the test user's custom attributes are
     written back as they were. Those writes fire user.profile.pre_update (this
     hook leaves its own writes alone) and the user.profile.updated webhook.

  --endpoint URL     the project's origin, e.g. https://myapp.authgear.cloud
  --key-file PEM     the Admin API key the portal downloads (PKCS#8 PEM)
  --key-id ID        its key ID
  --project-id ID    the project ID (read from <id>.authgear.cloud, else required)
  --hook FILE        your edited hook file (its config block), or
  --config FILE      a JSON config
  --user-id ID       a test user's ID (Portal > User Management: the user's page)
  -h, --help         this text
Exit status: 0 all good, 1 something to fix (each named), 2 bad options.`;

/** @returns {Record<string, any>} */
function options(argv) {
  /** @type {{ values: Record<string, any> }} */
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      ...Object.fromEntries(
        ["endpoint", "key-file", "key-id", "project-id", "hook", "config", "user-id"].map((
          k,
        ) => [k, { type: "string" }]),
      ),
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return { help: true };
  for (const k of ["endpoint", "key-file", "key-id", "user-id"]) if (!values[k]) throw new Error(`--${k} is required`);
  if (!values.hook === !values.config) throw new Error("give --hook or --config (one of them)");
  const { url, projectId } = endpointAndProject(values.endpoint, values["project-id"]);
  return { ...values, endpoint: url.origin, projectId };
}

async function main() {
  let o;
  try {
    o = options(process.argv.slice(2));
  } catch (err) {
    console.error(`${err.message}\n(--help for the options)`);
    return 2;
  }
  if (o.help) {
    console.log(USAGE);
    return 0;
  }
  let config, key;
  try {
    const file = o.hook ?? o.config;
    const text = await readFile(file, "utf8").catch((err) => {
      throw new Error(`${file}: cannot be read (${err.code ?? err.message})`);
    });
    config = o.hook ? configOf(text) : JSON.parse(text);
    key = await readAdminKey(o["key-file"]);
  } catch (err) {
    console.error(err.message);
    return 2;
  }

  // 1. The config, as the core reads it.
  const checked = await twin.checkConfig(config);
  for (const w of checked.warnings) console.log(`config: ${w}`);
  for (const e of checked.errors) console.log(`config: ${e}`);
  if (checked.errors.length) {
    console.log("the config has errors: the hook would answer without enrichment; fix them first");
    return 1;
  }
  const probes = checked.custom;
  const names = Object.keys(probes);
  if (!names.length) {
    console.log("config: fine; it names no custom attribute, so there is nothing to check in the project");
    return 0;
  }

  // 2. The project, through a test user: probes written, the answer read, the user restored.
  const api = new RetryingAdminApi({
    endpoint: o.endpoint,
    projectId: o.projectId,
    key,
    keyId: o["key-id"],
    by: "check",
  });
  const id = /^[A-Za-z0-9_-]+$/.test(o["user-id"]) && /^User:/.test(decode(o["user-id"]))
    ? o["user-id"]
    : twin.userNodeId(o["user-id"]);
  const where = `the Admin API at ${o.endpoint}/_api/admin/graphql`;
  let before;
  try {
    const { node } = await api.graphql(STORED, { id });
    if (!node) throw new Error(`no user ${o["user-id"]} in the project`);
    before = node.customAttributes ?? {};
  } catch (err) {
    console.error(`cannot read the test user: ${err.message} (${where})`);
    return 1;
  }
  const write = (custom) => api.graphql(twin.UPDATE_USER, { userID: id, customAttributes: custom }, { write: true });
  const missing = [], refused = [];
  try {
    try {
      const r = await write({ ...before, ...probes });
      const kept = r.updateUser.user.customAttributes ?? {};
      missing.push(...names.filter((n) => !(n in kept)));
    } catch (err) {
      if (err.reason !== "graphql") throw err;
      // Refused whole: one at a time, to name which.
      for (const n of names) {
        try {
          const r = await write({ ...before, [n]: probes[n] });
          if (!(n in (r.updateUser.user.customAttributes ?? {}))) missing.push(n);
        } catch (e) {
          if (e.reason !== "graphql") throw e;
          refused.push(n);
        }
      }
    }
  } catch (err) {
    console.error(`the check stopped: ${err.message} (${where})`);
  } finally {
    try {
      await write(before);
    } catch (err) {
      console.error(
        `the test user's custom attributes could not be written back (${err.message}): they were ${
          JSON.stringify(before)
        }`,
      );
    }
  }
  if (refused.length === names.length && names.length > 1) {
    console.log(
      "Authgear refused every value: the test user's own custom attributes may fail its checks; use a fresh test user",
    );
    return 1;
  }
  const status = config.statusAttribute;
  for (const n of missing) {
    console.log(
      `${
        n === status ? "statusAttribute" : "custom"
      } ${n}: the project does not define it, so Authgear drops its values: create it in Portal > User Profile > Custom Attributes${
        n === status ? " (type string)" : ` (type ${config.custom?.[n]?.type})`
      }, or take it out of the config`,
    );
  }
  for (const n of refused) {
    console.log(
      `custom ${n}: Authgear refused a valid ${
        config.custom?.[n]?.type ?? "string"
      } value: the project's type (or its enum values, minimum, maximum) differs from the config's`,
    );
  }
  const fine = names.filter((n) => !missing.includes(n) && !refused.includes(n));
  if (fine.length) console.log(`defined in the project as the config says: ${fine.join(", ")}`);
  return missing.length || refused.length ? 1 : 0;
}

const STORED = "query($id:ID!){node(id:$id){...on User{customAttributes}}}";
const decode = (s) => {
  try {
    return atob(s.replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    return "";
  }
};

if (import.meta.main ?? process.argv[1] === new URL(import.meta.url).pathname) process.exitCode = await main();
