// The shapes of the public `authgear_deno_hook` package (mod.ts) that a
// user.pre_create hook is typed against, written out here so the test needs
// no network. Used only to prove the built hook's default export is
// assignable to (e: EventUserPreCreate) => Promise<EventUserPreCreateHookResponse>.

export interface HookResponseDisallowed {
  is_allowed: false;
  reason?: string;
  title?: string;
}
export interface HookResponseAllowed {
  is_allowed: true;
  mutations?: Mutations;
  constraints?: { amr: string[] };
  bot_protection?: { mode: "never" | "always" };
}
export type Mutations = MutationsOnUser | MutationsOnJWT;
export interface MutationsOnUser {
  user: UserMutations;
}
export interface MutationsOnJWT {
  jwt: { payload: Record<string, unknown> };
}
export interface UserMutations {
  standard_attributes?: UserMutationsStandardAttributes;
  custom_attributes?: Record<string, unknown>;
  groups?: string[];
  roles?: string[];
}
export interface UserMutationsStandardAttributes {
  email?: string;
  phone_number?: string;
  preferred_username?: string;
  family_name?: string;
  given_name?: string;
  middle_name?: string;
  name?: string;
  nickname?: string;
  picture?: string;
  profile?: string;
  website?: string;
  gender?: string;
  birthdate?: string;
  zoneinfo?: string;
  locale?: string;
  address?: StandardAttributesAddress;
}
export interface StandardAttributesAddress {
  formatted?: string;
  street_address?: string;
  locality?: string;
  region?: string;
  postal_code?: string;
  country?: string;
}
export interface HookEventContext {
  timestamp: number;
  user_id?: string;
  triggered_by: "user" | "admin_api" | "system" | "site_admin";
  preferred_languages: string[];
  language: string;
  client_id?: string;
  ip_address?: string;
  geo_location_code: string | null;
  user_agent?: string;
  oauth?: { state?: string };
}
export interface HookEventBase {
  id: string;
  seq: number;
  context: HookEventContext;
}
export interface EntityBase {
  id: string;
  created_at: string;
  updated_at: string;
}
export interface User extends EntityBase {
  last_login_at?: string;
  is_anonymous: boolean;
  is_verified: boolean;
  is_disabled: boolean;
  disable_reason?: string;
  is_deactivated: boolean;
  delete_at?: string;
  can_reauthenticate: boolean;
  standard_attributes?: UserMutationsStandardAttributes & {
    sub: string;
    email_verified?: boolean;
    phone_number_verified?: boolean;
    updated_at?: number;
  };
  custom_attributes?: Record<string, unknown>;
  groups?: string[];
  roles?: string[];
}
export interface Identity extends EntityBase {
  type: "login_id" | "oauth" | "anonymous" | "biometric" | "passkey" | "siwe";
  claims: Record<string, unknown>;
}
export interface EventUserPreCreate extends HookEventBase {
  type: "user.pre_create";
  payload: { user: User; identities: Identity[] };
}
export type EventUserPreCreateHookResponse =
  | HookResponseDisallowed
  | Pick<HookResponseAllowed, "is_allowed" | "mutations">;
export interface EventOIDCJWTPreCreate extends HookEventBase {
  type: "oidc.jwt.pre_create";
  payload: { user: User; identities: Identity[]; jwt: { payload: Record<string, unknown> } };
}
export type EventOIDCJWTPreCreateHookResponse =
  | HookResponseDisallowed
  | Pick<HookResponseAllowed, "is_allowed" | "mutations">;
export interface EventUserProfilePreUpdate extends HookEventBase {
  type: "user.profile.pre_update";
  payload: { user: User };
}
export type EventUserProfilePreUpdateHookResponse =
  | HookResponseDisallowed
  | Pick<HookResponseAllowed, "is_allowed" | "mutations">;
/** The non-blocking login event (mod.ts: payload.user and payload.session); its hook's answer is ignored. */
export interface Session extends EntityBase {
  type: "idp" | "offline_grant";
  amr?: string[];
  lastAccessedAt: string;
  createdByIP: string;
  lastAccessedByIP: string;
  lastAccessedByIPCountryCode: string;
  lastAccessedByIPEnglishCountryName: string;
  displayName: string;
  applicationName: string;
}
export interface EventUserAuthenticated extends HookEventBase {
  type: "user.authenticated";
  payload: { user: User; session: Session };
}
