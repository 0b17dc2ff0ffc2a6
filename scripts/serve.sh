#!/usr/bin/env bash
# Serves the app at http://127.0.0.1:8080/ (installing whatever is missing first).
# Extra arguments go to `trunk serve`, e.g. `scripts/serve.sh --port 9000`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# The release build's toolchain and settings, so what is served is what is measured and shipped.
. scripts/release-env.sh
spanmark_release_env
# Defaults through Trunk's environment, not flags: a flag given twice is an error, so
# `--port 9000` could not override one.
export TRUNK_SERVE_ADDRESS=${TRUNK_SERVE_ADDRESS:-127.0.0.1} TRUNK_SERVE_PORT=${TRUNK_SERVE_PORT:-8080}
exec trunk serve --offline --release "$@"
