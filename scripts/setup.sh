#!/usr/bin/env bash
# Installs what building and testing need, from the project's own pins.
# Idempotent and quick when everything is already there.
#   - the wasm32-unknown-unknown Rust target (rustup)
#   - wasm-bindgen-cli at exactly the version Cargo.lock pins for the crate
#   - npm devDependencies (package-lock.json): Deno 2, binaryen, TypeScript, terser, lzma;
#     and Deno 1.46 from tools/deno1 (its own lock file)
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

for dir in . tools/deno1; do
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "setup: installing npm devDependencies in $dir"
    npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
  fi
done
