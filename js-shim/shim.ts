// ---- The hook. Never throws, never rejects: any failure answers
// {"is_allowed": true} and logs one line on stderr, because a hook that
// fails makes Authgear fail the signup. ----

const ALLOW: HookResponse = { is_allowed: true };

/** Authgear calls this for each event the hook is attached to. */
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
  let glue: Glue;
  try {
    glue = await instance();
  } catch (err) {
    return fail("the WebAssembly core did not load", err);
  }
  let out: EnrichResult;
  try {
    out = JSON.parse(glue.handle(eventJson, configJson, opts.explain === true));
  } catch (err) {
    // A trap leaves the instance in an unknown state: drop it, so the next
    // call in a long-lived process starts from a fresh one.
    live = undefined;
    return fail("internal error in the WebAssembly core", err);
  }
  for (const d of out.diagnostics) console.error(`enrich-hook: ${d}`);
  return out;
}

/** An error's name and message, without e-mail addresses or full IPs. */
function describe(err: unknown): string {
  const s = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return s
    .slice(0, 200)
    .replace(/[^\s"'<>()]+@[^\s"'<>()]+/g, "<email>")
    .replace(/\b(\d{1,3}\.\d{1,3})\.\d{1,3}\.\d{1,3}\b/g, "$1.x.x");
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

/** Decode the embedded base64, gunzip it, compile it. */
async function compile(): Promise<WebAssembly.Module> {
  const bin = atob(WASM_GZ_BASE64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return WebAssembly.compile(await new Response(stream).arrayBuffer());
}
