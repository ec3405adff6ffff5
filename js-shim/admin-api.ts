// The Authgear Admin API client: one for the login path (login.ts) and the
// backfill (backfill/, through the Node twin, which adds its request rate,
// retries and its own short-lived tokens on top). GraphQL over fetch with a
// bearer token, failures as AdminApiError. The login file carries a token
// minted once from the key (backfill/login-token.mjs), not the key: 1.2 KB
// less in a file at Authgear's size limit, and no signing at login.
import { describe, promptHangs } from "./http.ts";

/**
 * The node ID the Admin API takes for user `id`: the relay global ID of
 * `User:<id>`, base64url without padding (authgear-server pkg/graphqlgo/relay).
 */
export const userNodeId = (id: string) => btoa(`User:${id}`).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

/**
 * Why a call failed, in words built here (never a runtime's or the server's
 * text, which may quote a URL or a value), and in a word (`reason`: `http
 * 403`, `timeout`, `network`, `graphql`). `retry`: worth sending again
 * (429; for a read also 5xx, network or timeout), after `waitMs` if the
 * server said (Retry-After). `unsure`: a write that was sent and got no
 * clear answer (5xx, a connection lost): it may have landed.
 */
export class AdminApiError extends Error {
  constructor(
    message: string,
    public reason: string,
    public retry = false,
    public waitMs?: number,
    public unsure = false,
  ) {
    super(message);
  }
}

/**
 * How a call is made: a read under a timeout, or a write, which is never
 * cut short once sent. `closing`: the connection closes after this call, so
 * the write that follows goes on a new one: Deno's HTTP client sends a
 * request again if a reused connection closes before its answer, and a
 * write would land twice.
 */
export interface CallOptions {
  timeoutMs?: number;
  write?: boolean;
  closing?: boolean;
}

export class AdminApi {
  /**
   * `endpoint`: the project's origin (https://myapp.authgear.cloud, as the
   * core checked it); `token`: the bearer JWT for each call (authgear-server
   * pkg/lib/admin/authz/middleware.go checks its key, `aud` and times).
   */
  constructor(public endpoint: string, public token: () => string | Promise<string>) {}

  /** Where GraphQL calls go. */
  get url(): string {
    return new URL("/_api/admin/graphql", this.endpoint).href;
  }

  /**
   * One GraphQL call: its `data`, or an AdminApiError; given up after
   * `timeoutMs` if given. The login path gives a write none (Authgear would
   * roll it back half-way and log the cancelled context): it decides before
   * sending it whether the time left fits it.
   */
  async graphql<T>(query: string, variables: object, o: CallOptions = {}): Promise<T> {
    const hang = promptHangs(this.url);
    if (hang) {
      throw new AdminApiError(
        `Deno ${hang} would prompt for net access and hang (README: Self-hosted Authgear)`,
        "prompt",
      );
    }
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${await this.token()}`,
          ...(o.closing ? { connection: "close" } : {}),
        },
        body: JSON.stringify({ query, variables }),
        signal: o.timeoutMs === undefined ? undefined : AbortSignal.timeout(o.timeoutMs),
      });
    } catch (err) {
      const timeout = /Timeout|Abort/.test((err as Error)?.name);
      const cause = describe(err);
      // A refused connection never carried the request: a write is safe to send again.
      const unsent = / \(connection refused\)$/.test(cause);
      throw new AdminApiError(
        timeout ? `no answer in ${o.timeoutMs} ms` : `network error: ${cause}`,
        timeout ? "timeout" : "network",
        !o.write || unsent,
        undefined,
        !!o.write && !unsent,
      );
    }
    const body = await res.json().catch(() => null);
    if (res.ok && !body && o.write) throw new AdminApiError("an answer cut short", "unsure", false, undefined, true);
    if (!res.ok) {
      const wait = Number(res.headers.get("retry-after")) * 1000;
      const server = res.status >= 500;
      throw new AdminApiError(
        `HTTP ${res.status}${res.status == 403 ? " (a token of a deleted key, or of another project?)" : ""}`,
        `http ${res.status}`,
        res.status === 429 || (server && !o.write),
        wait > 0 ? wait : undefined,
        server && !!o.write,
      );
    }
    if (!body?.data || body.errors?.length) {
      // Authgear's reason (`ValidationFailed`), not its message, which may quote a value.
      const reason = body?.errors?.[0]?.extensions?.reason;
      throw new AdminApiError(`GraphQL error ${/^\w{1,64}$/.test(reason) ? reason : "without a reason"}`, "graphql");
    }
    return body.data;
  }
}

/**
 * A map left out stays as it is; a map given replaces the stored one whole.
 * The answer is the user as Authgear kept it: a custom attribute the
 * project does not define is dropped without an error (core: settle.rs).
 */
export const UPDATE_USER =
  "mutation($userID:ID!,$standardAttributes:UserStandardAttributes,$customAttributes:UserCustomAttributes){updateUser(input:{userID:$userID,standardAttributes:$standardAttributes,customAttributes:$customAttributes}){user{updatedAt customAttributes}}}";
