// ---- The login path (the login file only). No login event can change a
// user, so a returning user whose attributes are missing is
// enriched at user.authenticated, a non-blocking event, and written
// through the Admin API: read the user, run the core as at signup, read
// `updatedAt` again, write the changed map(s) with one updateUser. Every
// failure ends the run with one line and nothing written. ----

/** Kept for the read-again and the write after the sources' deadline. */
const WRITE_RESERVE_MS = 800;

/** The user as now stored, with the identities' claims (e-mail, OAuth profile) the sources read. */
const LOGIN_USER =
  "query($id:ID!){node(id:$id){...on User{updatedAt standardAttributes customAttributes identities{edges{node{claims}}}}}}";
/** Only `updatedAt`: read again right before the write, to see whether the user changed. */
const USER_UPDATED_AT = "query($id:ID!){node(id:$id){...on User{updatedAt}}}";

/** What LOGIN_USER answers. */
interface AdminUser {
  updatedAt: string;
  standardAttributes?: object;
  customAttributes?: object;
  identities?: { edges?: { node?: object }[] };
}
/** The event's user, as far as the login path reads it. */
type LoginUser = { id?: unknown; standard_attributes?: unknown; custom_attributes?: unknown };

/**
 * Enrich the user of a user.authenticated event and write what changed
 * through the Admin API. Answers `{"is_allowed": true}` whatever happens
 * (Authgear ignores a non-blocking hook's answer).
 */
export async function enrichLogin(e: HookEvent, opts: EnrichOptions = {}): Promise<EnrichResult> {
  const started = Date.now();
  let diagnostics: string[] = [];
  let explain: EnrichResult["explain"];
  const end = (line?: string): EnrichResult => {
    if (line) {
      diagnostics.push(`login: ${line}`);
      console.error(`enrich-hook: login: ${line}`);
    }
    return { response: ALLOW, diagnostics, explain };
  };
  try {
    const { adminApi: a, ...cfg } = opts.configOverride ?? config;
    if (!a) return end();
    const user = (e.payload as { user?: LoginUser } | undefined)?.user;
    const bad = adminApiProblem(a);
    if (bad) return end(`bad config: adminApi.${bad}; nothing written`);
    if (typeof user?.id !== "string") return end("the event has no payload.user.id; nothing written");
    if (!mayFill(cfg, user)) return end();

    const budget = a.timeoutMs ?? 3000;
    const left = () => Math.max(1, budget - (Date.now() - started));
    const api = new AdminApi(a.endpoint, () => a.token);
    const id = userNodeId(user.id);
    const { node: u } = await api.graphql<{ node: AdminUser | null }>(LOGIN_USER, { id }, left());
    if (!u) return end("the Admin API has no such user; nothing written");

    const deadlineMs = Math.min(cfg.deadlineMs ?? 2000, left() - WRITE_RESERVE_MS);
    if (deadlineMs < 100) return end(`adminApi.timeoutMs (${budget} ms) left no time to enrich; nothing written`);
    const out = await enrich({
      type: "user.authenticated",
      payload: {
        user: { id: user.id, standard_attributes: u.standardAttributes, custom_attributes: u.customAttributes },
        identities: (u.identities?.edges ?? []).map((i) => i?.node),
      },
      context: e.context,
    }, { explain: opts.explain, configOverride: { ...cfg, deadlineMs: Math.floor(deadlineMs) } });
    diagnostics = out.diagnostics;
    explain = out.explain;
    const m = (out.response as UserHookResponse).mutations?.user;
    if (!m) return end();

    const now = await api.graphql<{ node: { updatedAt?: string } | null }>(USER_UPDATED_AT, { id }, left());
    if (now.node?.updatedAt !== u.updatedAt) {
      return end("the user changed while it was enriched; nothing written (the next login tries again)");
    }
    // A map left out of the variables stays as it is; one given replaces the stored one whole.
    await api.graphql(UPDATE_USER, {
      userID: id,
      standardAttributes: m.standard_attributes,
      customAttributes: m.custom_attributes,
    }, left());
    return end();
  } catch (err) {
    return end(
      `${
        err instanceof AdminApiError ? `Admin API: ${err.message}` : `internal error (${describe(err)})`
      }; nothing written`,
    );
  }
}

/** What is wrong with the `adminApi` block (never quoting the token), or undefined. */
function adminApiProblem(a: NonNullable<EnrichConfig["adminApi"]>): string | undefined {
  let url: URL | undefined;
  try {
    url = new URL(a.endpoint);
  } catch { /* reported below */ }
  const loopback = /^(127\.0\.0\.1|localhost|\[::1\])$/.test(url?.hostname ?? "");
  if (!url || !(url.protocol === "https:" || (url.protocol === "http:" && a.allowHttp && loopback))) {
    return "endpoint must be an absolute https:// URL (http:// only to a loopback address, with allowHttp)";
  }
  if (url.username || url.password || url.search || url.hash) {
    return "endpoint must be an origin, e.g. https://myapp.authgear.cloud";
  }
  if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(a.token)) return "token must be the JWT backfill/login-token.mjs prints";
  const t = a.timeoutMs;
  if (t !== undefined && !(typeof t === "number" && t >= 1000 && t <= 10000)) return "timeoutMs must be 1000 to 10000";
}

/**
 * Whether the config may write anything for `user`: a target with policy
 * overwrite, or a fill target whose value is missing or blank. Without
 * that, a login costs no request and no core. When unsure: true, and the
 * core decides.
 */
function mayFill(cfg: EnrichConfig, user: LoginUser): boolean {
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
