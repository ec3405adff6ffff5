#!/usr/bin/env bash
# Installs what building and testing need, from the project's own pins.
# Idempotent and quick when everything is already there.
#   - the wasm32-unknown-unknown Rust target and the standard library's
#     source (rustup), from which the wasm build compiles core and alloc
#   - wasm-bindgen-cli at exactly the version Cargo.lock pins for the crate
#   - python3 (Debian's, only if missing) for tests/js/authgear-deno.py
#   - valgrind (Debian's, only if missing): tests/linear.rs counts the
#     instructions a hook run executes, which no busy machine changes
#   - chromium (Debian's, only if missing): the configurator page's tests
#     (tests/js/configurator.test.mjs) drive it with playwright-core
#   - the write-path oracle (tests/oracle, Go modules from its go.sum) at
#     target/oracle/authgear-oracle, which every test's answers go through
#   - npm devDependencies (package-lock.json): Deno 2, binaryen, esbuild, TypeScript, terser, lzma,
#     playwright-core;
#     and Deno 1.46 from tools/deno1 (its own lock file)
# The first run on a new machine takes 10 to 25 minutes on 2 cores, most of it
# compiling wasm-bindgen-cli (it prints each crate as it goes); later runs, a
# few seconds. Each step says what it does and, when it took a while, how long.
set -euo pipefail
cd "$(dirname "$0")/.."
setup_started=$SECONDS
step_started=$SECONDS
# `step "what"`: announce a step; the previous one's time is said if it was long.
step() {
  local took=$((SECONDS - step_started))
  [ "$took" -lt 5 ] || echo "setup:   (that took ${took}s)"
  step_started=$SECONDS
  echo "setup: $1"
}

# The permission-prompt tests drive Deno through a pseudo-terminal from Python's pty.
if ! command -v python3 >/dev/null; then
  step "installing python3"
  apt-get update -qq && apt-get install -y -qq python3
fi

# The configurator page is tested in a real browser: Debian's chromium,
# driven by playwright-core (package.json) pointed at /usr/bin/chromium.
if ! command -v chromium >/dev/null; then
  step "installing chromium (Debian's), for the configurator page's browser tests"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi

# tests/linear.rs counts work with callgrind rather than timing it.
if ! command -v valgrind >/dev/null; then
  step "installing valgrind"
  apt-get update -qq && apt-get install -y -qq valgrind
fi

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  step "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! rustup component list --installed 2>/dev/null | grep -q '^rust-src'; then
  step "adding the rust-src component"
  rustup component add rust-src
fi

want=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  step "installing wasm-bindgen-cli $want (have: ${have:-none}): it compiles ~200 crates, 2 to 20 minutes, once"
  cargo install wasm-bindgen-cli --version "$want" --force
fi

# The oracle is Go (go.mod names the version; an older go fetches that
# toolchain through the module proxy).
if ! command -v go >/dev/null; then
  step "installing Go"
  apt-get update -qq && apt-get install -y -qq golang-go
fi
# Go's build cache makes this a second when nothing changed.
step "building the write-path oracle (tests/oracle)"
(cd tests/oracle && go build -o ../../target/oracle/authgear-oracle .)

stale() { [ ! -f "$1/node_modules/.package-lock.json" ] || [ "$1/package-lock.json" -nt "$1/node_modules/.package-lock.json" ]; }
if stale .; then
  step "installing npm devDependencies"
  npm ci --no-audit --no-fund --loglevel=error
fi
# deno@1.46.3 names platform packages that were never published, so `npm ci`
# refuses its lock file; `npm install` follows the same lock and tolerates them.
if stale tools/deno1; then
  step "installing Deno 1.46.3"
  npm install --prefix tools/deno1 --no-audit --no-fund --loglevel=error
fi
step "done in $((SECONDS - setup_started))s"
