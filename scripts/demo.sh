#!/usr/bin/env bash
# Runs the committed hook (pkg/enrich-hook.ts) on a sample event as Authgear
# does — the portal's deno check, then deno run with no network — and prints
# the answer, the log lines and, per attribute, why. Needs only Node: Deno
# comes from npm (package-lock.json) on the first run.
#   scripts/demo.sh [event.json] [config.json]
# With config.json (the config block's object, as JSON) in place of the file's
# block. To try your own edited file: node scripts/run-hook.mjs --hook FILE.ts
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
  exit 0
fi
event=${1:-samples/email-signup.json}
config=${2:-}
if [ ! -x node_modules/deno/deno ]; then
  echo "demo: installing Deno from npm (once)"
  npm ci --no-audit --no-fund --loglevel=error
fi
exec node scripts/run-hook.mjs --hook pkg/enrich-hook.ts ${config:+--config "$config"} "$event"
