#!/usr/bin/env bash
# Installs what building and testing need, from the project's own pins.
# Idempotent and quick when everything is already there.
#   - the wasm32-unknown-unknown Rust target (rustup)
#   - wasm-bindgen-cli at exactly the version Cargo.lock pins for the crate
#   - npm devDependencies (package-lock.json): Deno 2 and Deno 1.46, binaryen, TypeScript
set -euo pipefail
cd "$(dirname "$0")/.."

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  echo "setup: adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

want=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  echo "setup: installing wasm-bindgen-cli $want (have: ${have:-none}); this compiles for several minutes, once"
  cargo install wasm-bindgen-cli --version "$want" --force
fi

if [ ! -x node_modules/.bin/deno ] || [ ! -x node_modules/deno1/deno ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm devDependencies"
  npm ci --no-audit --no-fund --loglevel=error
fi
