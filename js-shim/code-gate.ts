// The login file's gate (its GATE string, build/bundle.mjs): compiled first,
// on its own; it compiles the code (code-login.ts) only when a login needs it.
export { gated as default } from "./login-gate.ts";
