// The page never calls a provider: each live preset is answered with its
// recorded answer (tests/fixtures/providers.json, the provider's documented
// or captured answer that the tests replay too), and a switch per source
// simulates a timeout, a 429 or a 500 instead. A custom provider has no
// recording: it is answered "no match" (404), and the page says so.
import type { Send } from "../js-shim/http.ts";
import type { StepRequest } from "../js-shim/step.ts";

export type Fault = "none" | "timeout" | "429" | "500";
export const FAULTS: Fault[] = ["none", "timeout", "429", "500"];

/** What each preset's recording is, by preset name. */
export type Recordings = Record<string, { ok?: unknown }>;

/** One request as the page answered it, for the page to show. */
export interface Answered {
  source: string;
  input: string;
  how: string;
}

/**
 * A transport for the hook's driver: `presetOf` names the preset behind a
 * source (undefined: a custom provider); `faults`, the switch per source.
 * Every request is recorded in `log`.
 */
export function recordedTransport(
  recordings: Recordings,
  presetOf: (source: string) => string | undefined,
  faults: Record<string, Fault>,
  log: Answered[],
): Send {
  return (r: StepRequest, init: RequestInit) => {
    const fault = faults[r.source] ?? "none";
    const preset = presetOf(r.source);
    const said = (how: string) => log.push({ source: r.source, input: r.input, how });
    if (fault === "timeout") {
      said(`no answer (simulated): the request's ${r.timeoutMs} ms timeout passes`);
      // Never answers; the driver's timeout aborts it.
      return new Promise<Response>((_, reject) =>
        init.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")))
      );
    }
    if (fault === "429" || fault === "500") {
      said(`HTTP ${fault} (simulated)`);
      return Promise.resolve(new Response("{}", { status: Number(fault) }));
    }
    const recorded = preset ? recordings[preset]?.ok : undefined;
    if (recorded === undefined) {
      said("not called from the page (a custom provider has no recording): answered 404, no match");
      return Promise.resolve(new Response("{}", { status: 404 }));
    }
    said(`recorded answer of ${preset}`);
    return Promise.resolve(
      new Response(JSON.stringify(recorded), { status: 200, headers: { "content-type": "application/json" } }),
    );
  };
}
