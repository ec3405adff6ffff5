#!/usr/bin/env bash
# Coverage-guided fuzzing of the sans-IO core with libFuzzer (fuzz/).
#   scripts/fuzz-run.sh SECONDS [TARGET...]   (targets: event config provider; default all)
# Each target starts from its committed seeds (fuzz/corpus/<target>/) and
# writes what it learns to target/fuzz/corpus/<target>/ (not committed); a
# crash is saved as target/fuzz/artifacts/<target>/crash-* and fails the run.
# FUZZ_RUNS=N: a reproducible run instead (what scripts/test.sh does): N
# inputs per target from the committed seeds alone, seed 1, SECONDS a cap.
# No nightly toolchain: the coverage instrumentation is rustc's stable
# -C passes=sancov-module, which is all cargo-fuzz adds without sanitizers.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:?usage: scripts/fuzz-run.sh SECONDS [TARGET...]}
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(event config provider)
host=$(rustc -vV | awk '/^host:/ {print $2}')
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
 -Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
 -Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Cdebug-assertions -Coverflow-checks"
# --target keeps the flags off build scripts and proc macros.
cargo build --locked --release --quiet --manifest-path fuzz/Cargo.toml --target "$host" --target-dir target/fuzz
export ENRICH_ORACLE="$PWD/target/oracle/authgear-oracle"
for t in "${targets[@]}"; do
  work=target/fuzz/corpus/$t art=target/fuzz/artifacts/$t
  repro=()
  if [ -n "${FUZZ_RUNS:-}" ]; then
    work=$(mktemp -d)
    repro=(-runs="$FUZZ_RUNS" -seed=1)
  fi
  mkdir -p "$work" "$art"
  echo "== fuzz $t: ${FUZZ_RUNS:+up to $FUZZ_RUNS inputs, }at most ${secs}s"
  log=$(mktemp)
  "target/fuzz/$host/release/$t" -max_total_time="$secs" "${repro[@]}" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$art/" "$work" "fuzz/corpus/$t" >"$log" 2>&1 || true
  grep -E '^(stat::peak_rss|==|INFO: seed corpus)|panicked|Error|SUMMARY' "$log" || true
  # What actually ran: a busy machine may reach the time cap before the count.
  ran=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  if [ -n "${FUZZ_RUNS:-}" ] && [ -n "$ran" ] && [ "$ran" -lt "$FUZZ_RUNS" ]; then
    echo "fuzz $t: $ran inputs ran (of $FUZZ_RUNS asked): stopped at the ${secs} s cap"
  else
    echo "fuzz $t: ${ran:-?} inputs ran"
  fi
  rm -f "$log"
  [ -z "${FUZZ_RUNS:-}" ] || rm -rf "$work"
  if [ -n "$(ls -A "$art")" ]; then
    echo "fuzz $t: found a failing input:"; ls "$art"
    exit 1
  fi
done
