#!/usr/bin/env bash
# Checks the export formats with their consumers: a native test writes every format for
# fixture documents (emoji, combining marks, CRLF, overlaps) into target/consumer-fixtures,
# then tests/consumers/check_exports.py loads them with spaCy and re-slices the rest in
# Python. Sets up .venv with spaCy first (once; skipped when spaCy is importable).
#
#   scripts/consumer-check.sh              # fixtures
#   scripts/consumer-check.sh DIR          # files downloaded from the app instead
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.venv
if ! "$venv/bin/python" -c 'import spacy' 2>/dev/null; then
  echo "[consumer-check] setting up $venv with spaCy (once)" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check 'spacy>=3.7,<4'
fi

if [ $# -gt 0 ]; then
  exec "$venv/bin/python" tests/consumers/check_exports.py "$@"
fi
out=$PWD/target/consumer-fixtures
rm -rf "$out"
mkdir -p "$out"
SPANMARK_FIXTURE_DIR="$out" cargo test --quiet -p spanmark-core --test formats write_fixture_exports -- --exact >/dev/null
"$venv/bin/python" tests/consumers/check_exports.py "$out" --expect-all
