// Authgear's shapes, as far as this hook reads and writes them (the pasted
// files print them, comments dropped).
// Compatible with the public `authgear_deno_hook` types: the default export
// is assignable to (e: EventUserPreCreate) => Promise<EventUserPreCreateHookResponse>.

import type { AddressPart, IdentityAttribute, SettableAttribute } from "../generated/vocabulary.ts";

/** Any hook event: read defensively, since Authgear may add fields. */
export interface HookEvent {
  type: string;
  payload: unknown;
  context: unknown;
}

export type StandardAttributesOut = { [K in SettableAttribute | IdentityAttribute]?: string } & {
  address?: { [K in AddressPart]?: string };
};

/** The answer to user.pre_create and user.profile.pre_update (and any other event: no mutations). */
export interface UserHookResponse {
  is_allowed: true;
  mutations?: {
    user: {
      standard_attributes?: StandardAttributesOut;
      custom_attributes?: Record<string, unknown>;
    };
  };
}
/** The answer to oidc.jwt.pre_create: the token's payload plus the progressive-profiling claim. */
export interface JwtHookResponse {
  is_allowed: true;
  mutations?: { jwt: { payload: Record<string, unknown> } };
}
/** The answer to oidc.id_token.pre_create. */
export interface IdTokenHookResponse {
  is_allowed: true;
  mutations?: { id_token: { payload: Record<string, unknown> } };
}
export type HookResponse = UserHookResponse | JwtHookResponse | IdTokenHookResponse;
