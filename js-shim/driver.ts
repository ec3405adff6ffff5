// ---- Live sources: the HTTP driver. The core (Rust) plans the requests
// (one plan: each request, its timeout, the deadline, the body cap), judges
// every answer and says what to retry and what is no longer needed; this
// part performs the requests with the host's fetch and waits: all at once,
// each under its own timeout, raced against one overall deadline. ----

// `CoreHook` and `NoAnswer` are not written here: build/hook.mjs takes them
// from the .d.ts wasm-bindgen generates for src/wasm/mod.rs and
// src/session.rs, so the boundary's types cannot drift from the Rust.

/** The core's plan (src/session.rs `host_plan`). */
interface Plan {
  deadlineMs: number;
  bodyCap: number;
  requests: PlannedRequest[];
}
interface PlannedRequest {
  id: number;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

/** How one attempt ended: an HTTP answer, or no answer and why. */
interface Attempt {
  id: number;
  ms: number;
  status?: number;
  retryAfter?: string;
  body?: string;
  error?: NoAnswer;
  detail?: string;
}

/**
 * Run the plan: every request at once (a fallback source once those before
 * it have settled), until each is settled or the deadline passes.
 */
// deno-lint-ignore no-unused-vars -- called by shim.ts: the build joins the parts into one file.
async function fetchAll(hook: CoreHook, plan: Plan, startedAt: number): Promise<void> {
  type Timer = ReturnType<typeof setTimeout>;
  const running = new Map<number, { ctl: AbortController; done: Promise<Attempt>; wait?: Timer }>();
  const stop = (id: number) => {
    const t = running.get(id);
    t?.ctl.abort();
    clearTimeout(t?.wait);
    running.delete(id);
  };
  const launch = (r: PlannedRequest, delay: number) => {
    const ctl = new AbortController();
    const entry: { ctl: AbortController; done: Promise<Attempt>; wait?: Timer } = {
      ctl,
      done: Promise.resolve({ id: r.id, ms: 0 }),
    };
    entry.done = delay > 0
      ? new Promise<void>((res) => (entry.wait = setTimeout(res, delay))).then(() => attempt(r, plan.bodyCap, ctl))
      : attempt(r, plan.bodyCap, ctl);
    running.set(r.id, entry);
  };
  const byId = new Map(plan.requests.map((r) => [r.id, r]));
  for (const r of plan.requests) launch(r, 0);
  let cancelDeadline = () => {};
  const deadline = new Promise<null>((r) => {
    cancelDeadline = afterMs(Math.max(0, startedAt + plan.deadlineMs - performance.now()), () => r(null));
  });
  try {
    while (running.size > 0) {
      const a = await Promise.race([...[...running.values()].map((t) => t.done), deadline]);
      if (a === null) {
        for (const id of [...running.keys()]) {
          stop(id);
          hook.onError(id, NoAnswer.Deadline, "", plan.deadlineMs, 0);
        }
        break;
      }
      running.delete(a.id);
      const elapsed = performance.now() - startedAt;
      const retry = a.error !== undefined
        ? hook.onError(a.id, a.error, a.detail ?? "", elapsed, a.ms)
        : hook.onResponse(a.id, a.status ?? 0, a.retryAfter, a.body ?? "", elapsed, a.ms);
      const again = byId.get(a.id);
      if (retry >= 0 && again) launch(again, retry);
      for (const id of hook.unneeded()) {
        if (!running.has(id)) continue;
        stop(id);
        hook.onError(id, NoAnswer.Unneeded, "", elapsed, 0);
      }
      // A fallback source starts once the sources before it have settled.
      for (const r of (JSON.parse(hook.plan()) as Plan).requests) {
        if (!byId.has(r.id)) launch(byId.set(r.id, r) && r, 0);
      }
    }
  } finally {
    // Pending timers would keep the process alive after the hook answered.
    cancelDeadline();
    for (const id of [...running.keys()]) stop(id);
  }
}

/**
 * Call `f` after `ms` unless the returned function is called first.
 * AbortSignal.timeout, not setTimeout: a cold Deno 2 spends ~4 ms on its
 * first setTimeout, which only retry delays pay. (Deno keeps the process
 * alive while the signal has a listener: hence the canceller.)
 */
function afterMs(ms: number, f: () => void): () => void {
  const signal = AbortSignal.timeout(Math.ceil(ms));
  signal.addEventListener("abort", f, { once: true });
  return () => signal.removeEventListener("abort", f);
}

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
function promptHangs(url: string): string | undefined {
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
async function attempt(r: PlannedRequest, cap: number, ctl: AbortController): Promise<Attempt> {
  const hang = promptHangs(r.url);
  if (hang) return { id: r.id, ms: 0, error: NoAnswer.Prompt, detail: hang };
  const started = performance.now();
  const cancelTimeout = afterMs(r.timeoutMs, () => ctl.abort());
  try {
    // Redirects are never followed: one could lead to a private host or another provider.
    const res = await fetch(r.url, {
      method: r.method,
      headers: r.headers,
      body: r.body,
      redirect: "manual",
      signal: ctl.signal,
    });
    const body = await readCapped(res, cap);
    return {
      id: r.id,
      ms: performance.now() - started,
      status: res.status,
      retryAfter: res.headers.get("retry-after") ?? undefined,
      body,
    };
  } catch (err) {
    const ms = performance.now() - started;
    const error = ms >= r.timeoutMs ? NoAnswer.Timeout : err === TOO_LARGE ? NoAnswer.TooLarge : NoAnswer.Network;
    return { id: r.id, ms, error, detail: error === NoAnswer.Network ? describe(err) : "" };
  } finally {
    cancelTimeout();
  }
}

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
function describe(err: unknown): string {
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
