#!/usr/bin/env bash
# Runs the committed hook (pkg/) on a sample event and prints the response,
# then the explanation of each value. Needs only Node; installs Deno from npm
# to show the run as Authgear does it (fresh process, no network).
#   scripts/demo.sh [event.json] [config.json]
set -euo pipefail
cd "$(dirname "$0")/.."
event=${1:-samples/email-signup.json}
config=${2:-}
if [ ! -x node_modules/.bin/deno ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
hook=pkg/enrich-hook.ts
if [ -n "$config" ]; then
  hook=$(mktemp --suffix=.ts)
  node -e '
    const fs = require("fs");
    const src = fs.readFileSync("pkg/enrich-hook.ts", "utf8");
    const cfg = fs.readFileSync(process.argv[1], "utf8");
    fs.writeFileSync(process.argv[2], src.replace(/\/\/ ---- config: begin ----[\s\S]*?\/\/ ---- config: end ----/,
      "const config: EnrichConfig = " + cfg.trim() + ";"));' "$config" "$hook"
fi
out=$(mktemp)
in=$(realpath "$event")
script=$(realpath "$hook")
echo "== $event through $hook, as Authgear runs it (deno run, no network):"
DENO_NO_UPDATE_CHECK=1 node_modules/.bin/deno run --quiet --allow-read="$script,$in" --allow-write="$out" \
  tests/js/authgear-runner.ts "$script" "$in" "$out"
node -e 'console.log(JSON.stringify(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")), null, 2))' "$out"
echo
echo "== explain (node scripts/run-hook.mjs --explain):"
node scripts/run-hook.mjs --explain ${config:+--config "$config"} "$event" | sed -n '/^explain:/,$p'
