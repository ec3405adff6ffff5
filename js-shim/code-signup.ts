// The signup file's code (its CODE string, build/bundle.mjs): everything its
// entry point calls, handed the config block and the embedded wasm by the
// file's last line.
import { enrich } from "./enrich.ts";
import { hand } from "./handed.ts";
import type { EnrichConfig } from "./types/config.ts";

export default function code(config: EnrichConfig, unlzmaBase64: string, coreText: string) {
  hand({ config, unlzmaBase64, coreText });
  return { enrich };
}
