// An independent check of a hook response against Authgear's contract
// (../shared/docs/authgear-hook-contract.md): the response shape, the
// attribute formats, and "return the whole map": nothing the user had may be
// lost or changed unless the config allows it. Uses the JS platform's own
// ICU data (Intl) rather than the hook's tables, so the two can disagree.
import assert from "node:assert/strict";

const STANDARD_WRITABLE = new Set([
  "email", "phone_number", "preferred_username", "family_name", "given_name", "middle_name", "name",
  "nickname", "picture", "profile", "website", "gender", "birthdate", "zoneinfo", "locale", "address",
]);
const MANAGED = new Set(["sub", "updated_at", "email_verified", "phone_number_verified"]);
const ADDRESS = new Set(["formatted", "street_address", "locality", "region", "postal_code", "country"]);
const regionNames = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });

const isZone = (z) => {
  if (typeof z !== "string" || !z.includes("/")) return false;
  try { new Intl.DateTimeFormat("en", { timeZone: z }); return true; } catch { return false; }
};
const isCanonicalLocale = (l) => {
  try { return typeof l === "string" && Intl.getCanonicalLocales(l)[0] === l; } catch { return false; }
};
const isUrl = (u, httpOnly) => {
  if (typeof u !== "string") return false;
  let url;
  try { url = new URL(u); } catch { return false; }
  if (!url.host) return false;
  if (httpOnly && !["http:", "https:"].includes(url.protocol)) return false;
  // Clean path: what the user wrote is already what URL normalisation gives.
  const path = u.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, "").split(/[?#]/)[0];
  return !/(^|\/)\.\.?(\/|$)/.test(path) && !path.includes("//");
};
const isCountry = (c) => typeof c === "string" && /^[A-Z]{2}$/.test(c) && (c === "XK" || regionNames.of(c) !== undefined);

const FORMAT = {
  string: (v) => typeof v === "string" && v.length >= 1,
  number: (v, a) => typeof v === "number" && Number.isFinite(v) && inBounds(v, a),
  integer: (v, a) => Number.isInteger(v) && inBounds(v, a),
  enum: (v, a) => typeof v === "string" && a.enum.includes(v),
  phone_number: (v) => typeof v === "string" && /^\+[1-9]\d{6,14}$/.test(v),
  email: (v) => typeof v === "string" && /^[^\s@<>"]+@[^\s@<>]+$/.test(v),
  url: (v) => isUrl(v, false),
  country_code: isCountry,
};
const inBounds = (v, a) => (a.minimum === undefined || v >= a.minimum) && (a.maximum === undefined || v <= a.maximum);
const STANDARD_FORMAT = {
  picture: (v) => isUrl(v, true),
  profile: (v) => isUrl(v, false),
  website: (v) => isUrl(v, false),
  zoneinfo: isZone,
  locale: isCanonicalLocale,
  birthdate: (v) => /^(\d{4}|\d{4}-\d{2}-\d{2}|--\d{2}-\d{2})$/.test(v),
};

/**
 * Assert `response` is a valid answer to `event` under `config` (the hook's
 * config block: which attributes exist, their types and policies).
 */
export function assertValidResponse(response, event, config = {}) {
  assert.equal(typeof response, "object", "response must be an object");
  assert.notEqual(response, null);
  for (const k of Object.keys(response)) assert.ok(["is_allowed", "mutations"].includes(k), `unexpected top-level key ${k}`);
  assert.equal(response.is_allowed, true, "the hook never blocks a signup");
  if (response.mutations === undefined) return;
  const type = event?.type;
  const tokenKey = { "oidc.jwt.pre_create": "jwt", "oidc.id_token.pre_create": "id_token" }[type];
  if (tokenKey) return checkToken(response.mutations, event.payload[tokenKey].payload, tokenKey);
  assert.ok(["user.pre_create", "user.profile.pre_update"].includes(type), `${type} may not mutate anything`);
  assert.deepEqual(Object.keys(response.mutations), ["user"], "only user mutations");
  const user = response.mutations.user;
  for (const k of Object.keys(user)) {
    assert.ok(["standard_attributes", "custom_attributes"].includes(k), `never returns ${k}`);
  }
  const before = event?.payload?.user ?? {};
  if (user.custom_attributes !== undefined) checkCustom(user.custom_attributes, before.custom_attributes ?? {}, config.custom ?? {});
  if (user.standard_attributes !== undefined) checkStandard(user.standard_attributes, before.standard_attributes ?? {}, config.standard ?? {});
}

/** A token mutation: the whole original payload, plus claims whose values are string lists. */
function checkToken(mutations, before, key) {
  assert.deepEqual(Object.keys(mutations), [key], `a ${key} event mutates only mutations.${key}`);
  assert.deepEqual(Object.keys(mutations[key]), ["payload"]);
  const after = mutations[key].payload;
  for (const [k, v] of Object.entries(before)) assert.deepEqual(after[k], v, `claim ${k} must be kept as it was`);
  for (const [k, v] of Object.entries(after)) {
    if (k in before) continue;
    assert.ok(Array.isArray(v) && v.every((x) => typeof x === "string"), `added claim ${k} must be a list of attribute names`);
  }
}

function noNulls(obj, where) {
  for (const [k, v] of Object.entries(obj)) assert.notEqual(v, null, `${where}.${k} is null`);
}

function checkCustom(after, before, declared) {
  assert.equal(typeof after, "object");
  noNulls(after, "custom_attributes");
  for (const [k, v] of Object.entries(before)) {
    if (v === null) continue;
    const policy = declared[k]?.policy ?? "fill";
    assert.ok(k in after, `custom attribute ${k} was dropped (Authgear would delete it)`);
    if (policy !== "overwrite") assert.deepEqual(after[k], v, `custom attribute ${k} was changed under policy ${policy}`);
  }
  for (const [k, v] of Object.entries(after)) {
    if (k in before && JSON.stringify(before[k]) === JSON.stringify(v)) continue; // echoed
    const attr = declared[k];
    assert.ok(attr, `custom attribute ${k} was written but is not declared`);
    assert.ok(FORMAT[attr.type](v, attr), `custom attribute ${k} = ${JSON.stringify(v)} is not a valid ${attr.type}`);
  }
}

function checkStandard(after, before, declared) {
  assert.equal(typeof after, "object");
  noNulls(after, "standard_attributes");
  assert.ok(!("sub" in after), "sub must not be returned");
  for (const k of Object.keys(after)) assert.ok(STANDARD_WRITABLE.has(k), `unknown standard attribute ${k}`);
  for (const k of ["email", "phone_number", "preferred_username"]) {
    assert.equal(after[k], before[k], `${k} must be the identity's own value`);
  }
  for (const [k, v] of Object.entries(before)) {
    if (MANAGED.has(k) || v === null) continue;
    const policy = (typeof declared[k] === "object" && declared[k]?.policy) || "fill";
    assert.ok(k in after, `standard attribute ${k} was dropped`);
    if (k !== "address" && policy !== "overwrite") assert.deepEqual(after[k], v, `standard attribute ${k} changed under policy ${policy}`);
  }
  for (const [k, v] of Object.entries(after)) {
    if (k === "address") {
      assert.equal(typeof v, "object");
      for (const [p, s] of Object.entries(v)) {
        assert.ok(ADDRESS.has(p), `unknown address part ${p}`);
        assert.ok(typeof s === "string" && s.length > 0, `address.${p} must be a non-empty string`);
      }
      continue;
    }
    if (k in before && before[k] === v) continue;
    const check = STANDARD_FORMAT[k] ?? ((s) => typeof s === "string" && s.length > 0);
    assert.ok(check(v), `standard attribute ${k} = ${JSON.stringify(v)} is invalid`);
  }
}
