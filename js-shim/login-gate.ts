// The login path's first checks (the login file): whether a login can write
// anything, from the event and the config alone. The pasted file compiles
// this apart from the rest of the code, so that a login with nothing to do
// answers before the rest is compiled (BENCHMARKS.md, issue 26). What it
// decides, the core would decide the same way: tests/js/gate.test.mjs runs
// both over the fuzz corpus.
import type { EnrichOptions } from "./enrich.ts";
import type { EnrichResult } from "./step.ts";
import type { HookEvent } from "./types/authgear.ts";
import type { EnrichLoginConfig } from "./types/login-config.ts";

/** The event's user, as far as the login path reads it. */
export type LoginUser = {
  id?: unknown;
  standard_attributes?: unknown;
  custom_attributes?: unknown;
  updated_at?: unknown;
};
type AdminApiConfig = NonNullable<EnrichLoginConfig["adminApi"]>;

/** The user of a user.authenticated event, if any. */
export function loginUser(e: HookEvent): LoginUser | undefined {
  return (e?.payload as { user?: LoginUser } | undefined)?.user;
}

/**
 * Past this wait for a run slot, a login leaves its user to the next one:
 * signups need the slots. The timestamp has whole seconds, so this is a real
 * wait of 1 to 2 s: every slot busy that long.
 */
const BUSY_AFTER_MS = 2000;

/**
 * How long the event waited before this run, from its `context.timestamp`
 * (whole seconds, set as the login committed): authgear-deno queues runs
 * for its 10 slots, which signups share. Past two minutes it is a clock
 * apart, not a queue: 0.
 */
export function waitedMs(e: HookEvent): number {
  const ts = (e?.context as { timestamp?: unknown } | undefined)?.timestamp;
  const ms = typeof ts === "number" ? Date.now() - ts * 1000 : 0;
  return ms < 120000 ? ms : 0;
}

/**
 * Whether a login goes on to enrich the user: the Admin API block and the
 * event's user if so; else why not, "" (nothing to do, nothing to say) or
 * the line to log. The block itself is checked by the core (src/login.rs).
 */
export function loginGo(
  cfg: EnrichLoginConfig,
  user: LoginUser | undefined,
  waited = 0,
): string | { a: AdminApiConfig; user: LoginUser & { id: string; updated_at: string } } {
  const a = cfg.adminApi;
  if (!a) return "";
  if (typeof user?.id !== "string") return "the event has no payload.user.id; nothing written";
  if (!mayFill(cfg, user)) return "";
  // Authgear's user always has it: the write is sent only if it has not moved since.
  if (typeof user.updated_at !== "string") return "the event's user has no updated_at; nothing written";
  if (waited > BUSY_AFTER_MS) {
    return `this login waited ${
      Math.round(waited / 1000)
    } s for a run slot (the hook service is busy: signups come first); left to the next login`;
  }
  return { a, user: user as LoginUser & { id: string; updated_at: string } };
}

/**
 * Whether the config may write anything for `user`: a target with policy
 * overwrite, or a fill target whose value is missing or blank. Without
 * that, a login costs no request and no core. When unsure: true, and the
 * core decides (src/merge/pick.rs `is_open` is the rule; the gate test holds them together).
 */
export function mayFill(cfg: EnrichLoginConfig, user: LoginUser): boolean {
  const open = (spec: unknown, value: unknown): boolean => {
    const s = (typeof spec === "object" ? spec : {}) as { from?: unknown; policy?: unknown };
    if (typeof spec === "object" && (s.from === undefined || s.policy === "never")) return false; // only declared, or never written
    // Blank as the core counts it (Rust's whitespace includes U+0085).
    return (s.policy ?? "fill") !== "fill" || value == null ||
      (typeof value === "string" && /^[\s\u0085]*$/.test(value));
  };
  try {
    const std = user.standard_attributes as Record<string, Record<string, unknown>>;
    const custom = user.custom_attributes as Record<string, unknown>;
    return Object.entries(cfg.standard ?? {}).some(([k, spec]) =>
      k !== "address" ? open(spec, std[k]) : Object.entries(spec).some(([p, s]) => open(s, std.address?.[p]))
    ) || Object.entries(cfg.custom ?? {}).some(([k, spec]) => open(spec, custom[k]));
  } catch {
    return true;
  }
}

/** The gate's own functions, handed to the code it loads (the pasted file compiles them once). */
export const gateFunctions = { loginGo, loginUser, waitedMs };
export type GateFunctions = typeof gateFunctions;

/** The code the gate stands in front of: the file's two entry points. */
export interface LoginCode {
  enrich(e: unknown, opts?: EnrichOptions): Promise<EnrichResult>;
  enrichLogin(e: HookEvent, opts?: EnrichOptions): Promise<EnrichResult>;
}

/**
 * The login file's entry points, compiling the rest of its code (`load`)
 * only when an event needs more than the gate: a login with nothing to do
 * answers at once, as the login path would.
 */
export function gated(config: EnrichLoginConfig, load: (gate: GateFunctions) => LoginCode): LoginCode {
  let code: LoginCode | undefined;
  const get = () => (code ??= load(gateFunctions));
  return {
    enrich: (e, opts) => get().enrich(e, opts),
    enrichLogin: (e, opts = {}) => {
      try {
        // Nothing to do, or only a line to say: answered here, the rest never compiled.
        const go = opts.configOverride ? undefined : loginGo(config, loginUser(e), waitedMs(e));
        if (typeof go === "string") {
          if (go) console.error(`enrich-hook: login: ${go}`);
          return Promise.resolve({ response: { is_allowed: true }, diagnostics: go ? [`login: ${go}`] : [] });
        }
      } catch { /* the login path reports it */ }
      return get().enrichLogin(e, opts);
    },
  };
}
