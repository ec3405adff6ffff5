// The Steps the core answers with (src/step.rs): what to send now, what to
// abort, or the final answer. The driver (driver.ts) does what they say.
import type { ExplainOutcome } from "./generated/vocabulary.ts";
import type { HookResponse } from "./types/authgear.ts";

/** One request to send now, as the core built it. */
export interface StepRequest {
  id: number;
  /** The source's name (a preset's, or the config's `name`). */
  source: string;
  /** What it is looked up by. */
  input: "ip" | "email" | "domain";
  /** Whether it carries a key (a source that may bill). */
  keyed: boolean;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** Wait this long first (a retry's backoff). */
  delayMs: number;
}

/** A run still going: its number, the requests to send and abort, the deadline (ms from the call), the body cap. */
export interface Going {
  run: number;
  send: StepRequest[];
  abort: number[];
  deadlineMs: number;
  bodyCap: number;
}

/** What one run produced: the response plus what a human may want to know. */
export interface EnrichResult {
  response: HookResponse;
  diagnostics: string[];
  /** A login run: its budget as the core read it (`adminApi.timeoutMs`). */
  login?: { budgetMs: number };
  explain?: {
    attribute: string;
    field: string;
    outcome: ExplainOutcome;
    value: unknown;
    source: string | null;
    notes: string[];
  }[];
  notes?: string[];
}

/** A Step: a run going on, or its final answer. */
export type Step = Going | { done: EnrichResult };
