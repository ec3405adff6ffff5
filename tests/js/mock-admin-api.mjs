// A mock of the Authgear Admin API GraphQL endpoint on 127.0.0.1: checks
// the RS256 JWT (signature, kid, audience, expiry), pages through users in
// creation order, keeps their state, replaces attribute maps whole on
// updateUser (as Authgear does), logs every write, and injects faults.
import { createServer } from "node:http";

const b64urlDecode = (s) => Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));

/** A fresh RSA key pair: the PKCS#8 PEM for the CLI, the public key for the mock. */
export async function adminKey() {
  const pair = await crypto.subtle.generateKey(
    { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }, true, ["sign", "verify"]);
  const der = new Uint8Array(await crypto.subtle.exportKey("pkcs8", pair.privateKey));
  const b64 = btoa(String.fromCharCode(...der)).replace(/.{64}/g, "$&\n");
  return { pem: `-----BEGIN PRIVATE KEY-----\n${b64}\n-----END PRIVATE KEY-----\n`, publicKey: pair.publicKey };
}

/**
 * users: [{ id, standardAttributes, customAttributes, sessions: [...] }]
 * faults: a queue of { kind: "429" | "500" | "hang", retryAfter? } applied to the next requests
 */
export async function startAdminApi({ users, publicKey, keyId }) {
  const state = new Map(users.map((u) => [u.id, structuredClone(u)]));
  const order = users.map((u) => u.id);
  const writes = [];
  const faults = [];
  const rejectWrites = new Set(); // user ids whose updateUser fails with a GraphQL error
  let requests = 0;
  const sockets = new Set();
  let origin;

  async function authorized(header) {
    const m = /^Bearer (.+)\.(.+)\.(.+)$/.exec(header ?? "");
    if (!m) return false;
    const [, h, p, sig] = m;
    const ok = await crypto.subtle.verify("RSASSA-PKCS1-v1_5", publicKey, b64urlDecode(sig), new TextEncoder().encode(`${h}.${p}`));
    const head = JSON.parse(new TextDecoder().decode(b64urlDecode(h)));
    const claims = JSON.parse(new TextDecoder().decode(b64urlDecode(p)));
    const now = Date.now() / 1000;
    return ok && head.alg === "RS256" && head.kid === keyId && claims.aud?.includes(origin) && claims.exp > now && claims.iat <= now + 5;
  }

  function handle(query, v) {
    if (query.includes("query ListUsers")) {
      const start = v.after ? Number(atob(v.after)) : 0;
      const slice = order.slice(start, start + Math.min(v.first, 20));
      const end = start + slice.length;
      return { users: { totalCount: order.length, pageInfo: { hasNextPage: end < order.length, endCursor: btoa(String(end)) }, edges: slice.map((id) => ({ node: { id } })) } };
    }
    if (query.includes("query GetUser")) {
      const u = state.get(v.id);
      return { node: u ? { id: u.id, standardAttributes: u.standardAttributes, customAttributes: u.customAttributes, sessions: { edges: u.sessions.map((node) => ({ node })) } } : null };
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
      if (fault?.kind === "429") return send(429, { error: "slow down" }, fault.retryAfter ? { "retry-after": String(fault.retryAfter) } : {});
      if (fault?.kind === "500") return send(500, { error: "boom" });
      if (req.url !== "/_api/admin/graphql" || req.method !== "POST") return send(404, {});
      if (!(await authorized(req.headers.authorization))) return send(401, { errors: [{ message: "invalid token" }] });
      try {
        const { query, variables } = JSON.parse(body);
        send(200, { data: handle(query, variables ?? {}) });
      } catch (err) {
        send(200, { errors: [{ message: err.message }] });
      }
    });
  });
  server.on("connection", (s) => { sockets.add(s); s.on("close", () => sockets.delete(s)); });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    state,
    writes,
    faults,
    rejectWrites,
    get requests() { return requests; },
    close() { for (const s of sockets) s.destroy(); return new Promise((r) => server.close(r)); },
  };
}
