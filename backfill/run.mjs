// The backfill itself: page through the users, enrich each one with the
// hook's own core and config (as if it had just signed up from its most
// recent session's IP), and write back only what changed — the whole
// standard / custom attribute maps, since Authgear replaces them whole.
//
// Paging is by offset with no tie-breaker (authgear-server
// pkg/lib/infra/db/pagination.go), so a user deleted mid-run shifts every
// later page. Each page therefore re-reads the last OVERLAP users of the one
// before; the checkpoint's log skips whoever is done. If none of a page is
// done, more than OVERLAP users before it were deleted and the page may have
// jumped past someone: the listing starts again from the first user (done
// users cost no call). Users are listed oldest first, so those created
// mid-run come at the end.
import { GET_USER, LIST_USERS, STORED_MAPS, UPDATE_USER } from "./admin-api.mjs";

import * as checkpoint from "./checkpoint.mjs";
import { meter } from "./lookups.mjs";

export const OVERLAP = 5;

/**
 * The request context the core sees for an existing user: its own last
 * request (its most recent session), so IP-derived values are the user's
 * (the core still skips private and reserved addresses). The event around
 * it is the login path's (`enrichUser`): a `user.authenticated`.
 */
export function contextFor(user) {
  const sessions = (user.sessions?.edges ?? []).map((e) => e.node).filter(Boolean);
  const latest = sessions.sort((a, b) => String(b.lastAccessedAt).localeCompare(String(a.lastAccessedAt)))[0];
  return {
    triggered_by: "user",
    ip_address: latest?.lastAccessedByIP ?? undefined,
    geo_location_code: latest?.lastAccessedByIPCountryCode || null,
    preferred_languages: [],
  };
}

/**
 * Whether a write whose answer was lost landed: the user as stored now
 * holds every map it sent. Settled by a read, never by a second write.
 */
async function landed(api, sent) {
  const { node } = await api.graphql(STORED_MAPS, { id: sent.userID });
  // Every value sent is stored (Authgear adds derived keys, and prints objects in its own key order).
  const holds = (sent, stored) => sent === undefined || Object.entries(sent).every(([k, v]) => same(v, stored?.[k]));
  return Boolean(node) && holds(sent.standardAttributes, node.standardAttributes) &&
    holds(sent.customAttributes, node.customAttributes);
}

/** Equal JSON values, whatever the order of their objects' keys. */
function same(a, b) {
  if (typeof a !== "object" || a === null || typeof b !== "object" || b === null) return a === b;
  const ka = Object.keys(a), kb = Object.keys(b);
  return Array.isArray(a) === Array.isArray(b) && ka.length === kb.length && ka.every((k) => same(a[k], b[k]));
}

