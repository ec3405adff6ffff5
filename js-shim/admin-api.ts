// ---- The Authgear Admin API client: one for the login path (login.ts) and
// the backfill (backfill/, through the Node twin, which adds its request
// rate and retries on top). A JWT made with WebCrypto, GraphQL over fetch,
// failures as AdminApiError. ----

/** base64url without padding, of bytes or of a string's UTF-8. */
function b64url(data: ArrayBuffer | string): string {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : new Uint8Array(data);
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * The node ID the Admin API takes for user `id`: the relay global ID of
 * `User:<id>`, base64url without padding (authgear-server pkg/graphqlgo/relay).
 */
export const userNodeId = (id: string) => b64url(`User:${id}`);

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

/**
 * Import the PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----") the portal
 * downloads, for RS256. Rejects without quoting the key.
 */
export async function importAdminKey(pem: string): Promise<CryptoKey> {
  try {
    const body = /-----BEGIN PRIVATE KEY-----([^-]*)-----END PRIVATE KEY-----/.exec(pem)![1];
    const der = Uint8Array.from(atob(body.replace(/\s+/g, "")), (c) => c.charCodeAt(0));
    return await crypto.subtle.importKey("pkcs8", der, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, [
      "sign",
    ]);
  } catch {
    // A PKCS#1 key ("BEGIN RSA PRIVATE KEY") lands here too.
    throw new AdminApiError("the key is not a PKCS#8 PEM RSA key (openssl pkcs8 -topk8 -nocrypt converts one)");
  }
}

/**
 * A JWT for the Admin API as authgear-server checks it
 * (pkg/lib/admin/authz/middleware.go): RS256, `kid` naming the key, `aud`
 * the project ID (not the endpoint's origin), `iat`/`exp`: it lives a
 * minute. `by` ("login", "backfill") marks our writes: the `audit_context`
 * claim, which Authgear copies into the context of the events the call
 * fires, and the core then leaves their user.profile.pre_update alone
 * (src/event.rs `own_write` reads `enrich_hook`): no cascade.
 */
export async function adminJwt(key: CryptoKey, kid: string, aud: string, by?: string, now = Date.now()) {
  const iat = Math.floor(now / 1000);
  const signed = b64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid })) + "." +
    b64url(JSON.stringify({ aud, iat, exp: iat + 60, audit_context: by && { enrich_hook: by } }));
  return `${signed}.${b64url(await crypto.subtle.sign("RSASSA-PKCS1-v1_5", key, new TextEncoder().encode(signed)))}`;
}

export class AdminApi {
  url: string;
  private jwt?: [string, number];
  /**
   * `endpoint`: the project's origin (https://myapp.authgear.cloud);
   * `projectId`: the token's audience; `by`: who writes (`adminJwt`).
   */
  constructor(
    endpoint: string,
    public projectId: string,
    public key: CryptoKey,
    public keyId: string,
    public by?: string,
  ) {
    this.url = new URL("/_api/admin/graphql", endpoint).href;
  }

  /** One GraphQL call under `timeoutMs`: its `data`, or an AdminApiError. */
  async graphql<T>(query: string, variables: object, timeoutMs: number): Promise<T> {
    // A token lives a minute; a new one when less than 20 s are left.
    if (!this.jwt || Date.now() > this.jwt[1]) {
      this.jwt = [await adminJwt(this.key, this.keyId, this.projectId, this.by), Date.now() + 40_000];
    }
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${this.jwt[0]}` },
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
        `HTTP ${res.status}`,
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
