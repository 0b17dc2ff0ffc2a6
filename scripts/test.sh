#!/usr/bin/env bash
# Runs every test: formatting and lints, the core's native tests, the export
# formats checked by their consumers (spaCy in .venv, Python), the browser
# tests (wasm-bindgen-test in headless Chromium), then the end-to-end suite
# against the release build served over HTTP. Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
export PATH="$PWD/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER=/usr/bin/chromedriver

step() { printf '\n==> %s\n' "$*"; }
t0=$SECONDS

step "cargo fmt --check"
cargo fmt --check
step "cargo clippy (native and wasm32, all targets)"
cargo clippy --all-targets --quiet -- -D warnings
cargo clippy -p spanmark -p spanmark-core --all-targets --quiet --target wasm32-unknown-unknown -- -D warnings
step "the core's dependency tree holds no web or UI crate"
for target in "" wasm32-unknown-unknown; do
  web=$(cargo tree -p spanmark-core -e normal,build ${target:+--target "$target"} --prefix none |
    grep -E '^(web-sys|js-sys|wasm-bindgen|gloo|leptos|tachys|reactive_graph) ' || true)
  [ -z "$web" ] || { printf 'spanmark-core depends on:\n%s\n' "$web" >&2; exit 1; }
done
step "native tests (the core and the CLI)"
cargo test --quiet
step "export formats checked by their consumers (spaCy, Python)"
scripts/consumer-check.sh
step "browser tests (wasm-bindgen-test, headless Chromium)"
cargo test -p spanmark --target wasm32-unknown-unknown --tests
step "release build"
scripts/build-release.sh
scripts/bundle-size.sh
step "end-to-end tests (Playwright, headless Chromium, release build over HTTP)"
scripts/e2e.sh
printf '\nAll tests passed in %ss.\n' "$((SECONDS - t0))"
