// ---- The signup file's entry point. ----

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
