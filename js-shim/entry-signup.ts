// The signup file's entry point: Authgear calls the default export. The
// pasted file prints it as it is, typed (build/assemble.mjs); `enrich` is
// the code's, bound by the file's last line.
import { enrich } from "./enrich.ts";
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
  return (await enrich(e)).response;
}
