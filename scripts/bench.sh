#!/usr/bin/env bash
# The performance benchmark (not a test): installs what is missing, builds the release,
# serves it, drives headless Chromium over a generated 1,000,000-code-point document with
# 10,000 annotations, and prints one table of medians and p95 beside the targets; the same
# table goes to bench/results.md. See README.md, "Performance".
#
#   scripts/bench.sh                  # install, build dist/, benchmark it
#   scripts/bench.sh --skip-build     # benchmark the dist/ already there
#   scripts/bench.sh --edits 500      # edits per kind (default 200)
#   scripts/bench.sh --cli-only       # only the CLI's row (scripts/bench-cli.sh)
#   scripts/bench.sh --no-cli         # without it
#
# Further options go to bench/run.mjs: --opens N (5), --seed-runs N (15), --exports N (5),
# --no-trace (skip the Chrome trace), --service-workers block, --dist DIR, --out FILE.
set -euo pipefail
cd "$(dirname "$0")/.."

build=1
cli=1
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --skip-build) build=0 ;;
    --cli-only) exec scripts/bench-cli.sh ;;
    --no-cli) cli=0 ;;
    --edits)
      [ $# -ge 2 ] || { echo "bench: --edits needs a number" >&2; exit 2; }
      args+=(--edits "$2")
      shift
      ;;
    -h | --help)
      sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *) args+=("$1") ;;
  esac
  shift
done

scripts/setup.sh --test
export PATH="$PWD/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

if [ "$build" = 1 ]; then
  echo "[bench] building the release (scripts/build-release.sh)" >&2
  scripts/build-release.sh
elif [ ! -f "${SPANMARK_DIST:-dist}/index.html" ]; then
  echo "bench: --skip-build, but there is no built app in ${SPANMARK_DIST:-dist}/ (no index.html)" >&2
  exit 1
fi

node bench/run.mjs ${args[@]+"${args[@]}"}
# The CLI's row: `spanmark convert` of the same novel to every format.
if [ "$cli" = 1 ]; then
  scripts/bench-cli.sh
fi
