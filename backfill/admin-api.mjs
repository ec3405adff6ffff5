// The Authgear Admin API client the backfill needs: a short-lived RS256 JWT
// made with WebCrypto from the project's Admin API key, GraphQL over fetch,
// a request-rate limit, and retries with backoff on 429 / 5xx / network
// errors / timeouts (honouring Retry-After).

const b64url = (bytes) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const b64urlText = (text) => b64url(new TextEncoder().encode(text));

/**
 * The project ID from the endpoint where that is certain: Authgear's cloud
 * serves project `<id>` at `https://<id>.authgear.cloud`. A custom domain
 * says nothing about it: `undefined`, and the caller must ask for it.
 */
export function projectIdFrom(endpoint) {
  return /^([a-z0-9-]+)\.authgear\.cloud$/.exec(new URL(endpoint).hostname)?.[1];
}

/** Import a PKCS#8 PEM private key ("-----BEGIN PRIVATE KEY-----") for RS256. */
// Async so that a bad key reaches the caller as a rejection, like the import.
// deno-lint-ignore require-await
export async function importKey(pem) {
  if (/BEGIN RSA PRIVATE KEY/.test(pem)) {
    throw new Error("the key is PKCS#1; convert it: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.p8.pem");
  }
  const body = pem.replace(/-----(BEGIN|END) PRIVATE KEY-----/g, "").replace(/\s+/g, "");
  const der = Uint8Array.from(atob(body), (c) => c.charCodeAt(0));
  return crypto.subtle.importKey("pkcs8", der, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["sign"]);
}

/**
 * A JWT for the Admin API as authgear-server checks it
 * (pkg/lib/admin/authz/middleware.go): RS256, `kid` naming the key, `aud`
 * the project ID (not the endpoint's origin), `iat`/`exp`; valid `ttl` s.
 */
export async function adminJwt(key, keyId, projectId, now = Date.now(), ttl = 300) {
  const iat = Math.floor(now / 1000);
  const header = b64urlText(JSON.stringify({ alg: "RS256", typ: "JWT", kid: keyId }));
  const payload = b64urlText(JSON.stringify({ aud: projectId, iat, exp: iat + ttl }));
  const sig = await crypto.subtle.sign("RSASSA-PKCS1-v1_5", key, new TextEncoder().encode(`${header}.${payload}`));
  return `${header}.${payload}.${b64url(sig)}`;
}

export class AdminApiError extends Error {
  constructor(message, reason) {
    super(message);
    this.reason = reason; // for the summary: "http 403", "graphql", "timeout", …
    /** @type {number | undefined} ms to wait before the next attempt (Retry-After) */
    this.waitMs = undefined;
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class AdminApi {
  /**
   * @param {object} o endpoint (the project's URL), projectId, key (CryptoKey), keyId,
   *   rate (requests/s), timeoutMs, retries, backoffMs
   */
  constructor(o) {
    this.url = new URL("/_api/admin/graphql", o.endpoint).href;
    this.endpoint = o.endpoint;
    this.projectId = o.projectId;
    this.key = o.key;
    this.keyId = o.keyId;
    this.gapMs = 1000 / (o.rate ?? 5);
    this.timeoutMs = o.timeoutMs ?? 10000;
    this.retries = o.retries ?? 4;
    this.backoffMs = o.backoffMs ?? 500;
    this.nextSlot = 0;
    this.jwt = null;
    this.jwtExp = 0;
  }

  async token() {
    if (!this.jwt || Date.now() > this.jwtExp - 60_000) {
      this.jwt = await adminJwt(this.key, this.keyId, this.projectId);
      this.jwtExp = Date.now() + 300_000;
    }
    return this.jwt;
  }

  /** Wait for the next request slot: at most `rate` requests per second. */
  async slot() {
    const now = Date.now();
    const at = Math.max(now, this.nextSlot);
    this.nextSlot = at + this.gapMs;
    if (at > now) await sleep(at - now);
  }

  /** One GraphQL call, retried on 429 / 5xx / network errors / timeouts. */
  async graphql(query, variables) {
    let last;
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      if (attempt > 0) await sleep(last.waitMs ?? this.backoffMs * 2 ** (attempt - 1));
      await this.slot();
      let res;
      try {
        res = await fetch(this.url, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${await this.token()}` },
          body: JSON.stringify({ query, variables }),
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (err) {
        const timeout = err?.name === "TimeoutError" || err?.name === "AbortError";
        last = new AdminApiError(
          timeout ? `no answer in ${this.timeoutMs} ms` : `network error: ${err?.message}`,
          timeout ? "timeout" : "network",
        );
        continue;
      }
      if (res.status === 429 || res.status >= 500) {
        const ra = Number(res.headers.get("retry-after"));
        last = new AdminApiError(`HTTP ${res.status}`, `http ${res.status}`);
        if (Number.isFinite(ra) && ra > 0) last.waitMs = ra * 1000;
        await res.body?.cancel();
        continue;
      }
      const body = await res.json().catch(() => null);
      if (!res.ok) throw new AdminApiError(`HTTP ${res.status}`, `http ${res.status}`);
      if (!body || body.errors?.length) {
        throw new AdminApiError(`GraphQL error: ${body?.errors?.[0]?.message ?? "no JSON body"}`, "graphql");
      }
      return body.data;
    }
    throw last;
  }
}

export const LIST_USERS = `query ListUsers($first: Int!, $after: String) {
  users(first: $first, after: $after, sortBy: CREATED_AT, sortDirection: ASC) {
    totalCount
    pageInfo { hasNextPage }
    edges { cursor node { id } }
  }
}`;

export const GET_USER = `query GetUser($id: ID!) {
  node(id: $id) {
    ... on User {
      id
      standardAttributes
      customAttributes
      sessions { edges { node { lastAccessedAt lastAccessedByIP lastAccessedByIPCountryCode } } }
    }
  }
}`;

export const UPDATE_USER =
  `mutation UpdateUser($userID: ID!, $standardAttributes: UserStandardAttributes, $customAttributes: UserCustomAttributes) {
  updateUser(input: { userID: $userID, standardAttributes: $standardAttributes, customAttributes: $customAttributes }) {
    user { id }
  }
}`;
