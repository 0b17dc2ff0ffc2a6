#!/usr/bin/env bash
# The release check on its own: builds the release exactly as CI does, then runs the
# end-to-end tests that take it as a visitor receives it — served from a sub-path by a plain
# static server; installed by its service worker, reloaded offline with the host down,
# installable, updated (tests/e2e/offline.test.mjs and subpath.test.mjs).
# scripts/test.sh runs the same tests within the full suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
export PATH="$PWD/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
scripts/build-release.sh
scripts/bundle-size.sh
exec scripts/e2e.sh offline.test.mjs subpath.test.mjs