/** What changed, key by key, for the dry-run report. */
function changes(before, after) {
  return Object.entries(after ?? {})
    .filter(([k, v]) => JSON.stringify(before?.[k]) !== JSON.stringify(v))
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`);
}

/**
 * @param o api (AdminApi), hook (the Node twin), config (without adminApi:
 *   the backfill writes with its own key), dryRun, explain, pageSize,
 *   checkpointPath, progress, log (line printer), maxCalls (requests per
 *   source with a key in this invocation; 0: no cap), reuse, send (how
 *   provider requests leave: fetch by default)
 * @returns the counts and failures, and whether the run completed
 */
export async function backfill(o) {
  const { cp, done } = o.dryRun
    ? { cp: checkpoint.fresh(o.api.endpoint, o.api.projectId), done: new Set() }
    : await checkpoint.load(o.checkpointPath, o.api.endpoint, o.api.projectId);
  if (cp.complete) return { ...cp, completed: true, already: true };
  // Every provider request goes through the meter (counts, one company lookup per domain).
  const m = meter(cp, { reuse: o.reuse !== false, send: o.send });
  return await pages(o, cp, done, m);
}

async function pages(o, cp, done, m) {
  const bump = (k) => (cp.counts[k] = (cp.counts[k] ?? 0) + 1);
  const persist = () => (o.dryRun ? Promise.resolve() : checkpoint.save(o.checkpointPath, cp));
  let processed = done.size;
  for (;;) {
    const first = Math.min(100, o.pageSize + (cp.cursor ? OVERLAP : 0));
    const { users } = await o.api.graphql(LIST_USERS, { first, after: cp.cursor });
    const edges = users.edges;
    if (cp.cursor && edges.length > 0 && !edges.some((e) => done.has(e.node.id))) {
      cp.cursor = null;
      if (++cp.restarts > 50) {
        throw new Error("users are being deleted faster than the listing can follow; rerun later to resume");
      }
      await persist();
      continue;
    }
    for (const { node } of edges) {
      if (done.has(node.id)) continue;
      // The spending cap: stop before a user who could take a source past it.
      const capped = o.maxCalls ? m.capped(o.maxCalls) : undefined;
      if (capped) {
        await persist();
        o.progress?.end();
        return { ...cp, completed: false, capped };
      }
      try {
        const { node: user } = await o.api.graphql(GET_USER, { id: node.id });
        if (!user) throw Object.assign(new Error("user not found"), { reason: "not found" });
        const context = contextFor(user);
        if (!context.ip_address) cp.noIp++;
        // The login path's own way to a user: read again right before the write, never cut short.
        const r = await o.hook.enrichUser({
          api: o.api,
          user: {
            nodeId: user.id,
            standardAttributes: user.standardAttributes ?? {},
            customAttributes: user.customAttributes ?? {},
            updatedAt: user.updatedAt,
            identities: (user.identities?.edges ?? []).map((e) => e?.node).filter(Boolean),
          },
          context,
          config: o.config,
          left: () => Infinity,
          transport: m.transport,
          dryRun: o.dryRun,
          explain: o.explain,
        });
        // A write whose answer was lost: read the user to see whether it landed;
        // if it surely did not, it is sent once more (no second write of what landed).
        if (r.outcome === "unsure") {
          if (!(await landed(o.api, r.sent))) await o.api.graphql(UPDATE_USER, r.sent, { write: true });
          r.outcome = "written";
          r.lines = [];
        }
        for (const l of r.lines) o.log(`${user.id}: ${l}`);
        if (r.outcome === "would write") {
          const diff = [
            ...changes(user.standardAttributes, r.sent?.standardAttributes),
            ...changes(user.customAttributes, r.sent?.customAttributes),
          ];
          o.log(`would enrich ${user.id}: ${diff.join(", ")}`);
          for (const e of r.explain ?? []) {
            if (e.outcome !== "skipped") {
              o.log(`  ${e.attribute}: ${e.outcome} ${JSON.stringify(e.value)}${e.source ? " from " + e.source : ""}`);
            }
          }
          bump("would enrich");
        } else if (r.outcome === "written") {
          bump("enriched");
        } else if (r.outcome === "unchanged") {
          bump("unchanged");
        } else {
          bump("failed");
          cp.failed[node.id] = `${r.reason}: ${r.lines[0] ?? ""}`;
        }
      } catch (err) {
        bump("failed");
        cp.failed[node.id] = `${err.reason ?? "error"}: ${err.message}`;
      }
      done.add(node.id);
      if (!o.dryRun) await checkpoint.markDone(o.checkpointPath, node.id);
      await persist();
      o.progress?.update(++processed, users.totalCount ?? 0, cp.counts);
    }
    if (!users.pageInfo.hasNextPage) break;
    // The next page starts OVERLAP users back (or right after this one, if a
    // page came back too short to overlap).
    cp.cursor = edges[edges.length > OVERLAP ? edges.length - 1 - OVERLAP : edges.length - 1].cursor;
    await persist();
  }
  cp.complete = true;
  cp.completedAt = new Date().toISOString();
  await persist();
  o.progress?.end();
  return { ...cp, completed: true };
}
