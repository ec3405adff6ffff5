// The login file's code (its CODE string, build/bundle.mjs), compiled only
// past the gate (code-gate.ts), which hands it its own functions: the bundle
// imports login-gate.ts from the gate rather than carrying it twice.
import { enrich } from "./enrich.ts";
import { hand } from "./handed.ts";
import { enrichLogin } from "./login.ts";
import type { EnrichLoginConfig } from "./types/login-config.ts";

export default function code(config: EnrichLoginConfig, unlzmaBase64: string, coreText: string) {
  hand({ config, unlzmaBase64, coreText });
  return { enrich, enrichLogin };
}
