// What the login file's config block adds to the signup file's (config.ts):
// the lines inside this object, comments and all, go before the block's
// closing brace (build/assemble.mjs).
import type { EnrichLoginConfig } from "./types/login-config.ts";

export const loginLines: EnrichLoginConfig = {
  // Returning users (this file only, attached to user.authenticated): where it
  // writes, with the token `node backfill/login-token.mjs` prints from your
  // Admin API key (README: "Returning users").
  // adminApi: {
  //   endpoint: "https://myapp.authgear.cloud",
  //   token: "PASTE_THE_TOKEN",
  // },
};
