#!/usr/bin/env bash
# Long runs of what scripts/test.sh runs briefly:
#   - the cross-check property tests (src/crosscheck.rs, unlzma/tests/crosscheck.rs),
#     a million cases each by default (the suite runs 256); release mode, where
#     the allocator sequences are ~10x faster; about 25 minutes;
#   - the libFuzzer targets (fuzz/), an hour each by default (the suite runs 45 s).
#   scripts/fuzz.sh [cases] [seconds per fuzz target]
set -euo pipefail
cd "$(dirname "$0")/.."
export PROPTEST_CASES="${1:-1000000}"
echo "== $PROPTEST_CASES cases per property"
cargo test --release --locked --lib crosscheck
cargo test --release --locked -p unlzma --test crosscheck
scripts/fuzz-run.sh "${2:-3600}"
