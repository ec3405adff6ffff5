// The core (src/, compiled to WebAssembly): unpacked from the file's text,
// compiled once per process, instantiated again after a trap.
import { fromFile } from "./handed.ts";
import { wasmGlue } from "./generated/core-glue.js";

/** wasm-bindgen's glue around one instance of the core. */
export type Core = ReturnType<typeof wasmGlue>;

let compiled: Promise<WebAssembly.Module> | undefined;
let live: Core | undefined;

/** The wasm instance, compiled once per process and re-instantiated after a trap. */
export async function instance(): Promise<Core> {
  if (live) return live;
  compiled ??= compile().catch((err) => {
    compiled = undefined;
    throw err;
  });
  const glue = wasmGlue();
  glue.initSync({ module: await compiled });
  return (live = glue);
}

/** A trap leaves the instance in an unknown state: the next call starts from a fresh one. */
export function dropInstance(): void {
  live = undefined;
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
  const { unlzmaBase64, coreText } = fromFile();
  // Uint8Array.fromBase64 where the runtime has it (Deno 2): its first atob
  // costs a cold Deno 2 ~1 ms to set up. Deno 1.41, Authgear's, takes atob.
  const fromBase64 = (Uint8Array as unknown as { fromBase64?: (s: string) => BufferSource }).fromBase64;
  let bytes: BufferSource;
  if (fromBase64) {
    bytes = fromBase64(unlzmaBase64);
  } else {
    const bin = atob(unlzmaBase64);
    const b = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) b[i] = bin.charCodeAt(i);
    bytes = b;
  }
  const un = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as Unlzma;
  const len = coreText.length;
  const at = un.buffer(len);
  if (at === 0) throw new RangeError("no memory to unpack the core");
  new TextEncoder().encodeInto(coreText, new Uint8Array(un.memory.buffer, at, len));
  const size = un.unpack(len);
  if (size === 0) throw new RangeError("the embedded core is corrupt");
  return WebAssembly.compile((un.memory.buffer as ArrayBuffer).slice(at + len, at + len + size));
}
