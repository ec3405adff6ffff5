#!/usr/bin/env bash
# Sets up what the tests need, then runs every test:
#   Rust unit and integration tests, the pkg/ freshness check (rebuild and
#   compare), and the JS suite that runs the built hook under Deno 2,
#   Deno 1.46 and Node 20 the way Authgear does.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
echo "== cargo fmt --check"
cargo fmt --all --check
echo "== cargo test"
cargo test --locked --workspace
echo "== pkg/ freshness (rebuild from source, compare with the committed files)"
node js-shim/build.mjs --check
echo "== built hook under Deno 2, Deno 1.46, Node 20"
node --test tests/js/
