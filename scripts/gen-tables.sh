#!/usr/bin/env bash
# Regenerate src/data/{countries,zones}.rs from pinned upstream packages.
set -euo pipefail
cd "$(dirname "$0")/.."
lib=.cache/gen-tables
python3 -m pip install --quiet --disable-pip-version-check --target "$lib" \
  tzdata==2026.6 phonenumbers==9.0.43
PYTHONPATH="$lib" python3 scripts/gen-tables.py src/data
