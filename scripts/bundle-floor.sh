#!/usr/bin/env bash
# The bundle's floor without any UI: builds the core crate and src/web alone (no Leptos, no
# components) with bench/floor/main.rs, which makes every entry point of the two layers
# reachable, exactly as the release is built (the pinned nightly of scripts/release-env.sh,
# wasm-bindgen, wasm-opt with index.html's level and flags), and prints raw and gzip -9 sizes
# next to the CSS and HTML of dist/. Whatever renders the UI comes on top of this. Not part of
# the tests (about two minutes); run scripts/setup.sh first. Builds in target/bundle-floor/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
work=$PWD/target/bundle-floor
rm -rf "$work/src" "$work/out"
rm -rf "$work/crates"
mkdir -p "$work/src" "$work/.cargo" "$work/assets" "$work/crates"
cp -r src/web "$work/src/"
cp -r crates/spanmark-core "$work/crates/"
cp bench/floor/main.rs "$work/src/main.rs"
printf 'pub mod web;\n' >"$work/src/lib.rs"
cp Cargo.lock "$work/"
cp .cargo/config.toml "$work/.cargo/"
cp assets/seed-article.txt "$work/assets/"
# The app's manifest without the UI framework; `[workspace]` stays, so the copy is its own.
sed -e '/^leptos = /d' -e '/^exclude = \["fuzz"\]$/d' -e '/^members = /d' -e '/^default-members = /d' Cargo.toml >"$work/Cargo.toml"

. scripts/release-env.sh
spanmark_release_env
(cd "$work" && cargo build --release --offline --target wasm32-unknown-unknown --bin spanmark-app)
wasm-bindgen --target web --no-typescript --out-dir "$work/out" \
  "$work/target/wasm32-unknown-unknown/release/spanmark-app.wasm"
level=$(sed -n 's/.*data-wasm-opt="\([^"]*\)".*/\1/p' index.html)
read -r -a flags <<<"$(sed -n 's/.*data-wasm-opt-params="\([^"]*\)".*/\1/p' index.html)"
wasm-opt "-O$level" "${flags[@]}" "$work/out/spanmark-app_bg.wasm" -o "$work/out/floor.wasm"

gz() { gzip -9c "$1" | wc -c; }
printf '%-26s %10s %10s\n' 'core + web, no UI' raw gzip
tr=0; tg=0
for f in "$work/out/floor.wasm" "$work/out/spanmark-app.js" dist/*.css dist/index.html; do
  [ -f "$f" ] || { echo "missing $f (build the release first for dist/)" >&2; exit 1; }
  r=$(stat -c%s "$f"); g=$(gz "$f")
  printf '%-26s %10d %10d\n' "$(basename "$f")" "$r" "$g"
  tr=$((tr + r)); tg=$((tg + g))
done
printf '%-26s %10d %10d\n' total "$tr" "$tg"
