// ---- The Authgear Admin API client: one for the login path (login.ts) and
// the backfill (backfill/, through the Node twin, which adds its request
// rate, retries and its own short-lived tokens on top). GraphQL over fetch
// with a bearer token, failures as AdminApiError. The login file carries a
// token minted once from the key (backfill/login-token.mjs), not the key:
// 1.2 KB less in a file at Authgear's size limit, and no signing at login. ----

/**
 * The node ID the Admin API takes for user `id`: the relay global ID of
 * `User:<id>`, base64url without padding (authgear-server pkg/graphqlgo/relay).
 */
export const userNodeId = (id: string) => btoa(`User:${id}`).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

/**
 * Why a call failed, in words built here (never a runtime's or the server's
 * text, which may quote a URL or a value). `retry`: 429, 5xx, network or
 * timeout, after `waitMs` if the server said (Retry-After).
 */
export class AdminApiError extends Error {
  constructor(message: string, public retry = false, public waitMs?: number) {
    super(message);
  }
}

export class AdminApi {
  url: string;
  /**
   * `endpoint`: the project's origin (https://myapp.authgear.cloud);
   * `token`: the bearer JWT for each call (authgear-server
   * pkg/lib/admin/authz/middleware.go checks its key, `aud` and times).
   */
  constructor(endpoint: string, public token: () => string | Promise<string>) {
    this.url = new URL("/_api/admin/graphql", endpoint).href;
  }

  /** One GraphQL call under `timeoutMs`: its `data`, or an AdminApiError. */
  async graphql<T>(query: string, variables: object, timeoutMs: number): Promise<T> {
    const hang = promptHangs(this.url);
    if (hang) {
      throw new AdminApiError(`Deno ${hang} would prompt for net access and hang (README: Self-hosted Authgear)`);
    }
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${await this.token()}` },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      const name = (err as Error)?.name;
      throw new AdminApiError(
        /Timeout|Abort/.test(name) ? `no answer in ${timeoutMs} ms` : `network error: ${describe(err)}`,
        true,
      );
    }
    const body = await res.json().catch(() => null);
    if (!res.ok) {
      const wait = Number(res.headers.get("retry-after")) * 1000;
      throw new AdminApiError(
        `HTTP ${res.status}${res.status == 403 ? " (a token of a deleted key, or of another project?)" : ""}`,
        res.status === 429 || res.status >= 500,
        wait > 0 ? wait : undefined,
      );
    }
    if (!body?.data || body.errors?.length) {
      // Authgear's reason (`ValidationFailed`), not its message, which may quote a value.
      const reason = body?.errors?.[0]?.extensions?.reason;
      throw new AdminApiError(`GraphQL error ${/^\w{1,64}$/.test(reason) ? reason : "without a reason"}`);
    }
    return body.data;
  }
}

/** A map left out stays as it is; a map given replaces the stored one whole. */
export const UPDATE_USER =
  "mutation($userID:ID!,$standardAttributes:UserStandardAttributes,$customAttributes:UserCustomAttributes){updateUser(input:{userID:$userID,standardAttributes:$standardAttributes,customAttributes:$customAttributes}){user{id}}}";
