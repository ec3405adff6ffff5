// What the backfill pays for. Every request to a live source is counted per
// source, and a company lookup (a source whose input is the company domain)
// is made once per domain per run: its answer is kept in the checkpoint and
// replayed for every later user of that domain, also after a resume. The
// hook's core keeps judging each answer as it would a fresh one.
//
// Sources are recognised by their request URL (base URL and the path up to
// its first placeholder), from the config and src/providers/presets.json.
// Requests to anything else (the Admin API) pass through untouched.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

const PRESETS = JSON.parse(readFileSync(new URL("../src/providers/presets.json", import.meta.url), "utf8"));
/** The core's cap on a provider body (src/session.rs `BODY_CAP`): more is never read, nor kept. */
export const BODY_CAP = 256 * 1024;

/**
 * At most `cap + 1` bytes of the body, as text: enough for the hook's
 * driver to see a body over the cap (and fail the source, as it would
 * without the meter) while memory stays bounded.
 */
async function readCapped(res, cap) {
  const chunks = [];
  let size = 0;
  const reader = res.body?.getReader();
  while (reader && size <= cap) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value.subarray(0, cap + 1 - size));
    size += Math.min(value.length, cap + 1 - size);
  }
  await reader?.cancel().catch(() => {});
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return { text: new TextDecoder().decode(all), size };
}

/**
 * The live sources of `config`: name, input, the URL prefix of their
 * requests, and whether they carry a key (the ones that can bill).
 * @param {any} config the hook config (undefined: the built-in one, offline only)
 */
export function liveSources(config) {
  return (config?.sources ?? []).filter((s) => typeof s === "object" && s !== null).map((s) => {
    const base = (s.preset && PRESETS[s.preset]) || {};
    const spec = { ...((base.extends && PRESETS[base.extends]) || {}), ...base, ...s };
    const prefix = `${String(spec.baseUrl ?? "").replace(/\/$/, "")}${String(spec.path ?? "").split("{")[0]}`;
    return { name: String(spec.name ?? s.preset), input: spec.input, prefix, paid: Boolean(s.key) };
  });
}

/**
 * A fetch for the run: counts requests per source into `cp.requests` (and
 * this invocation's into `run`), and answers a company lookup already made
 * from `cp.lookups` (2xx and 404 answers only: a failure is tried again).
 * Keys are hashed: no provider key reaches the checkpoint. `reuse: false`
 * counts without reusing (bench/cost.mjs's baseline).
 */
export function meter(sources, cp, { reuse = true, realFetch = globalThis.fetch } = {}) {
  cp.requests ??= {};
  cp.reused ??= {};
  cp.lookups ??= {};
  /** @type {Record<string, number>} */
  const run = {};
  const sourceOf = (url) =>
    sources.filter((s) => s.prefix && url.startsWith(s.prefix)).sort((a, b) => b.prefix.length - a.prefix.length)[0];
  /** @param {any} input @param {any} [init] */
  async function fetch(input, init = {}) {
    const url = String(input?.url ?? input);
    const src = sourceOf(url);
    if (!src) return realFetch(input, init);
    const key = createHash("sha256").update(`${init.method ?? "GET"} ${url} ${init.body ?? ""}`).digest("hex");
    const known = reuse && src.input === "domain" ? cp.lookups[key] : undefined;
    if (known) {
      cp.reused[src.name] = (cp.reused[src.name] ?? 0) + 1;
      return new Response(known.body, { status: known.status, headers: { "content-type": "application/json" } });
    }
    cp.requests[src.name] = (cp.requests[src.name] ?? 0) + 1;
    run[src.name] = (run[src.name] ?? 0) + 1;
    const res = await realFetch(input, init);
    if (src.input !== "domain" || !(res.ok || res.status === 404)) return res;
    const { text, size } = await readCapped(res, BODY_CAP);
    if (size <= BODY_CAP) cp.lookups[key] = { status: res.status, body: text };
    return new Response(text, { status: res.status, headers: { "content-type": "application/json" } });
  }
  /** The first paid source that has had `max` requests in this invocation, if any. */
  const capped = (max) => sources.find((s) => s.paid && (run[s.name] ?? 0) >= max)?.name;
  return { fetch, run, capped };
}
