// Enriching a user through the Admin API: the login path (the login file)
// and, through the Node twin, the backfill. No login event can change a
// user, so a returning user whose attributes are missing is enriched at
// user.authenticated, a non-blocking event, from the event's own copy of the
// user (Authgear resolves it as the login commits: no read needed), then
// written: read `updatedAt` again; if it did not move and the time left fits,
// one updateUser with the changed map(s), never cut short once sent;
// Authgear's answer, the user as it kept it, names any custom attribute it
// dropped. The budget, the deadline it leaves the sources and the adminApi
// block's checks are the core's (src/login.rs).
import { AdminApi, AdminApiError, type CallOptions, UPDATE_USER, userNodeId } from "./admin-api.ts";
import { ALLOW, enrich, type EnrichOptions } from "./enrich.ts";
import { fromFile } from "./handed.ts";
import { describe } from "./http.ts";
import { loginGo, loginUser, waitedMs } from "./login-gate.ts";
import type { EnrichResult } from "./step.ts";
import type { HookEvent, UserHookResponse } from "./types/authgear.ts";
import type { EnrichLoginConfig } from "./types/login-config.ts";

/** The least an Admin API call is assumed to take, until one is measured. */
const CALL_FLOOR_MS = 250;

/** Only `updatedAt`: read again right before the write, to see whether the user changed. */
const USER_UPDATED_AT = "query($id:ID!){node(id:$id){...on User{updatedAt}}}";

/** The Admin API as `enrichUser` calls it: the login file's client, or the backfill's (rate, retries). */
export interface Graphql {
  graphql<T>(query: string, variables: object, o?: CallOptions): Promise<T>;
}

/** A user as the Admin API path has it: from a login event, or read by the backfill. */
export interface StoredUser {
  /** The Admin API's node ID of the user. */
  nodeId: string;
  standardAttributes?: unknown;
  customAttributes?: unknown;
  updatedAt?: unknown;
  /** The identities' claims (`{ claims }`): the backfill reads them; a login event carries none. */
  identities?: unknown[];
}

/** The updateUser variables, for a caller that settles a write whose answer was lost. */
export type UpdateVariables = { userID: string; standardAttributes?: object; customAttributes?: object };

/** What became of one user. */
export interface UserResult {
  /** written; unchanged (nothing to write); would write (dry run); not written (`lines[0]` says why); unsure (sent, no answer). */
  outcome: "written" | "unchanged" | "would write" | "not written" | "unsure";
  /** What to say about this user, one line each (never a value, key or address). */
  lines: string[];
  diagnostics: string[];
  explain?: EnrichResult["explain"];
  /** Why not written, in a word (AdminApiError's `reason`, `changed`, `time`). */
  reason?: string;
  /** What was (or would be) sent. */
  sent?: UpdateVariables;
}

/** The same instant, whatever precision each side printed it with (RFC 3339). */
function sameInstant(a: unknown, b: unknown): boolean {
  const at = (t: string) => {
    const m = /^(.*?)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(t);
    return m ? `${Date.parse(m[1] + m[3])}.${(m[2] ?? "").padEnd(9, "0")}` : t;
  };
  return typeof a === "string" && typeof b === "string" && at(a) === at(b);
}

/**
 * The event the core sees for a user the Admin API path has: a
 * `user.authenticated` (maps checked as the Admin API checks them; a status
 * line alone is no reason to write), with the request context given.
 */
export function loginEvent(user: StoredUser, context: unknown): HookEvent {
  return {
    type: "user.authenticated",
    payload: {
      user: { standard_attributes: user.standardAttributes, custom_attributes: user.customAttributes },
      identities: user.identities ?? [],
    },
    context,
  };
}

/**
 * Enrich `user` and write what changed through `api`, in time: within the
 * login budget the core read (counted from `since`), or `left()` ms (the
 * backfill). Two calls for a write (read `updatedAt`, write), none when
 * nothing changes.
 */
