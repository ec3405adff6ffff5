// A mock of the Authgear Admin API GraphQL endpoint on 127.0.0.1, built from
// authgear-server's own code: the JWT checked as pkg/lib/admin/authz/
// middleware.go does (RS256 signature by the key whose `kid` the header
// names, `aud` containing the project ID, `exp`/`iat`/`nbf` within 5 minutes'
// skew; anything else answers 403 "Forbidden" as text); users paged by
// offset in creation order with cursors `base64url("offset:N")`, `after`
// starting at N+1 (pkg/lib/infra/db/pagination.go); attribute maps replaced
// whole on updateUser. Tests delete and add users mid-run, count every
// write and inject faults.
import { createServer } from "node:http";

const b64urlDecode = (s) => Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));

/** A fresh RSA key pair: the PKCS#8 PEM for the CLI, the public key for the mock. */
export async function adminKey() {
  const pair = await crypto.subtle.generateKey(
    { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    true,
    ["sign", "verify"],
  );
  const der = new Uint8Array(await crypto.subtle.exportKey("pkcs8", pair.privateKey));
  const b64 = btoa(String.fromCharCode(...der)).replace(/.{64}/g, "$&\n");
  return { pem: `-----BEGIN PRIVATE KEY-----\n${b64}\n-----END PRIVATE KEY-----\n`, publicKey: pair.publicKey };
}

/**
 * users: [{ id, standardAttributes, customAttributes, sessions: [...] }]
 * faults: a queue of { kind: "429" | "500" | "hang", retryAfter? } applied to the next requests
 */
export async function startAdminApi({ users, publicKey, keyId, projectId }) {
  const state = new Map(users.map((u) => [u.id, structuredClone(u)]));
  const order = users.map((u) => u.id);
  const writes = [];
  const faults = [];
  const rejectWrites = new Set(); // user ids whose updateUser fails with a GraphQL error
  let requests = 0;
  const sockets = new Set();
  const onWrite = []; // callbacks (write count) run after each write: mid-run deletions and signups
  const SKEW = 300; // duration.ClockSkew

  async function authorized(header) {
    const m = /^Bearer ([\w-]+)\.([\w-]+)\.([\w-]+)$/.exec(header ?? "");
    if (!m) return false;
    const [, h, p, sig] = m;
    let head, claims;
    try {
      head = JSON.parse(new TextDecoder().decode(b64urlDecode(h)));
      claims = JSON.parse(new TextDecoder().decode(b64urlDecode(p)));
    } catch {
      return false;
    }
    // jwk.PublicSetOf + jwt.WithKeySet: the header must name a key of the set.
    if (head.alg !== "RS256" || head.kid !== keyId) return false;
    const ok = await crypto.subtle.verify(
      "RSASSA-PKCS1-v1_5",
      publicKey,
      b64urlDecode(sig),
      new TextEncoder().encode(`${h}.${p}`),
    );
    const now = Date.now() / 1000;
    const aud = typeof claims.aud === "string" ? [claims.aud] : Array.isArray(claims.aud) ? claims.aud : [];
    const num = (k) => claims[k] === undefined || typeof claims[k] === "number";
    return ok && aud.includes(projectId) && num("exp") && num("iat") && num("nbf") &&
      (claims.exp === undefined || claims.exp > now - SKEW) &&
      (claims.iat === undefined || claims.iat <= now + SKEW) &&
      (claims.nbf === undefined || claims.nbf <= now + SKEW);
  }

  const cursor = (n) => btoa(`offset:${n}`).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  const offsetOf = (c) => Number(/^offset:(\d+)$/.exec(atob(c.replace(/-/g, "+").replace(/_/g, "/")))?.[1] ?? NaN);

  function handle(query, v) {
    if (query.includes("query ListUsers")) {
      const start = v.after ? offsetOf(v.after) + 1 : 0;
      if (!Number.isInteger(start)) throw new Error("invalid pagination cursor");
      const slice = order.slice(start, start + Math.min(v.first, 100));
      const end = start + slice.length;
      return {
        users: {
          totalCount: order.length,
          pageInfo: { hasNextPage: end < order.length },
          edges: slice.map((id, i) => ({ cursor: cursor(start + i), node: { id } })),
        },
      };
    }
    if (query.includes("query GetUser")) {
      const u = state.get(v.id);
      return {
        node: u
          ? {
            id: u.id,
            standardAttributes: u.standardAttributes,
            customAttributes: u.customAttributes,
            sessions: { edges: u.sessions.map((node) => ({ node })) },
          }
          : null,
      };
    }
    if (query.includes("mutation UpdateUser")) {
      const u = state.get(v.userID);
      if (!u) throw new Error("no such user");
      if (rejectWrites.has(u.id)) throw new Error("invalid attribute");
      for (const k of ["standardAttributes", "customAttributes"]) {
        if (k in v && (v[k] === null || typeof v[k] !== "object")) throw new Error(`${k} must be an object when given`);
      }
      if (v.standardAttributes) u.standardAttributes = { ...v.standardAttributes };
      if (v.customAttributes) u.customAttributes = { ...v.customAttributes };
      writes.push({ id: u.id, standard: "standardAttributes" in v, custom: "customAttributes" in v });
      for (const f of onWrite) f(writes.length);
      return { updateUser: { user: { id: u.id } } };
    }
    throw new Error("unknown operation");
  }

  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", async () => {
      requests++;
      const fault = faults.shift();
      const send = (status, obj, headers = {}) => {
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(JSON.stringify(obj));
      };
      if (fault?.kind === "hang") return;
      if (fault?.kind === "429") {
        return send(429, { error: "slow down" }, fault.retryAfter ? { "retry-after": String(fault.retryAfter) } : {});
      }
      if (fault?.kind === "500") return send(500, { error: "boom" });
      if (req.url !== "/_api/admin/graphql" || req.method !== "POST") return send(404, {});
      if (!(await authorized(req.headers.authorization))) {
        res.writeHead(403, { "content-type": "text/plain; charset=utf-8" });
        return res.end("Forbidden\n");
      }
      try {
        const { query, variables } = JSON.parse(body);
        send(200, { data: handle(query, variables ?? {}) });
      } catch (err) {
        send(200, { errors: [{ message: err.message }] });
      }
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
    rejectWrites,
    onWrite,
    deleteUser(id) {
      state.delete(id);
      order.splice(order.indexOf(id), 1);
    },
    addUser(u) {
      state.set(u.id, structuredClone(u));
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
