#!/usr/bin/env bash
# Installs whatever this machine lacks to build (and, with --test, to test) spanmark.
# Idempotent: every tool whose installed version already matches is skipped, so a
# second run costs seconds. Only crates.io, npm, Debian and rustup are reachable on
# our machines, so nothing here downloads from GitHub (Trunk's own habit).
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130 # must equal Cargo.lock's wasm-bindgen
BINARYEN_VERSION=132
want_test=0
[ "${1:-}" = "--test" ] && want_test=1

log() { printf '[setup] %s\n' "$*" >&2; }

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION"; then
  log "installing trunk $TRUNK_VERSION (about 12 minutes, once)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION"; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 3 minutes, once)"
  # Not --locked: its lock file pins a crate version the registry mirror lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# The release build's nightly (scripts/release-env.sh). Its download failing is not fatal:
# build-release.sh then warns and builds with stable.
. scripts/release-env.sh
if ! spanmark_nightly_installed; then
  log "installing $SPANMARK_NIGHTLY with rust-src and the wasm32 target (the release build's, once)"
  rustup toolchain install "$SPANMARK_NIGHTLY" --profile minimal \
    --component rust-src --target wasm32-unknown-unknown ||
    spanmark_warn "could not install $SPANMARK_NIGHTLY: release builds will use stable"
fi

# Builds run --offline, so every crate must already be in Cargo's cache: the app's for every
# platform (`--target wasm32` alone would miss the host's for build scripts and proc macros),
# then std's own workspace for the build-std release. `--offline` first keeps a second run
# from touching the network.
if ! cargo fetch --offline --quiet >/dev/null 2>&1; then
  log "fetching the crates of Cargo.lock"
  cargo fetch --quiet
fi
if spanmark_nightly_installed && ! spanmark_std_fetched; then
  log "fetching the crates of std's workspace for $SPANMARK_NIGHTLY"
  spanmark_fetch_std || spanmark_warn "could not fetch std's crates: release builds will use stable"
fi

# wasm-opt from npm's binaryen; Debian's binaryen 108 produces a blank page.
if ! .tools/node_modules/.bin/wasm-opt --version 2>/dev/null | grep -q "version $BINARYEN_VERSION"; then
  log "installing binaryen $BINARYEN_VERSION (wasm-opt) from npm into .tools/"
  mkdir -p .tools
  npm install --prefix .tools --no-audit --no-fund --silent "binaryen@$BINARYEN_VERSION"
fi

if [ "$want_test" = 1 ]; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    log "installing Debian's chromium and chromium-driver"
    SUDO=""
    [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
  if [ ! -d tests/e2e/node_modules/playwright-core ] || [ ! -d tests/e2e/node_modules/axe-core ]; then
    log "installing the end-to-end test dependencies (npm ci in tests/e2e)"
    (cd tests/e2e && npm ci --no-audit --no-fund --silent)
  fi
fi
log "tools ready"
