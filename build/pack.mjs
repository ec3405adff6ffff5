// Packing the core for the file: LZMA (~15% smaller than gzip on this
// module), then text (13 bytes per 16 characters, build/text93.mjs), which
// the hook's decoder (unlzma/, its own tiny wasm, embedded as base64)
// unpacks: compiled synchronously, it is ready in well under a millisecond,
// where the host's DecompressionStream took 3-8 ms to start on a cold Deno.
import { createRequire } from "node:module";
import { encode93 } from "./text93.mjs";

const LZMA = createRequire(import.meta.url)("lzma");
/** LZMA "alone" at level 9: the pure-JS encoder is deterministic on any machine. */
export const lzma = (bytes) => Buffer.from(LZMA.compress(bytes, 9).map((b) => b & 0xff));

/** The optimised wasm, packed and as the file's text. */
export function pack(wasm) {
  const packed = lzma(wasm);
  return { wasm, packed, text: encode93(packed) };
}
