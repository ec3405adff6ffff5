// What the file around the code hands it (its last line): the config block
// and the embedded wasm. The code is compiled from a string after the file
// is read (build/assemble.mjs), so it cannot import them.
import type { EnrichLoginConfig } from "./types/login-config.ts";

/** The config block, the decoder's wasm (base64) and the core (LZMA, as text). */
export interface Handed {
  config: EnrichLoginConfig;
  unlzmaBase64: string;
  coreText: string;
}

let handed: Handed | undefined;

/** Called once, by the file's last line, before anything runs. */
export function hand(h: Handed): void {
  handed = h;
}

/** What the file handed (the file's last line runs before any call). */
export function fromFile(): Handed {
  if (!handed) throw new Error("the file handed the code nothing");
  return handed;
}
