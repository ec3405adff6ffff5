// What the backfill pays for. Every request to a live source is counted
// per source, by the name the core gives it in its Steps (the driver hands
// the meter each request it sends); a company lookup (a source whose input is
// the company domain) is made once per domain per run: its answer, as the
// driver read it (capped), is kept in the checkpoint and replayed for every
// later user of that domain, also after a resume. The core keeps judging
// each answer as it would a fresh one. Keys are hashed: no provider key
// reaches the checkpoint.
import { createHash } from "node:crypto";

/**
 * The meter of a run: `transport` goes to the hook's `enrichUser` (how its
 * requests leave and who hears the answers); `cp.requests`, `cp.reused` and
 * `cp.lookups` are the checkpoint's counts and kept answers, `run` this
 * invocation's counts. `reuse: false` counts without replaying
 * (bench/cost.mjs's baseline); `send`: the host's fetch by default.
 */
export function meter(cp, { reuse = true, send = (r, init) => fetch(r.url, init) } = {}) {
  cp.requests ??= {};
  cp.reused ??= {};
  cp.lookups ??= {};
  /** @type {Record<string, number>} */
  const run = {};
  /** @type {Set<string>} sources seen carrying a key (the ones that can bill) */
  const keyed = new Set();
  const keyOf = (r) => createHash("sha256").update(`${r.method} ${r.url} ${r.body ?? ""}`).digest("hex");
  const count = (k, name) => (k[name] = (k[name] ?? 0) + 1);
  const transport = {
    /** @param {any} r a Step's request @param {RequestInit} init */
    send(r, init) {
      if (r.keyed) keyed.add(r.source);
      const known = reuse && r.input === "domain" ? cp.lookups[keyOf(r)] : undefined;
      if (known) {
        count(cp.reused, r.source);
        return Promise.resolve(new Response(known.body, { status: known.status }));
      }
      count(cp.requests, r.source);
      count(run, r.source);
      return send(r, init);
    },
    /** A company lookup's answer (2xx or 404: a failure is tried again), kept. @param {any} r */
    answered(r, status, body) {
      if (r.input === "domain" && ((status >= 200 && status < 300) || status === 404)) {
        cp.lookups[keyOf(r)] = { status, body };
      }
    },
  };
  /** The first source with a key that has had `max` requests in this invocation, if any. */
  const capped = (max) => [...keyed].find((name) => (run[name] ?? 0) >= max);
  return { transport, run, capped };
}
