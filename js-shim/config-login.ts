// Returning users (this file only, attached to user.authenticated): where it
// writes, with the token `node backfill/login-token.mjs` prints from your
// Admin API key (README: "Returning users").
// adminApi: {
//   endpoint: "https://myapp.authgear.cloud",
//   token: "PASTE_THE_TOKEN",
// },
