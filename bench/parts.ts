// Where a cold run's time goes, part by part, in one fresh Deno process:
//   deno run -A bench/parts.ts call|steps <hook.ts> <event.json>
// prints one JSON line: the import of the pasted file (Deno's pipeline for
// its TypeScript, the code string compiled, the literals), then either the
// hook call (`call`: the loader, the instance, the glue, the core's work;
// then the same call again, warm) or
// the loader's steps replayed on the file's own literals (`steps`: unlzma
// decoded and compiled, the core's text copied in and unpacked, the core
// compiled) — in separate processes, since V8 would reuse the compiled
// modules within one. bench/run.mjs takes medians over fresh processes.
const [mode, hookPath, eventPath] = Deno.args;
const event = JSON.parse(await Deno.readTextFile(eventPath));
const text = await Deno.readTextFile(hookPath);

let t = performance.now();
const mod = await import(new URL(`file://${hookPath}`).href);
const importMs = performance.now() - t;

if (mode === "call") {
  t = performance.now();
  await mod.default(event);
  const callMs = performance.now() - t;
  // The same call again in this process: the instance is kept, V8 has
  // compiled what the first call used, so this is the core's work alone.
  t = performance.now();
  await mod.default(event);
  console.log(JSON.stringify({ importMs, callMs, warmMs: performance.now() - t }));
  Deno.exit(0);
}

const unl = text.match(/const UNLZMA_WASM_BASE64 = "([^"]*)"/)![1];
const core = text.match(/const WASM_LZMA_TEXT = "([^"]*)"/)![1];
const steps: Record<string, number> = {};
const step = (name: string) => {
  const now = performance.now();
  steps[name] = now - t;
  t = now;
};
t = performance.now();
// As js-shim/core.ts does, step by step to time each: Uint8Array.fromBase64 where there is one, else atob.
const fromBase64 = (Uint8Array as unknown as { fromBase64?: (s: string) => BufferSource }).fromBase64;
let bytes: BufferSource;
if (fromBase64) {
  bytes = fromBase64(unl);
} else {
  const bin = atob(unl);
  const b = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) b[i] = bin.charCodeAt(i);
  bytes = b;
}
step("unlzma: base64");
// deno-lint-ignore no-explicit-any
const un = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as any;
step("unlzma: compile");
const at = un.buffer(core.length);
new TextEncoder().encodeInto(core, new Uint8Array(un.memory.buffer, at, core.length));
step("core text copied in");
const size = un.unpack(core.length);
step("core unpacked (text decoded, LZMA)");
await WebAssembly.compile((un.memory.buffer as ArrayBuffer).slice(at + core.length, at + core.length + size));
step("core compiled");
console.log(JSON.stringify({ importMs, ...steps }));
