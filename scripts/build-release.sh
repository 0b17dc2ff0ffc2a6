#!/usr/bin/env bash
# Builds the release into dist/: the one way every script (and the README) makes it, so what
# is tested, benchmarked, measured and deployed is the same build. Run scripts/setup.sh first;
# this script downloads nothing. Arguments go to `trunk build`, with paths relative to the
# repository root, e.g. `scripts/build-release.sh --dist /tmp/dist`.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
. scripts/release-env.sh
spanmark_release_env
exec trunk build --release --offline "$@"
