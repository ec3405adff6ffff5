// ---- The hook. Never throws, never rejects: any failure answers
// {"is_allowed": true} and logs one line on stderr, because a hook that
// fails makes Authgear fail the signup. ----

const ALLOW: HookResponse = { is_allowed: true };

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

/**
 * Run the enrichment and return the response with its diagnostics; with
 * `explain`, also per attribute the value, its source and why anything was
 * skipped. `configOverride` replaces the config block (local runs).
 */
export async function enrich(
  e: unknown,
  opts: { explain?: boolean; configOverride?: EnrichConfig } = {},
): Promise<EnrichResult> {
  const fail = (what: string, err?: unknown): EnrichResult => {
    const line = `enrich-hook: ${what}${err === undefined ? "" : `: ${describe(err)}`}; answering without enrichment`;
    console.error(line);
    return { response: ALLOW, diagnostics: [line] };
  };
  let eventJson: string, configJson: string;
  try {
    eventJson = JSON.stringify(e) ?? "null";
    configJson = JSON.stringify(opts.configOverride ?? config) ?? "null";
  } catch (err) {
    return fail("event or config cannot be serialised", err);
  }
  const startedAt = performance.now();
  let glue: Glue;
  try {
    glue = await instance();
  } catch (err) {
    return fail("the WebAssembly core did not load", err);
  }
  let out: EnrichResult;
  try {
    const hook: CoreHook = glue.start(eventJson, configJson);
    if (hook.planned().length > 0) await fetchAll(hook, startedAt);
    out = JSON.parse(hook.finish(opts.explain === true));
  } catch (err) {
    // A trap leaves the instance in an unknown state: drop it, so the next
    // call in a long-lived process starts from a fresh one.
    live = undefined;
    return fail("internal error in the WebAssembly core", err);
  }
  for (const d of out.diagnostics) console.error(`enrich-hook: ${d}`);
  return out;
}

// ---- Live sources. The core (Rust) plans the requests, sends each one
// through the host's fetch, judges every answer and says what to retry and
// what is no longer needed; this part only waits: all requests at once, each
// with its own timeout, raced against one overall deadline. ----

// `CoreHook`, the core's handle for one invocation, is not written here:
// build/hook.mjs derives it from the .d.ts wasm-bindgen generates for
// src/wasm/mod.rs, so the boundary's types cannot drift from the Rust.

/** How one attempt ended: an HTTP answer, or an error without one. */
interface Attempt {
  id: number;
  ms: number;
  status?: number;
  retryAfter?: string;
  body?: string;
  error?: string;
  network?: boolean;
}

/** Bodies are read up to this size: a huge or endless body fails its source. */
const BODY_CAP = 256 * 1024;

