#!/usr/bin/env bash
# The configurator page on 127.0.0.1: build a config, try it on sample
# events with the hook's own core, download the finished file. Prints the
# URL; Ctrl-C stops it. Needs only Node. (`--help` for the options.)
set -euo pipefail
cd "$(dirname "$0")/.."
exec node scripts/configurator-serve.mjs "$@"
