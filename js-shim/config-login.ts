// Returning users (this file only, attached to user.authenticated): the
// Admin API key it writes with (README: "Returning users").
// adminApi: {
//   endpoint: "https://myapp.authgear.cloud",
//   keyId: "YOUR_KEY_ID",
//   privateKey: `-----BEGIN PRIVATE KEY-----
// ...
// -----END PRIVATE KEY-----`,
// },
