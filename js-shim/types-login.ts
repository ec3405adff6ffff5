// ---- The login file's config types: the signup file's plus `adminApi`. ----

/** The login file's config adds where and how to reach the Admin API. */
interface EnrichConfig {
  /** For user.authenticated (README: "Returning users"). Without it, logins are left alone. */
  adminApi?: {
    /** The project's origin, e.g. https://myapp.authgear.cloud (https only). */
    endpoint: string;
    /** The Admin API token `node backfill/login-token.mjs` mints from the key (a JWT). */
    token: string;
    /** The whole login run, Admin API calls included, in ms (default 3000, 1000 to 10000). */
    timeoutMs?: number;
    /** http:// to 127.0.0.1 or localhost: local tests only. */
    allowHttp?: boolean;
  };
}
