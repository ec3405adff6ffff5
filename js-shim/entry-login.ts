// The login file's entry point: user.authenticated takes the login path
// (login.ts), every other event the signup file's. The pasted file prints it
// as it is, typed; `enrich` and `enrichLogin` are bound by its last line,
// behind the login gate (login-gate.ts).
import { enrich } from "./enrich.ts";
import { enrichLogin } from "./login.ts";
import type {
  HookEvent,
  HookResponse,
  IdTokenHookResponse,
  JwtHookResponse,
  UserHookResponse,
} from "./types/authgear.ts";

/**
 * Authgear calls this for each event the hook is attached to. One overload
 * per response shape, so the export fits each event's hook type.
 */
export default function enrichHook(e: HookEvent): Promise<UserHookResponse>;
export default function enrichHook(e: HookEvent): Promise<JwtHookResponse>;
export default function enrichHook(e: HookEvent): Promise<IdTokenHookResponse>;
export default async function enrichHook(e: HookEvent): Promise<HookResponse> {
  return (await (e?.type === "user.authenticated" ? enrichLogin(e) : enrich(e))).response;
}
