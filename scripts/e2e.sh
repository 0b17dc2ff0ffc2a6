#!/usr/bin/env bash
# Runs the end-to-end tests (tests/e2e) against an already-built app in headless Chromium.
#
#   scripts/e2e.sh                      # tests dist/ at the repository root
#   SPANMARK_DIST=/path/to/dist scripts/e2e.sh
#   scripts/e2e.sh annotate.test.mjs    # only some test files (paths relative to tests/e2e)
#
# Build the app first (scripts/build-release.sh); this script does not build it.
# The tests serve dist/ themselves on 127.0.0.1 (at / and at /tools/spanmark/), and need
# Chromium at /usr/bin/chromium (or $SPANMARK_CHROMIUM), node >= 20 and python3.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
e2e="$repo/tests/e2e"

dist=${SPANMARK_DIST:-$repo/dist}
if [ ! -f "$dist/index.html" ]; then
  echo "e2e: no built app at $dist (no index.html): run scripts/build-release.sh first" >&2
  exit 1
fi
export SPANMARK_DIST
SPANMARK_DIST=$(cd "$dist" && pwd)

chromium=${SPANMARK_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  echo "e2e: no Chromium at $chromium: apt-get install chromium (or set SPANMARK_CHROMIUM)" >&2
  exit 1
fi
command -v python3 >/dev/null || { echo "e2e: python3 is needed (it checks exported offsets)" >&2; exit 1; }
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "e2e: node >= 20 is needed (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi

cd "$e2e"
if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/ajv ] || [ ! -d node_modules/axe-core ]; then
  echo "e2e: installing the test dependencies (npm ci in tests/e2e)" >&2
  npm ci --no-audit --no-fund --silent
fi

if [ $# -gt 0 ]; then
  files=("$@")
else
  files=(*.test.mjs)
fi
# One file at a time: each starts its own server and browser, and drags with a real mouse.
exec node --test --test-concurrency=1 --test-reporter=spec "${files[@]}"
