// One HTTP exchange as the driver makes it: under its own timeout, its body
// read up to a cap, never following a redirect, never rejecting; and the
// words a failure is told in, which never quote the runtime's own text.
import type { NoAnswerName } from "./generated/vocabulary.ts";
import type { StepRequest } from "./step.ts";

/** How one attempt ended: an HTTP answer, or no answer and why. */
export interface Attempt {
  id: number;
  ms: number;
  status?: number;
  retryAfter?: string;
  body?: string;
  error?: NoAnswerName;
  detail?: string;
}

/** How a request goes out: the host's fetch, or a caller's (the backfill's meter). */
export type Send = (r: StepRequest, init: RequestInit) => Promise<Response>;
export const hostFetch: Send = (r, init) => fetch(r.url, init);

/**
 * Call `f` after `ms` unless the returned function is called first.
 * AbortSignal.timeout, not setTimeout: a cold Deno 2 spends ~4 ms on its
 * first setTimeout, which only retry delays pay. (Deno keeps the process
 * alive while the signal has a listener: hence the canceller.)
 */
export function afterMs(ms: number, f: () => void): () => void {
  const signal = AbortSignal.timeout(Math.ceil(ms));
  signal.addEventListener("abort", f, { once: true });
  return () => signal.removeEventListener("abort", f);
}

/**
 * Whole ms since `t` (performance.now()), rounded up: the core reads a
 * number only when it can read it exactly, and a sub-ms float such as
 * 970.4123809999999 is not one.
 */
export const msSince = (t: number): number => Math.ceil(performance.now() - t);

/** Thrown by `readCapped` past the cap. */
const TOO_LARGE = new RangeError("body over the cap");

/**
 * The Deno version, when fetching `url` would hang the run: on a terminal,
 * Deno prompts for net access the command line did not grant, and since
 * 1.42.2 (denoland/deno#23184) it flushes its input until it has been quiet
 * for 100 ms after printing the prompt, so an answer written at once — as
 * authgear-deno writes it (pkg/deno/runner.go) — is lost, and the prompt,
 * which blocks the event loop, waits past every deadline.
 */
export function promptHangs(url: string): string | undefined {
  if (typeof Deno != "object" || !Deno.permissions?.querySync) return;
  const v = Deno.version.deno;
  const [x, y, z] = v.split(".").map(Number);
  if ((x * 1e3 + y) * 1e3 + z < 1042002) return;
  try {
    const u = new URL(url);
    const host = `${u.hostname}:${u.port || (u.protocol == "http:" ? 80 : 443)}`;
    const prompts = Deno.permissions.querySync({ name: "net", host }).state == "prompt";
    return prompts && Deno.stdin.isTerminal() && Deno.stderr.isTerminal() ? v : undefined;
  } catch {
    return v;
  }
}

/** One HTTP exchange, under the request's own timeout. Never rejects. */
export async function attempt(r: StepRequest, cap: number, ctl: AbortController, send: Send): Promise<Attempt> {
  const hang = promptHangs(r.url);
  if (hang) return { id: r.id, ms: 0, error: "prompt", detail: hang };
  const started = performance.now();
  const cancelTimeout = afterMs(r.timeoutMs, () => ctl.abort());
  try {
    // Redirects are never followed: one could lead to a private host or another provider.
    const res = await send(r, {
      method: r.method,
      headers: r.headers,
      body: r.body,
      redirect: "manual",
      signal: ctl.signal,
    });
    const body = await readCapped(res, cap);
    return {
      id: r.id,
      ms: msSince(started),
      status: res.status,
      retryAfter: res.headers.get("retry-after") ?? undefined,
      body,
    };
  } catch (err) {
    const ms = msSince(started);
    const error = ms >= r.timeoutMs ? "timeout" : err === TOO_LARGE ? "tooLarge" : "network";
    return { id: r.id, ms, error, detail: error === "network" ? describe(err) : "" };
  } finally {
    cancelTimeout();
  }
}

/** The body as text, or TOO_LARGE past `cap` bytes (reading stops there). */
async function readCapped(res: Response, cap: number): Promise<string> {
  // A declared length within the cap, on a body the client will not inflate,
  // is read whole: the host reads it natively, where a stream reader costs a
  // cold Deno ~2 ms to set up.
  // Digits only: Number("") and Number(" ") are 0, which would skip the cap.
  const declared = res.headers.get("content-length") ?? "";
  if (/^\d+$/.test(declared) && +declared <= cap && !res.headers.has("content-encoding")) return await res.text();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body?.getReader();
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > cap) {
      reader.cancel().catch(() => {});
      throw TOO_LARGE;
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return new TextDecoder().decode(all);
}

/**
 * An error as its class and a known cause, never the runtime's own text:
 * Deno's and Node's fetch errors quote the request's URL (a key in its
 * query or path, the user's IP).
 */
export function describe(err: unknown): string {
  const name = err instanceof Error ? err.name : typeof err;
  const text = err instanceof Error ? `${err.message} ${String(err.cause ?? "")}` : "";
  const cause = CAUSES.find(([re]) => re.test(text))?.[1];
  return cause ? `${name} (${cause})` : name;
}
const CAUSES: [RegExp, string][] = [
  [/net access|permission|capable/i, "permission denied"],
  [/refused/i, "connection refused"],
  [/reset|closed|hang ?up|eof/i, "connection closed"],
  [/dns|lookup|resolve|enotfound/i, "no such host"],
  [/certificate|tls|ssl/i, "TLS error"],
  [/bad port|are blocked/i, "a port fetch refuses"],
];
