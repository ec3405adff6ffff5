// ---- The hook. Never throws, never rejects: any failure answers
// {"is_allowed": true} and logs one line on stderr, because a hook that
// fails makes Authgear fail the signup. ----

const ALLOW: HookResponse = { is_allowed: true };

/** How `enrich` runs: explain mode, and a config in place of the block (local runs, the backfill). */
interface EnrichOptions {
  explain?: boolean;
  configOverride?: EnrichConfig;
  /** The sources' deadline at most, in ms (the login path: what its budget leaves). */
  deadlineCapMs?: number;
}

/** What one run produced: the response plus what a human may want to know. */
interface EnrichResult {
  response: HookResponse;
  diagnostics: string[];
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

// The default export, Authgear's entry point, is entry.ts in the signup
// file and entry-login.ts in the login file.

/**
 * Run the enrichment and return the response with its diagnostics; with
 * `explain`, also per attribute the value, its source and why anything was
 * skipped. `configOverride` replaces the config block (local runs).
 */
export async function enrich(
  e: unknown,
  opts: EnrichOptions = {},
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
    const hook: CoreHook = glue.start(eventJson, configJson, opts.deadlineCapMs ?? 0);
    const plan: Plan = JSON.parse(hook.plan());
    if (plan.requests.length > 0) await fetchAll(hook, plan, startedAt);
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
  // Uint8Array.fromBase64 where the runtime has it (Deno 2): its first atob
  // costs a cold Deno 2 ~1 ms to set up. Deno 1.41, Authgear's, takes atob.
  const fromBase64 = (Uint8Array as unknown as { fromBase64?: (s: string) => BufferSource }).fromBase64;
  let bytes: BufferSource;
  if (fromBase64) {
    bytes = fromBase64(UNLZMA_WASM_BASE64);
  } else {
    const bin = atob(UNLZMA_WASM_BASE64);
    const b = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) b[i] = bin.charCodeAt(i);
    bytes = b;
  }
  const un = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as Unlzma;
  const len = WASM_LZMA_TEXT.length;
  const at = un.buffer(len);
  if (at === 0) throw new RangeError("no memory to unpack the core");
  new TextEncoder().encodeInto(WASM_LZMA_TEXT, new Uint8Array(un.memory.buffer, at, len));
  const size = un.unpack(len);
  if (size === 0) throw new RangeError("the embedded core is corrupt");
  return WebAssembly.compile((un.memory.buffer as ArrayBuffer).slice(at + len, at + len + size));
}
