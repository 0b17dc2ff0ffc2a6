#!/usr/bin/env bash
# Prints the release bundle in dist/: bytes raw and gzip -9, per kind.
set -euo pipefail
cd "$(dirname "$0")/.."
printf '%-6s %10s %10s\n' kind raw gzip
tr=0; tg=0
for kind in wasm js css html; do
  raw=0; gz=0
  for f in dist/*."$kind"; do
    [ -f "$f" ] || continue
    raw=$((raw + $(stat -c%s "$f")))
    gz=$((gz + $(gzip -9c "$f" | wc -c)))
  done
  printf '%-6s %10d %10d\n' "$kind" "$raw" "$gz"
  tr=$((tr + raw)); tg=$((tg + gz))
done
printf '%-6s %10d %10d\n' total "$tr" "$tg"
