// Compiles only if the hook's default export has the type Authgear's
// template gives a user.pre_create hook.
import hook from "./hook.ts";
import type { EventUserPreCreate, EventUserPreCreateHookResponse } from "./authgear-types.ts";

export const asAuthgearHook: (e: EventUserPreCreate) => Promise<EventUserPreCreateHookResponse> = hook;
