#!/usr/bin/env bash
# The cross-check property tests (src/crosscheck.rs, unlzma/tests/crosscheck.rs),
# long: a million cases each by default, or as many as the first argument says.
# Not part of scripts/test.sh, which runs them at 256 cases. Release mode:
# the allocator sequences are ~10x faster there. About 25 minutes (20,000
# cases take ~30 s).
#   scripts/fuzz.sh [cases]
set -euo pipefail
cd "$(dirname "$0")/.."
export PROPTEST_CASES="${1:-1000000}"
echo "== $PROPTEST_CASES cases per property"
cargo test --release --locked --lib crosscheck
cargo test --release --locked -p unlzma --test crosscheck