export async function enrichUser(o: {
  api: Graphql;
  user: StoredUser;
  context: unknown;
  /** The hook's config (the file's block when undefined). */
  config?: EnrichLoginConfig;
  /** A login: when it started (Date.now()); its budget is the core's `login.budgetMs`. */
  since?: number;
  /** Otherwise: the time left, in ms. */
  left?: () => number;
  /** The sources' deadline at most (the config's deadlineMs otherwise). */
  deadlineCapMs?: number;
  dryRun?: boolean;
  explain?: boolean;
  /** How provider requests leave and who hears them (the backfill's meter). */
  transport?: Pick<EnrichOptions, "send" | "answered" | "log">;
}): Promise<UserResult> {
  const { api, user } = o;
  const id = user.nodeId;
  const since = o.since;
  const out = await enrich(loginEvent(user, o.context), {
    ...o.transport,
    explain: o.explain,
    configOverride: o.config,
    deadlineCapMs: o.deadlineCapMs,
    elapsedMs: since === undefined ? undefined : Date.now() - since,
  });
  const budget = out.login?.budgetMs;
  const left = since !== undefined && budget !== undefined ? () => budget - (Date.now() - since) : o.left ?? (() => 0);
  const m = (out.response as UserHookResponse).mutations?.user;
  const sent = m && { userID: id, standardAttributes: m.standard_attributes, customAttributes: m.custom_attributes };
  const result = (outcome: UserResult["outcome"], lines: string[] = [], reason?: string): UserResult => ({
    outcome,
    lines,
    diagnostics: out.diagnostics,
    explain: out.explain,
    reason,
    sent,
  });
  if (!sent) return result("unchanged");
  if (o.dryRun) return result("would write");

  // Each call is timed: the write is sent only if the time left fits twice the slowest so far.
  let slowest = CALL_FLOOR_MS;
  const fits = () => left() >= 2 * slowest;
  const call = async <T>(query: string, variables: object, co: CallOptions): Promise<T> => {
    const at = performance.now();
    try {
      return await api.graphql<T>(query, variables, co);
    } finally {
      slowest = Math.max(slowest, performance.now() - at);
    }
  };
  const noTime = () =>
    result(
      "not written",
      [`no time left to write (${Math.round(left())} ms of the budget); nothing written`],
      "time",
    );
  try {
    if (!fits()) return noTime();
    const now = await call<{ node: { updatedAt?: string } | null }>(USER_UPDATED_AT, { id }, {
      timeoutMs: Math.max(1, left() - slowest),
      closing: true,
    });
    if (!sameInstant(now.node?.updatedAt, user.updatedAt)) {
      return result(
        "not written",
        ["the user changed since it was read; nothing written (the next run tries again)"],
        "changed",
      );
    }
    // A write takes longer than a read: it fires user.profile.pre_update, which may run hooks.
    if (!fits()) return noTime();
    const r = await call<{ updateUser: { user: { customAttributes?: Record<string, unknown> } } }>(
      UPDATE_USER,
      sent,
      { write: true },
    );
    // Authgear drops a custom attribute the project does not define, without an error.
    const kept = r.updateUser.user.customAttributes ?? {};
    const dropped = Object.keys(sent.customAttributes ?? {}).filter((k) => !(k in kept));
    return result(
      "written",
      dropped.length
        ? [
          `Authgear did not keep custom attributes ${
            dropped.join(", ")
          }: the project does not define them (Portal > User Profile > Custom Attributes); the status line records them not kept at the next run`,
        ]
        : [],
    );
  } catch (err) {
    const e = err instanceof AdminApiError ? err : undefined;
    return e?.unsure
      ? result("unsure", [
        `Admin API: ${e.message} after the write was sent: it may have landed; the next login or backfill reads the user and writes only what is still missing`,
      ], "unsure")
      : result("not written", [
        `${e ? `Admin API: ${e.message}` : `internal error (${describe(err)})`}; nothing written`,
      ], e?.reason ?? "error");
  }
}

/**
 * Enrich the user of a user.authenticated event and write what changed
 * through the Admin API. Answers `{"is_allowed": true}` whatever happens
 * (Authgear ignores a non-blocking hook's answer).
 */
export async function enrichLogin(e: HookEvent, opts: EnrichOptions = {}): Promise<EnrichResult> {
  const started = Date.now();
  const diagnostics: string[] = [];
  let r: UserResult | undefined;
  const log = opts.log ?? ((line: string) => console.error(line));
  const say = (line: string) => {
    diagnostics.push(`login: ${line}`);
    log(`enrich-hook: login: ${line}`);
  };
  try {
    const cfg: EnrichLoginConfig = opts.configOverride ?? fromFile().config;
    const go = loginGo(cfg, loginUser(e), waitedMs(e));
    if (typeof go === "string") {
      if (go) say(go);
    } else {
      const { a, user } = go;
      r = await enrichUser({
        // Called only once the core has accepted the block (src/login.rs).
        api: new AdminApi(a.endpoint, () => a.token),
        user: {
          nodeId: userNodeId(user.id),
          standardAttributes: user.standard_attributes,
          customAttributes: user.custom_attributes,
          updatedAt: user.updated_at,
        },
        context: e.context,
        config: cfg,
        since: started,
        explain: opts.explain,
        transport: opts,
      });
      r.lines.forEach(say);
    }
  } catch (err) {
    say(
      `${
        err instanceof AdminApiError ? `Admin API: ${err.message}` : `internal error (${describe(err)})`
      }; nothing written`,
    );
  }
  return { response: ALLOW, diagnostics: [...(r?.diagnostics ?? []), ...diagnostics], explain: r?.explain };
}