async function fetchAll(hook: CoreHook, startedAt: number): Promise<void> {
  type Timer = ReturnType<typeof setTimeout>;
  const running = new Map<number, { ctl: AbortController; done: Promise<Attempt>; wait?: Timer }>();
  const stop = (id: number) => {
    const t = running.get(id);
    t?.ctl.abort();
    clearTimeout(t?.wait);
    running.delete(id);
  };
  const launch = (id: number, delay: number) => {
    const ctl = new AbortController();
    const entry: { ctl: AbortController; done: Promise<Attempt>; wait?: Timer } = { ctl, done: Promise.resolve({ id, ms: 0 }) };
    entry.done = delay > 0
      ? new Promise<void>((r) => (entry.wait = setTimeout(r, delay))).then(() => attempt(hook, id, ctl))
      : attempt(hook, id, ctl);
    running.set(id, entry);
  };
  for (const id of hook.planned()) launch(id, 0);
  let cancelDeadline = () => {};
  const deadline = new Promise<null>((r) => {
    cancelDeadline = afterMs(Math.max(0, startedAt + hook.deadline_ms() - performance.now()), () => r(null));
  });
  try {
    while (running.size > 0) {
      const a = await Promise.race([...[...running.values()].map((t) => t.done), deadline]);
      if (a === null) {
        for (const id of [...running.keys()]) {
          stop(id);
          hook.on_error(id, "no answer before the deadline", false, 0, 0);
        }
        break;
      }
      running.delete(a.id);
      const elapsed = performance.now() - startedAt;
      const retry = a.error !== undefined
        ? hook.on_error(a.id, a.error, a.network === true, elapsed, a.ms)
        : hook.on_response(a.id, a.status ?? 0, a.retryAfter, a.body ?? "", elapsed, a.ms);
      if (retry >= 0) launch(a.id, retry);
      for (const id of hook.unneeded()) {
        if (!running.has(id)) continue;
        stop(id);
        hook.abandon(id, "aborted: higher-priority sources settled everything it could fill");
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

/** One HTTP exchange, under the request's own timeout. Never rejects on network trouble. */
async function attempt(hook: CoreHook, id: number, ctl: AbortController): Promise<Attempt> {
  const started = performance.now();
  const timeout = hook.timeout_ms(id);
  const cancelTimeout = afterMs(timeout, () => ctl.abort());
  // Outside the try: a trap in the core must reach enrich(), not pass as a source error.
  const sent = hook.fetch(id, ctl.signal);
  try {
    if (!sent) throw new Error("no such request");
    const res = await sent;
    const body = await readCapped(res);
    return { id, ms: performance.now() - started, status: res.status, retryAfter: res.headers.get("retry-after") ?? undefined, body };
  } catch (err) {
    const ms = performance.now() - started;
    const timedOut = ms >= timeout;
    const tooLarge = err instanceof RangeError;
    const error = timedOut ? `timed out after ${timeout} ms` : tooLarge ? err.message : describe(err);
    return { id, ms, error, network: !timedOut && !tooLarge };
  } finally {
    cancelTimeout();
  }
}

async function readCapped(res: Response): Promise<string> {
  // A declared length within the cap, on a body the client will not inflate,
  // is read whole: the host reads it natively, where a stream reader costs a
  // cold Deno ~2 ms to set up.
  // Digits only: Number("") and Number(" ") are 0, which would skip the cap.
  const declared = res.headers.get("content-length") ?? "";
  if (/^\d+$/.test(declared) && +declared <= BODY_CAP && !res.headers.has("content-encoding")) return await res.text();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body?.getReader();
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > BODY_CAP) {
      reader.cancel().catch(() => {});
      throw new RangeError(`the body is larger than ${BODY_CAP / 1024} KiB`);
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

/** An error's name and message, without e-mail addresses or full IPs. */
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
];

type Glue = ReturnType<typeof wasmGlue>;
let compiled: Promise<WebAssembly.Module> | undefined;
let live: Glue | undefined;

/** The wasm instance, compiled once per process and re-instantiated after a trap. */
async function instance(): Promise<Glue> {
  if (live) return live;
  compiled ??= compile().catch((err) => {
    compiled = undefined;
    throw err;
  });
  const glue = wasmGlue();
  glue.initSync({ module: await compiled });
  return (live = glue);
}

/** The exports of unlzma/ (see its src/lib.rs). */
interface Unlzma {
  memory: WebAssembly.Memory;
  buffer(len: number): number;
  unpack(len: number): number;
}

/**
 * Unpack the core and compile it. The small unlzma module turns the core's
 * text (13 bytes per 16 characters, see unlzma/src/text.rs) back into LZMA
 * and that into wasm.
 */
// Async so that a throw while unpacking reaches the caller as a rejection.
// deno-lint-ignore require-await
async function compile(): Promise<WebAssembly.Module> {
  const bin = atob(UNLZMA_WASM_BASE64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const un = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as Unlzma;
  const len = WASM_LZMA_TEXT.length;
  const at = un.buffer(len);
  if (at === 0) throw new RangeError("no memory to unpack the core");
  new TextEncoder().encodeInto(WASM_LZMA_TEXT, new Uint8Array(un.memory.buffer, at, len));
  const size = un.unpack(len);
  if (size === 0) throw new RangeError("the embedded core is corrupt");
  return WebAssembly.compile((un.memory.buffer as ArrayBuffer).slice(at + len, at + len + size));
}
