// The signup file's config block, as the pasted file carries it (build/assemble.mjs
// prints it whole, comments and all); the login file's adds config-login.ts.
import type { EnrichConfig } from "./types/config.ts";

export const config: EnrichConfig = {
  // Standard attributes: attribute -> enriched field (or { from, policy }).
  standard: {
    zoneinfo: "timezone",
    locale: "locale",
    // address: { country: "country", locality: "city" },
  },
  // Your project's custom attributes, keyed by the "Attribute Name" in
  // Portal > User Profile > Custom Attributes, with the same type (enum
  // values; minimum/maximum). Declare the others too, without `from`: while a
  // user has one undeclared, nothing is written for them.
  custom: {
    // country: { type: "country_code", from: "country" },
    // company: { type: "string", from: "company_domain" },
    // company_url: { type: "url", from: "company_website", policy: "overwrite" },
  },
  // Values from the request (IP, Accept-Language) describe whoever sent it:
  // for users an admin creates, that is the admin. Written only for these.
  requestFieldsFor: ["user"],
  // Sources in priority order; remove one to turn it off. Live providers go
  // in the same list, e.g. { preset: "ipinfo.io", key: "YOUR_TOKEN" }.
  sources: ["profile", "geo", "languages", "email"],
  // All sources together answer within this many ms (at most 3000).
  deadlineMs: 2000,
  // A custom string attribute to receive a one-line status (what was set from
  // where, what failed), visible in the portal:
  // statusAttribute: "enrich_status",
  // Paste the same file for user.profile.pre_update to fill what is still empty:
  // onProfileUpdate: true,
  // Paste it for oidc.jwt.pre_create to tell apps what to ask next:
  // progressive: { ask: ["given_name", "family_name", "custom:company"], count: 2 },
};
