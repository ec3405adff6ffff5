// ---- The Node twin only (pkg/enrich-hook.mjs: the backfill, local runs):
// what the tools around the hook need and the pasted files do not. ----

/**
 * A config's problems as the core reads it: `{ errors, warnings }`, errors
 * meaning the hook would run without enrichment. The twin's core has the
 * check (feature `explain`).
 */
export async function checkConfig(cfg: unknown): Promise<{ errors: string[]; warnings: string[] }> {
  return JSON.parse((await instance()).checkConfig(JSON.stringify(cfg ?? {})));
}
