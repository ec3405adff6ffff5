// The login file's config: the signup file's plus `adminApi` (checked by the
// core, src/login.rs, like every other key).
import type { EnrichConfig } from "./config.ts";

/** The login file's config adds where and how to reach the Admin API. */
export interface EnrichLoginConfig extends EnrichConfig {
  /** For user.authenticated (README: "Returning users"). Without it, logins are left alone. */
  adminApi?: {
    /** The project's origin, e.g. https://myapp.authgear.cloud (https only). */
    endpoint: string;
    /** The Admin API token `node backfill/login-token.mjs` mints from the key (a JWT). */
    token: string;
    /** The whole login run, Admin API calls included: 1000 to 10000 ms (default 3000); outside that range, the nearest bound, with a log line. A write is started only if it fits, and never cut short. */
    timeoutMs?: number;
    /** http:// to 127.0.0.1, localhost or [::1]: local tests only (backfill/login-token.mjs prints it then). */
    allowHttp?: boolean;
  };
}
