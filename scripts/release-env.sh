# Sourced, not run: the one place that names the toolchain and settings of the release build,
# shared by setup.sh (installs them), build-release.sh and serve.sh (use them).
#
# The release Wasm is built by a pinned nightly that recompiles the standard library for it
# (build-std) with std's size-optimised code paths and panics that abort on the spot: no
# panic machinery, no formatted messages, no location strings. See README.md, "Deploying".
# Bump the date on purpose only: another nightly is another compiler, and the bundle sizes,
# benchmarks and end-to-end results were measured with this one.

SPANMARK_NIGHTLY=nightly-2026-05-20 # rustc 1.97.0-nightly (e50aa6fba 2026-05-19)

# `std,panic_abort`: immediate-abort still links the panic_abort runtime crate.
SPANMARK_BUILD_STD=std,panic_abort
# The smallest bundle measured (gzip -9 total of dist/): optimize_for_size 254,650 B, std's
# default features 260,772 B, none at all (an empty list) 260,229 B.
SPANMARK_BUILD_STD_FEATURES=optimize_for_size

# Cargo appends these to the rustflags of .cargo/config.toml (it merges the two lists), so the
# --remap-path-prefix there still applies.
SPANMARK_WASM_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort"

spanmark_warn() { printf '\n[release] WARNING: %s\n\n' "$*" >&2; }

# Fails (status 1, with the reason) when SPANMARK_REQUIRE_NIGHTLY=1 forbids the stable fallback.
spanmark_require_nightly() {
  [ "${SPANMARK_REQUIRE_NIGHTLY:-0}" = 1 ] || return 0
  printf '\n[release] ERROR: %s, and SPANMARK_REQUIRE_NIGHTLY=1 forbids building with stable.\n\n' "$1" >&2
  return 1
}

# The pinned nightly has both rustup components a build-std Wasm build needs.
spanmark_nightly_installed() {
  local have
  have=$(rustup component list --toolchain "$SPANMARK_NIGHTLY" --installed 2>/dev/null) || return 1
  grep -qx rust-src <<<"$have" && grep -qx rust-std-wasm32-unknown-unknown <<<"$have"
}

# Fetches the crates of std's own workspace (and the app's) for the build-std release; extra
# arguments go to `cargo fetch` (--offline: only check Cargo's cache).
spanmark_fetch_std() {
  CARGO_UNSTABLE_BUILD_STD=$SPANMARK_BUILD_STD \
    cargo "+$SPANMARK_NIGHTLY" fetch --quiet --target wasm32-unknown-unknown "$@"
}

# Every crate of std's own workspace (and the app's) is in Cargo's cache, so --offline builds
# resolve. Stricter than the build (fetch ignores features), which is the safe side.
spanmark_std_fetched() {
  spanmark_fetch_std --offline >/dev/null 2>&1
}

# Exports the release build's environment. Without the nightly (rustup's server was out of
# reach when setup.sh ran, or SPANMARK_RELEASE_STABLE=1) it warns and leaves the stable
# toolchain in charge: the bundle is ~28 KB (gzip) larger but works the same, and a build or
# CI run does not fail over a download. With SPANMARK_REQUIRE_NIGHTLY=1 (the Pages deploy)
# a missing nightly is an error instead: what is published is the build that was measured.
spanmark_release_env() {
  if [ "${SPANMARK_RELEASE_STABLE:-0}" = 1 ]; then
    printf '[release] SPANMARK_RELEASE_STABLE=1: building with the stable toolchain\n' >&2
    return 0
  fi
  if ! spanmark_nightly_installed; then
    spanmark_require_nightly "$SPANMARK_NIGHTLY (with rust-src and the wasm32 target) is not installed" || return 1
    spanmark_warn "$SPANMARK_NIGHTLY (with rust-src and the wasm32 target) is not installed;" \
      "building the release with the STABLE toolchain instead (larger Wasm)." \
      "Run scripts/setup.sh with rustup's server reachable to install it."
    return 0
  fi
  if ! spanmark_std_fetched; then
    spanmark_require_nightly "the crates of std's workspace for $SPANMARK_NIGHTLY are not in Cargo's cache" || return 1
    spanmark_warn "the crates of std's workspace for $SPANMARK_NIGHTLY are not all in Cargo's" \
      "cache, and this build is --offline; building the release with the STABLE toolchain" \
      "instead (larger Wasm). Run scripts/setup.sh with crates.io reachable to fetch them."
    return 0
  fi
  export RUSTUP_TOOLCHAIN=$SPANMARK_NIGHTLY
  export CARGO_UNSTABLE_BUILD_STD=$SPANMARK_BUILD_STD
  export CARGO_UNSTABLE_BUILD_STD_FEATURES=$SPANMARK_BUILD_STD_FEATURES
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS=$SPANMARK_WASM_RUSTFLAGS
  printf '[release] %s, build-std (%s), features [%s], panic=immediate-abort\n' \
    "$SPANMARK_NIGHTLY" "$SPANMARK_BUILD_STD" "$SPANMARK_BUILD_STD_FEATURES" >&2
}
