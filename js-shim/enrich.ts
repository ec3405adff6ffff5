// `enrich`: one run of the core on an event. Never throws, never rejects:
// any failure answers {"is_allowed": true} and logs one line on stderr,
// because a hook that fails makes Authgear fail the signup.
import { dropInstance, instance } from "./core.ts";
import { drive, type Transport } from "./driver.ts";
import { fromFile } from "./handed.ts";
import { describe } from "./http.ts";
import type { EnrichResult, Step } from "./step.ts";
import type { EnrichConfig } from "./types/config.ts";
import type { HookResponse } from "./types/authgear.ts";

export const ALLOW: HookResponse = { is_allowed: true };

/** How `enrich` runs: explain mode, a config in place of the block (local runs, the backfill), limits, a transport. */
export interface EnrichOptions extends Transport {
  explain?: boolean;
  configOverride?: EnrichConfig;
  /** The sources' deadline at most, in ms (the backfill: its own timeout). */
  deadlineCapMs?: number;
  /** Spent before this run, in ms (a login run's budget counts from its event). */
  elapsedMs?: number;
  /** Where the run's log lines go: stderr (console.error) unless given (a page shows them itself). */
  log?: (line: string) => void;
}

/**
 * Run the enrichment and return the response with its diagnostics; with
 * `explain`, also per attribute the value, its source and why anything was
 * skipped.
 */
export async function enrich(e: unknown, opts: EnrichOptions = {}): Promise<EnrichResult> {
  const log = opts.log ?? ((line: string) => console.error(line));
  const fail = (what: string, err?: unknown): EnrichResult => {
    const line = `enrich-hook: ${what}${err === undefined ? "" : `: ${describe(err)}`}; answering without enrichment`;
    log(line);
    return { response: ALLOW, diagnostics: [line] };
  };
  let eventJson: string, configJson: string;
  try {
    eventJson = JSON.stringify(e) ?? "null";
    configJson = JSON.stringify(opts.configOverride ?? fromFile().config) ?? "null";
  } catch (err) {
    return fail("event or config cannot be serialised", err);
  }
  const startedAt = performance.now();
  let core;
  try {
    core = await instance();
  } catch (err) {
    return fail("the WebAssembly core did not load", err);
  }
  let out: EnrichResult;
  try {
    const options = { explain: opts.explain === true, deadlineCapMs: opts.deadlineCapMs, elapsedMs: opts.elapsedMs };
    const first: Step = JSON.parse(core.start(eventJson, configJson, JSON.stringify(options)));
    out = await drive(core, first, startedAt, opts);
  } catch (err) {
    dropInstance();
    return fail("internal error in the WebAssembly core", err);
  }
  for (const d of out.diagnostics) log(`enrich-hook: ${d}`);
  return out;
}
