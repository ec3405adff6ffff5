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
    const { adminApi, ...cfg } = opts.configOverride ?? config;
    const go = loginGo(adminApi, cfg, loginUser(e));
    if (typeof go === "string") return end(go);
    const { a, userId } = go;

    const budget = a.timeoutMs ?? 3000;
    const left = () => Math.max(1, budget - (Date.now() - started));
    const api = new AdminApi(a.endpoint, () => a.token);
    const id = userNodeId(userId);
    const { node: u } = await api.graphql<{ node: AdminUser | null }>(LOGIN_USER, { id }, left());
    if (!u) return end("the Admin API has no such user; nothing written");

    const deadlineMs = Math.min(cfg.deadlineMs ?? 2000, left() - WRITE_RESERVE_MS);
    if (deadlineMs < 100) return end(`adminApi.timeoutMs (${budget} ms) left no time to enrich; nothing written`);
    const out = await enrich({
      type: "user.authenticated",
      payload: {
        user: { id: userId, standard_attributes: u.standardAttributes, custom_attributes: u.customAttributes },
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
