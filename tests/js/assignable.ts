// Compiles only if the hook's default export has the types Authgear's
// template gives each event's hook: one file for every event.
import hook from "./hook.ts";
import type {
  EventOIDCJWTPreCreate,
  EventOIDCJWTPreCreateHookResponse,
  EventUserAuthenticated,
  EventUserPreCreate,
  EventUserPreCreateHookResponse,
  EventUserProfilePreUpdate,
  EventUserProfilePreUpdateHookResponse,
} from "./authgear-types.ts";

export const asPreCreate: (e: EventUserPreCreate) => Promise<EventUserPreCreateHookResponse> = hook;
export const asPreUpdate: (e: EventUserProfilePreUpdate) => Promise<EventUserProfilePreUpdateHookResponse> = hook;
export const asJwtPreCreate: (e: EventOIDCJWTPreCreate) => Promise<EventOIDCJWTPreCreateHookResponse> = hook;
export const asAuthenticated: (e: EventUserAuthenticated) => Promise<unknown> = hook;
