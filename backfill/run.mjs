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
import { GET_USER, LIST_USERS, UPDATE_USER } from "./admin-api.mjs";

/** The summary's word for a failure: `http 403`, `graphql`, `timeout`, `network`, … */
const reasonOf = (err) =>
  err.reason ?? (/^HTTP \d+/.exec(err.message)?.[0].toLowerCase() ??
    { GraphQL: "graphql", no: "timeout", network: "network" }[err.message.split(" ")[0]] ?? "error");
import * as checkpoint from "./checkpoint.mjs";
import { liveSources, meter } from "./lookups.mjs";

export const OVERLAP = 5;

/**
 * The event the hook's core sees for an existing user: a login's
 * (`user.authenticated`), so the core writes as the login path does —
 * through the Admin API, each map it sends validated alone, and never for
 * a changed status line alone (a second run right after a first writes
 * nothing).
 */
export function eventFor(user) {
  const sessions = (user.sessions?.edges ?? []).map((e) => e.node).filter(Boolean);
  const latest = sessions.sort((a, b) => String(b.lastAccessedAt).localeCompare(String(a.lastAccessedAt)))[0];
  return {
    type: "user.authenticated",
    payload: {
      user: {
        id: user.id,
        standard_attributes: user.standardAttributes ?? {},
        custom_attributes: user.customAttributes ?? {},
      },
      identities: (user.identities?.edges ?? []).map((e) => e?.node).filter(Boolean),
    },
    // The user's own last request: IP-derived values are theirs (the core
    // still skips private and reserved addresses).
    context: {
      triggered_by: "user",
      ip_address: latest?.lastAccessedByIP ?? undefined,
      geo_location_code: latest?.lastAccessedByIPCountryCode || null,
      preferred_languages: [],
    },
  };
}

/** What changed, key by key, for the dry-run report. */
function changes(before, after) {
  return Object.entries(after ?? {})
    .filter(([k, v]) => JSON.stringify(before?.[k]) !== JSON.stringify(v))
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`);
}

/**
 * @param o api (AdminApi), hook (the imported hook module), config, dryRun,
 *   explain, pageSize, checkpointPath, progress, log (line printer),
 *   maxCalls (requests per paid source in this invocation; 0: no cap)
 * @returns the counts and failures, and whether the run completed
 */
export async function backfill(o) {
  const { cp, done } = o.dryRun
    ? { cp: checkpoint.fresh(o.api.endpoint, o.api.projectId), done: new Set() }
    : await checkpoint.load(o.checkpointPath, o.api.endpoint, o.api.projectId);
  if (cp.complete) {
    o.log(
      `${o.checkpointPath}: this backfill already completed; delete it (and ${o.checkpointPath}.done) to run again`,
    );
    return { ...cp, completed: true };
  }
  // Every provider request goes through the meter (counts, one company lookup per domain).
  const m = meter(liveSources(o.config), cp, { reuse: o.reuse !== false });
  const hostFetch = globalThis.fetch;
  globalThis.fetch = m.fetch;
  try {
    return await pages(o, cp, done, m);
  } finally {
    globalThis.fetch = hostFetch;
  }
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
        const event = eventFor(user);
        if (!event.context.ip_address) cp.noIp++;
        const out = await o.hook.enrich(event, { configOverride: o.config, explain: o.explain });
        const m = out.response.mutations?.user;
        if (!m) {
          bump("unchanged");
        } else if (o.dryRun) {
          const diff = [
            ...changes(user.standardAttributes, m.standard_attributes),
            ...changes(user.customAttributes, m.custom_attributes),
          ];
          o.log(`would enrich ${user.id}: ${diff.join(", ")}`);
          for (const r of out.explain ?? []) {
            if (r.outcome !== "skipped") {
              o.log(`  ${r.attribute}: ${r.outcome} ${JSON.stringify(r.value)}${r.source ? " from " + r.source : ""}`);
            }
          }
          bump("would enrich");
        } else {
          // Absent (not null) leaves a map alone; present replaces it whole.
          await o.api.graphql(UPDATE_USER, {
            userID: user.id,
            standardAttributes: m.standard_attributes,
            customAttributes: m.custom_attributes,
          });
          bump("enriched");
        }
      } catch (err) {
        const reason = reasonOf(err);
        bump("failed");
        cp.failed[node.id] = `${reason}: ${err.message}`;
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
  await persist();
  o.progress?.end();
  return { ...cp, completed: true };
}
