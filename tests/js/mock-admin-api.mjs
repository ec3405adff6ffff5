// A mock of the Authgear Admin API GraphQL endpoint on 127.0.0.1, built from
// authgear-server's own code:
// - the bearer token judged by the write-path oracle's token mode
//   (tests/oracle/token.go: pkg/lib/admin/authz/middleware.go with the jwx
//   it uses: the key set, `aud` = the project ID, `exp`/`iat`/`nbf` when
//   present, 5 minutes' skew); a refused token answers 403 "Forbidden" as
//   text; its `audit_context` is kept, as Authgear keeps it for the events
//   the request fires;
// - every operation parsed, validated and executed by graphql-js against a
//   schema written here in the shape of portal/src/graphql/adminapi/
//   schema.graphql (the types and fields the hook and the backfill use, with
//   their real nullability and arguments): an operation the real API would
//   refuse is refused here;
// - node IDs are relay global IDs (base64url, no padding, of `User:<id>`;
//   pkg/graphqlgo/relay), and updateUser takes only a `User` one;
// - users paged by offset in creation order with cursors
//   `base64url("offset:N")`, `after` starting at N+1
//   (pkg/lib/infra/db/pagination.go);
// - updateUser (pkg/admin/facade/user_profile.go): a map given as an object
//   replaces the stored one whole, anything else given is ignored (the
//   resolver's type assertion), and `updatedAt` moves with each write; with
//   `customAttributes` (the project's attribute names) a custom key the
//   project does not define is dropped without an error, as
//   pkg/lib/feature/customattrs keeps only configured attributes;
// - every request the client gave up on before its answer is counted
//   (`aborted`): for Authgear, a cancelled context mid-transaction.
// Tests delete and add users mid-run, count every request and write, inject
// faults and see each write's token claims.
import { createServer } from "node:http";
import { spawnSync } from "node:child_process";
import { buildSchema, graphql, GraphQLError } from "graphql";
import { ORACLE } from "./paths.mjs";

const b64urlDecode = (s) => Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
const b64url = (text) => btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

/** The relay global ID Authgear gives user `id`. */
export const nodeId = (id) => b64url(`User:${id}`);

const SDL = `
scalar DateTime
scalar UserStandardAttributes
scalar UserCustomAttributes
scalar IdentityClaims
interface Node { id: ID! }
interface Entity { id: ID! createdAt: DateTime! updatedAt: DateTime! }
enum SortDirection { ASC DESC }
enum UserSortBy { CREATED_AT LAST_LOGIN_AT }
enum IdentityType { ANONYMOUS BIOMETRIC LDAP LOGIN_ID OAUTH PASSKEY SIWE }
enum SessionType { IDP OFFLINE_GRANT }
type PageInfo { endCursor: String hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String }
type Identity implements Entity & Node {
  claims(names: [String!]): IdentityClaims!
  createdAt: DateTime!
  id: ID!
  type: IdentityType!
  updatedAt: DateTime!
}
type IdentityEdge { cursor: String! node: Identity }
type IdentityConnection { edges: [IdentityEdge] pageInfo: PageInfo! totalCount: Int }
type Session implements Entity & Node {
  createdAt: DateTime!
  createdByIP: String!
  displayName: String!
  id: ID!
  lastAccessedAt: DateTime!
  lastAccessedByIP: String!
  lastAccessedByIPCountryCode: String!
  lastAccessedByIPEnglishCountryName: String!
  type: SessionType!
  updatedAt: DateTime!
}
type SessionEdge { cursor: String! node: Session }
type SessionConnection { edges: [SessionEdge] pageInfo: PageInfo! totalCount: Int }
type User implements Entity & Node {
  createdAt: DateTime!
  customAttributes: UserCustomAttributes!
  id: ID!
  identities(after: String, before: String, first: Int, identityType: IdentityType, last: Int): IdentityConnection
  sessions(after: String, before: String, first: Int, last: Int): SessionConnection
  standardAttributes: UserStandardAttributes!
  updatedAt: DateTime!
}
type UserEdge { cursor: String! node: User }
type UserConnection { edges: [UserEdge] pageInfo: PageInfo! totalCount: Int }
type Query {
  node(id: ID!): Node
  users(after: String, before: String, first: Int, groupKeys: [String!], last: Int, roleKeys: [String!],
    searchKeyword: String, sortBy: UserSortBy, sortDirection: SortDirection): UserConnection
}
input UpdateUserInput { customAttributes: UserCustomAttributes standardAttributes: UserStandardAttributes userID: ID! }
type UpdateUserPayload { user: User! }
type Mutation { updateUser(input: UpdateUserInput!): UpdateUserPayload! }
`;

