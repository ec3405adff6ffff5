// The backfill's side of the Admin API: the client itself (GraphQL, errors)
// is the hook's own, js-shim/admin-api.ts, imported from the Node twin; here
// are what only a long run needs — its short-lived tokens (token.mjs), a
// request rate, retries with backoff on 429 / 5xx / network errors /
// timeouts (honouring Retry-After) — and the backfill's queries.
import { AdminApi, AdminApiError, UPDATE_USER } from "../pkg/enrich-hook.mjs";
import { shortLived } from "./token.mjs";
export { UPDATE_USER };

/**
 * The project ID from the endpoint where that is certain: Authgear's cloud
 * serves project `<id>` at `https://<id>.authgear.cloud`. A custom domain
 * says nothing about it: `undefined`, and the caller must ask for it.
 */
export function projectIdFrom(endpoint) {
  return /^([a-z0-9-]+)\.authgear\.cloud$/.exec(new URL(endpoint).hostname)?.[1];
}

/**
 * `--endpoint` and `--project-id` as both commands take them: the endpoint
 * a URL, the project ID given or read from `https://<id>.authgear.cloud`.
 * Throws with the line to print.
 * @param {string | undefined} endpoint
 * @param {string | undefined} projectId
 */
export function endpointAndProject(endpoint, projectId) {
  let url;
  try {
    url = new URL(endpoint ?? "");
  } catch {
    throw new Error(`--endpoint: "${endpoint}" is not a URL`);
  }
  const id = projectId ?? projectIdFrom(url.href);
  if (!id) {
    throw new Error(
      `--project-id is required for ${url.host}: the Admin API token's audience is the project ID (Portal > Project settings), which a custom domain does not tell`,
    );
  }
  return { url, projectId: id };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class RetryingAdminApi {
  /**
   * @param {object} o endpoint (the project's URL), projectId, key (CryptoKey), keyId,
   *   rate (requests/s), timeoutMs, retries, backoffMs, by (the tokens' audit mark: "backfill", "check")
   */
  constructor(o) {
    this.api = new AdminApi(o.endpoint, shortLived(o.key, o.keyId, o.projectId, o.by ?? "backfill"));
    this.endpoint = o.endpoint;
    this.projectId = o.projectId;
    this.gapMs = 1000 / (o.rate ?? 5);
    this.timeoutMs = o.timeoutMs ?? 10000;
    this.retries = o.retries ?? 4;
    this.backoffMs = o.backoffMs ?? 500;
    this.nextSlot = 0;
  }

  /** Wait for the next request slot: at most `rate` requests per second. */
  async slot() {
    const now = Date.now();
    const at = Math.max(now, this.nextSlot);
    this.nextSlot = at + this.gapMs;
    if (at > now) await sleep(at - now);
  }

  /**
   * One GraphQL call, retried on what AdminApiError marks `retry`: a read
   * under `--timeout`; a write (`o.write`) under five times that (then its
   * answer counts as lost: the caller reads the user to see whether it
   * landed), sent again only when it surely did not land (429, a refused
   * connection).
   * @param {string} query
   * @param {object} variables
   * @param {{ write?: boolean, closing?: boolean }} [o]
   * @returns {Promise<any>}
   */
  async graphql(query, variables, o = {}) {
    for (let attempt = 0;; attempt++) {
      await this.slot();
      try {
        const timeoutMs = o.write ? 5 * this.timeoutMs : this.timeoutMs;
        return await this.api.graphql(query, variables, { ...o, timeoutMs });
      } catch (err) {
        if (!(err instanceof AdminApiError) || !err.retry || attempt >= this.retries) throw err;
        await sleep(err.waitMs ?? this.backoffMs * 2 ** attempt);
      }
    }
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
      updatedAt
      standardAttributes
      customAttributes
      identities { edges { node { claims } } }
      sessions { edges { node { lastAccessedAt lastAccessedByIP lastAccessedByIPCountryCode } } }
    }
  }
}`;

/** The maps as stored: to see whether a write whose answer was lost landed. */
export const STORED_MAPS = `query StoredMaps($id: ID!) {
  node(id: $id) { ... on User { standardAttributes customAttributes } }
}`;
