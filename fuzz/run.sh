#!/usr/bin/env bash
# A short fuzz run of every target (or of those named), for CI or by hand:
# FUZZ_SECONDS (default 30) per target, with debug assertions (integer
# overflow panics), starting from the committed corpus. New inputs go to a
# scratch directory, so the committed corpus does not grow; crashes are
# saved under fuzz/artifacts/<target>/. Needs a nightly toolchain and
# cargo-fuzz (installed when missing); without nightly it says so and
# exits 0, since `cargo test` replays the corpus anyway. Exits 1 when a
# target crashed.
set -euo pipefail
cd "$(dirname "$0")"
secs="${FUZZ_SECONDS:-30}"

if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "fuzz: skipped, no nightly toolchain (cargo test replays fuzz/corpus)"
  exit 0
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz"
  if ! cargo install --locked cargo-fuzz; then
    echo "fuzz: skipped, cargo-fuzz could not be installed"
    exit 0
  fi
fi

if [ "$#" -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <(cargo +nightly fuzz list)
fi

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
failed=()
for t in "${targets[@]}"; do
  echo "==> fuzz $t for ${secs}s"
  mkdir -p "$scratch/$t"
  if ! cargo +nightly fuzz run --debug-assertions "$t" "$scratch/$t" "corpus/$t" -- \
      -max_total_time="$secs" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1; then
    failed+=("$t")
  fi
done
if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzz: crashes in ${failed[*]} (see fuzz/artifacts/)"
  exit 1
fi
echo "fuzz: ${#targets[@]} targets ran ${secs}s each without a crash"