const schema = buildSchema(SDL);
// graphqlutil.NewJSONObjectScalar: values pass through as they are.
for (const name of ["UserStandardAttributes", "UserCustomAttributes", "IdentityClaims", "DateTime"]) {
  const t = /** @type {import("graphql").GraphQLScalarType} */ (schema.getType(name));
  t.serialize = t.parseValue = (v) => v;
}
/** @type {any} */ (schema.getType("Node")).resolveType = (v) => v.__typename;

/** Authgear's error shape (pkg/util/graphqlutil/api_error.go): reason and name in `extensions`. */
const apiError = (message, reason = "ValidationFailed") =>
  new GraphQLError(message, { extensions: { errorName: "Invalid", reason } });

/**
 * A fresh RSA key as the portal makes one (2048 bits unless `bits`): the
 * PKCS#8 PEM it downloads, and the project's public key set with the key's ID.
 */
export async function adminKey(keyId = "login-key", bits = 2048) {
  const pair = await crypto.subtle.generateKey(
    { name: "RSASSA-PKCS1-v1_5", modulusLength: bits, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    true,
    ["sign", "verify"],
  );
  const der = new Uint8Array(await crypto.subtle.exportKey("pkcs8", pair.privateKey));
  let bin = "";
  for (const b of der) bin += String.fromCharCode(b);
  const b64 = btoa(bin).replace(/.{64}/g, "$&\n");
  const jwk = await crypto.subtle.exportKey("jwk", pair.publicKey);
  return {
    pem: `-----BEGIN PRIVATE KEY-----\n${b64}\n-----END PRIVATE KEY-----\n`,
    keyId,
    keys: { keys: [{ kty: jwk.kty, n: jwk.n, e: jwk.e, kid: keyId, alg: "RS256", use: "sig" }] },
  };
}

/** The oracle's verdict on a bearer token, once per token (tests/oracle/token.go). */
const verdicts = new Map();
function oracleAccepts(jwt, keys, audience) {
  const key = `${jwt} ${audience} ${JSON.stringify(keys)}`;
  if (!verdicts.has(key)) {
    const line = JSON.stringify({ token: { jwt, keys, audience } });
    const r = spawnSync(ORACLE, [], { input: line + "\n", encoding: "utf8" });
    if (r.status !== 0) throw new Error(`oracle failed: ${r.stderr}`);
    verdicts.set(key, JSON.parse(r.stdout).ok);
  }
  return verdicts.get(key);
}

/** Whether Authgear takes `custom` under the project's declarations (the oracle's custom-map mode). */
function oracleTakes(custom, project) {
  const line = JSON.stringify({ custom: JSON.stringify(custom), project: { custom: project } });
  const r = spawnSync(ORACLE, [], { input: line + "\n", encoding: "utf8" });
  if (r.status !== 0) throw new Error(`oracle failed: ${r.stderr}`);
  return JSON.parse(r.stdout).ok;
}

/**
 * users: [{ id (a node ID), standardAttributes, customAttributes, sessions: [...], identities?: [{ type, claims }], updatedAt? }]
 * customAttributes: the project's custom attribute names (undefined: any key is kept)
 * project: the project's custom attributes as declared in the portal ({ name: { type, enum?, minimum?,
 *   maximum? } }): undeclared keys are dropped, and a map the oracle's validation refuses fails the write
 *   with ValidationFailed, as customattrs UpdateAllCustomAttributes does
 * faults: a queue of { kind: "429" | "500" | "hang" | "slow" | "lost", retryAfter?, ms? } applied to the
 *   next requests: "slow" answers after `ms`, "lost" applies the request and drops the connection unanswered
 * latency: a busy Authgear, modelled: each request is answered `baseMs` plus
 *   `perInFlightMs` for every request in flight, writes `writeFactor` times that
 * @param {{ users: any[], keys: any, projectId: string, customAttributes?: string[], project?: object,
 *   latency?: { baseMs: number, perInFlightMs: number, writeFactor: number } }} o
 */
export async function startAdminApi({ users, keys, projectId, customAttributes, project, latency }) {
  const defined = customAttributes ?? (project && Object.keys(project));
  const state = new Map(users.map((u) => [u.id, structuredClone(u)]));
  const order = users.map((u) => u.id);
  let clock = Date.parse("2026-11-01T00:00:00Z");
  const stamp = () => new Date(clock += 1).toISOString();
  for (const u of state.values()) u.updatedAt ??= stamp();
  const writes = [];
  const faults = [];
  const invalid = []; // operations graphql-js refused: the real API would refuse them too
  const rejectWrites = new Set(); // user ids whose updateUser fails with a GraphQL error
  const tokens = []; // the claims of every authorised request's token
  let requests = 0;
  let inFlight = 0;
  const aborted = []; // { query } of each request the client gave up on before its answer
  const sockets = new Set();
  const onWrite = []; // callbacks (write count, user, claims) after each write: mid-run changes, the fired events
  const onRead = []; // callbacks (user id) after each node(id) read: a change between read and write

  // The claims of the token the Admin API would take, or null (403).
  // deno-lint-ignore require-await
  async function authorized(header) {
    const m = /^Bearer ([\w-]+)\.([\w-]+)\.([\w-]+)$/.exec(header ?? "");
    if (!m || !oracleAccepts(`${m[1]}.${m[2]}.${m[3]}`, keys, projectId)) return null;
    return JSON.parse(new TextDecoder().decode(b64urlDecode(m[2])));
  }

  const cursor = (n) => b64url(`offset:${n}`);
  const offsetOf = (c) => Number(/^offset:(\d+)$/.exec(atob(c.replace(/-/g, "+").replace(/_/g, "/")))?.[1] ?? NaN);
  const connection = (nodes) => ({
    edges: nodes.map((node, i) => ({ cursor: cursor(i), node })),
    pageInfo: { hasNextPage: false, hasPreviousPage: false },
    totalCount: nodes.length,
  });
  const userNode = (u) => ({
    __typename: "User",
    id: u.id,
    createdAt: u.createdAt ?? "2026-01-01T00:00:00Z",
    updatedAt: u.updatedAt,
    standardAttributes: u.standardAttributes,
    customAttributes: u.customAttributes,
    identities: () =>
      connection((u.identities ?? []).map((i, n) => ({ id: `identity-${n}`, createdAt: u.updatedAt, ...i }))),
    sessions: () => connection(u.sessions ?? []),
  });

  const root = (claims) => ({
    node: ({ id }) => {
      const u = state.get(id);
      const node = u ? userNode(u) : null;
      for (const f of onRead) f(id);
      return node;
    },
    users: ({ first, after }) => {
      const start = after ? offsetOf(after) + 1 : 0;
      if (!Number.isInteger(start)) throw new Error("invalid pagination cursor");
      const slice = order.slice(start, start + Math.min(first ?? 10, 100));
      const end = start + slice.length;
      return {
        totalCount: order.length,
        pageInfo: { hasNextPage: end < order.length, hasPreviousPage: start > 0 },
        edges: slice.map((id, i) => ({ cursor: cursor(start + i), node: userNode(state.get(id)) })),
      };
    },
    updateUser: ({ input }) => {
      // relay.FromGlobalID: `<type>:<id>`, and the type must be User.
      let decoded = "";
      try {
        decoded = new TextDecoder().decode(b64urlDecode(input.userID));
      } catch { /* not base64url */ }
      if (!/^User:./.test(decoded)) throw apiError("invalid user ID", "Invalid");
      const u = state.get(input.userID);
      if (!u) throw apiError("user not found", "UserNotFound");
      if (rejectWrites.has(u.id)) throw apiError("invalid attribute");
      const isMap = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
      const given = { standard: "standardAttributes" in input, custom: "customAttributes" in input };
      // The user as stored before the write, in the oracle's shape (contract.mjs assertAdminWrite).
      const before = {
        standard_attributes: structuredClone(u.standardAttributes),
        custom_attributes: structuredClone(u.customAttributes),
        identities: structuredClone(u.identities ?? []),
      };
      // Only the project's attributes reach storage; the map kept is validated whole before anything changes.
      const kept = isMap(input.customAttributes)
        ? Object.fromEntries(Object.entries(input.customAttributes).filter(([k]) => !defined || defined.includes(k)))
        : undefined;
      if (kept && project && !oracleTakes(kept, project)) throw apiError("invalid custom attribute");
      if (isMap(input.standardAttributes)) u.standardAttributes = structuredClone(input.standardAttributes);
      if (kept) u.customAttributes = structuredClone(kept);
      if (isMap(input.standardAttributes) || isMap(input.customAttributes)) u.updatedAt = stamp();
      writes.push({ id: u.id, ...given, input: structuredClone(input), before, claims });
      for (const f of onWrite) f(writes.length, u, claims);
      return { user: userNode(u) };
    },
  });

  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    let answered = false;
    res.on("close", () => {
      if (!answered) {
        let query = "";
        try {
          query = String(JSON.parse(body).query);
        } catch { /* not JSON */ }
        aborted.push({ query, write: /^\s*mutation/.test(query) });
      }
    });
    req.on("end", async () => {
      requests++;
      if (latency) {
        inFlight++;
        const write = /^\s*mutation/.test(body) || /"query":"\s*mutation/.test(body);
        const ms = (latency.baseMs + latency.perInFlightMs * inFlight) * (write ? latency.writeFactor : 1);
        await new Promise((r) => setTimeout(r, ms));
        inFlight--;
      }
      const fault = faults.shift();
      const send = (status, obj, headers = {}) => {
        answered = true;
        if (fault?.kind === "lost") return res.destroy();
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(JSON.stringify(obj));
      };
      if (fault?.kind === "hang") return;
      if (fault?.kind === "slow") await new Promise((r) => setTimeout(r, fault.ms ?? 1000));
      if (fault?.kind === "429") {
        return send(429, { error: "slow down" }, fault.retryAfter ? { "retry-after": String(fault.retryAfter) } : {});
      }
      if (fault?.kind === "500") return send(500, { error: "boom" });
      if (req.url !== "/_api/admin/graphql" || req.method !== "POST") return send(404, {});
      const claims = await authorized(req.headers.authorization);
      if (!claims) {
        res.writeHead(403, { "content-type": "text/plain; charset=utf-8" });
        return res.end("Forbidden\n");
      }
      tokens.push(claims);
      let query, variables;
      try {
        ({ query, variables } = JSON.parse(body));
      } catch {
        return send(400, { errors: [{ message: "the body is not JSON" }] });
      }
      const result = await graphql({
        schema,
        source: String(query),
        variableValues: variables,
        rootValue: root(claims),
      });
      // No `data` at all: the document or its variables failed validation (a resolver's error leaves data: null).
      if (result.errors && !("data" in result)) invalid.push({ query, errors: result.errors.map((e) => e.message) });
      send(200, result);
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", () => r(undefined)));
  const origin = `http://127.0.0.1:${/** @type {import("node:net").AddressInfo} */ (server.address()).port}`;
  return {
    origin,
    state,
    writes,
    faults,
    aborted,
    invalid,
    tokens,
    rejectWrites,
    onWrite,
    onRead,
    /** Change a user as someone else would (an end-user edit): its `updatedAt` moves. */
    touch(id) {
      state.get(id).updatedAt = stamp();
    },
    deleteUser(id) {
      state.delete(id);
      order.splice(order.indexOf(id), 1);
    },
    addUser(u) {
      state.set(u.id, { updatedAt: stamp(), ...structuredClone(u) });
      order.push(u.id); // the newest user comes last in creation order
    },
    get requests() {
      return requests;
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(r));
    },
  };
}
