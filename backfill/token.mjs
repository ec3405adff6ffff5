// Admin API tokens (authgear-server pkg/lib/admin/authz/middleware.go): a
// JWT signed RS256 with the project's Admin API key, `kid` naming the key,
// `aud` the project ID (not the endpoint's origin), `iat`, and an `exp` the
// middleware checks only when present. `audit_context` marks our writes:
// Authgear copies it into the context of the events the write fires, and
// the core leaves their user.profile.pre_update alone (src/event.rs
// `own_write`): no cascade.
//
// The backfill mints a short-lived token as it goes; login-token.mjs mints
// the one the login file carries (the key itself stays on the admin's machine).

/** base64url without padding, of bytes or of a string's UTF-8. */
function b64url(data) {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : new Uint8Array(data);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * Import the PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----") the portal
 * downloads, for RS256. Rejects without quoting the key.
 * @param {string} pem
 * @returns {Promise<CryptoKey>}
 */
export async function importAdminKey(pem) {
  try {
    const body = /-----BEGIN PRIVATE KEY-----([^-]*)-----END PRIVATE KEY-----/.exec(pem)?.[1] ?? "";
    const der = Uint8Array.from(atob(body.replace(/\s+/g, "")), (c) => c.charCodeAt(0));
    return await crypto.subtle.importKey("pkcs8", der, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, [
      "sign",
    ]);
  } catch {
    // A PKCS#1 key ("BEGIN RSA PRIVATE KEY") lands here too.
    throw new Error("the key is not a PKCS#8 PEM RSA key (openssl pkcs8 -topk8 -nocrypt converts one)");
  }
}

/**
 * The key in the PEM file at `path`, or an Error whose message is the line
 * to print (it never quotes the key).
 * @param {string} path
 */
export async function readAdminKey(path) {
  const { readFile } = await import("node:fs/promises");
  let pem;
  try {
    pem = await readFile(path, "utf8");
  } catch {
    throw new Error(`--key-file ${path}: cannot be read`);
  }
  try {
    return await importAdminKey(pem);
  } catch (err) {
    throw new Error(`--key-file ${path}: ${err.message}`);
  }
}

/**
 * A signed token. `by` ("login", "backfill") marks our writes; `ttlSeconds`
 * undefined: no `exp` (the token lasts until its key is deleted).
 * @param {{ key: CryptoKey, keyId: string, projectId: string, by: string, ttlSeconds?: number, now?: number }} o
 */
export async function mintToken({ key, keyId, projectId, by, ttlSeconds, now = Date.now() }) {
  const iat = Math.floor(now / 1000);
  const claims = {
    aud: projectId,
    iat,
    ...(ttlSeconds ? { exp: iat + ttlSeconds } : {}),
    audit_context: { enrich_hook: by },
  };
  const signed = b64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid: keyId })) + "." +
    b64url(JSON.stringify(claims));
  const sig = await crypto.subtle.sign("RSASSA-PKCS1-v1_5", key, new TextEncoder().encode(signed));
  return `${signed}.${b64url(sig)}`;
}

/**
 * A token source for a long run: a token living a minute, minted again
 * when less than 20 s of it are left.
 */
export function shortLived(key, keyId, projectId, by) {
  let current;
  return async () => {
    if (!current || Date.now() > current[1]) {
      current = [await mintToken({ key, keyId, projectId, by, ttlSeconds: 60 }), Date.now() + 40_000];
    }
    return current[0];
  };
}
