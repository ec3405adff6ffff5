#!/usr/bin/env bash
# Sets up what the tests need, then runs every test:
#   rustfmt, clippy, deno lint and check, the write-path oracle's own tests
#   (tests/oracle, Go), Rust unit and integration tests, a bounded libFuzzer
#   run of each fuzz target (fuzz/, scripts/fuzz-run.sh)
#   (with the cross-check property tests at 256 cases; scripts/fuzz.sh runs
#   them long), the pkg/ freshness check (rebuild and compare), and the JS suite that runs the built hook under Deno 2,
#   Deno 1.46 and Node 20 the way Authgear does.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
echo "== cargo fmt --check"
cargo fmt --all --check
cargo fmt --check --manifest-path fuzz/Cargo.toml
echo "== cargo clippy (native, all targets; wasm32, the libraries each of the three cores is built from)"
cargo clippy --locked --workspace --all-targets -- -D warnings
# Integration tests link the no_std library, which cannot host std tests on
# wasm32; the wasm build's own code (src/wasm/, unlzma's exports) is checked here.
RUSTC_BOOTSTRAP=1 cargo clippy --locked --workspace --lib --target wasm32-unknown-unknown -- -D warnings
# The Node twin's core: explain mode compiled in.
RUSTC_BOOTSTRAP=1 cargo clippy --locked --workspace --lib --target wasm32-unknown-unknown --features enrich-hook/login -- -D warnings
RUSTC_BOOTSTRAP=1 cargo clippy --locked --workspace --lib --target wasm32-unknown-unknown --features enrich-hook/explain,enrich-hook/login -- -D warnings
echo "== deno fmt --check, deno lint, deno check (js-shim/'s modules and the other TypeScript; the JavaScript from its JSDoc)"
DENO=node_modules/deno/deno
# js-shim/generated/ is written by the build (and compared by its --check): its files opt out themselves.
NO_COLOR=1 "$DENO" fmt --check --line-width 120 js-shim configurator build backfill scripts bench tests/js
NO_COLOR=1 "$DENO" lint js-shim configurator build backfill scripts bench tests/js
NO_COLOR=1 "$DENO" check --quiet js-shim/*.ts js-shim/types/*.ts tests/js/authgear-runner.ts tests/js/authgear-types.ts bench/*.ts bench/hooks/*.ts
# The page runs in a browser: the DOM's types (its own config).
NO_COLOR=1 "$DENO" check --quiet --config configurator/deno.jsonc configurator/main.ts
NO_COLOR=1 "$DENO" check --quiet --config checkjs.deno.jsonc build/*.mjs backfill/*.mjs scripts/*.mjs bench/*.mjs tests/js/*.mjs
echo "== the write-path oracle's own tests (tests/oracle: gofmt, go vet, go test)"
(cd tests/oracle && test -z "$(gofmt -l .)" && go vet . && go test -count=1 .)
echo "== cargo test"
cargo test --locked --workspace
echo "== coverage-guided fuzzing of the core: up to 30,000 inputs a target (120 s at most) from the committed seeds, reproducibly; each says how many ran (scripts/fuzz.sh runs it long)"
FUZZ_RUNS=30000 scripts/fuzz-run.sh 120
echo "== pkg/ and js-shim/generated/ freshness (rebuild from source, compare with the committed files)"
node build/hook.mjs --check
echo "== built hook under Deno 2, Deno 1.46, Node 20; the configurator page in chromium"
node --test tests/js/
