#!/usr/bin/env bash
# The CLI's benchmark row (not a test): builds `spanmark` with the profile it is installed
# with, takes the benchmark novel (1,000,000 code points, 10,000 annotations, the file
# bench/lib/gen.mjs writes: reused from bench/out/ when there, else generated), and times
# `spanmark convert` of it to every export format, median of N runs each, beside a
# reference measured in the same run: Python reading and writing the same JSON file
# (json.load + json.dump, interpreter start included, as the CLI's start is). Prints one
# table; the target is a median of at most 1 s per format.
#
#   scripts/bench-cli.sh               # build (profile release, as cargo install), 7 runs per format
#   scripts/bench-cli.sh --runs 11     # more runs
#   scripts/bench-cli.sh --skip-build  # time the binary already built
set -euo pipefail
cd "$(dirname "$0")/.."

runs=7
build=1
profile=release
while [ $# -gt 0 ]; do
  case "$1" in
    --runs)
      [ $# -ge 2 ] || { echo "bench-cli: --runs needs a number" >&2; exit 2; }
      runs="$2"
      shift
      ;;
    --profile)
      [ $# -ge 2 ] || { echo "bench-cli: --profile needs a name" >&2; exit 2; }
      profile="$2"
      shift
      ;;
    --skip-build) build=0 ;;
    -h | --help)
      sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *) echo "bench-cli: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[ "$runs" -ge 5 ] 2>/dev/null || { echo "bench-cli: --runs must be 5 or more" >&2; exit 2; }

dir="target/$profile"
if [ "$build" = 1 ]; then
  echo "[bench-cli] cargo build --profile $profile -p spanmark-cli" >&2
  cargo build --profile "$profile" -p spanmark-cli >&2
fi
bin="$dir/spanmark"
[ -x "$bin" ] || { echo "bench-cli: no $bin (run without --skip-build)" >&2; exit 1; }

work=target/bench-cli
mkdir -p "$work"
novel=bench/out/benchmark-novel.spanmark.json
if [ ! -f "$novel" ]; then
  novel="$work/benchmark-novel.spanmark.json"
  if [ ! -f "$novel" ]; then
    echo "[bench-cli] generating $novel (node bench/lib/gen.mjs)" >&2
    node bench/lib/gen.mjs --out "$novel" >/dev/null
  fi
fi

exec python3 - "$bin" "$novel" "$work" "$runs" "$profile" <<'PY'
import json, os, shutil, statistics, subprocess, sys, time

bin_, novel, work, runs, profile = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
out = os.path.join(work, "out")
ids = ["spanmark", "doccano", "doccano-utf16", "spacy", "label-studio", "w3c", "brat", "conll"]
doc = json.load(open(novel, encoding="utf-8"))["documents"][0]
cps, anns = len(doc["text"]), len(doc["annotations"])
size = os.path.getsize(novel)

def timed(cmd):
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t

def median(cmd):
    timed(cmd)  # warm the page cache and the binary
    xs = [timed(cmd) for _ in range(runs)]
    return statistics.median(xs), min(xs), max(xs)

ref_cmd = [sys.executable, "-c",
           "import json,sys; json.dump(json.load(open(sys.argv[1], encoding='utf-8')), open(sys.argv[2], 'w', encoding='utf-8'))",
           novel, os.path.join(work, "python-copy.json")]
ref = median(ref_cmd)
rows = []
for f in ids:
    shutil.rmtree(out, ignore_errors=True)
    cmd = [bin_, "convert", novel, "--to", f, "--out", out, "--exported-at", "2026-01-01T00:00:00.000Z", "-q"]
    m = median(cmd)
    name = os.listdir(out)[0]
    rows.append((f, m, os.path.getsize(os.path.join(out, name))))

print(f"spanmark convert, {cps:,} code points, {anns:,} annotations ({size/1e6:.2f} MB native JSON), "
      f"profile {profile}, median of {runs} runs")
print(f"{'':24} {'median':>9} {'min':>9} {'max':>9} {'÷ ref':>7} {'output':>10}  target ≤ 1 s")
print(f"{'reference: Python JSON':24} {ref[0]*1e3:7.0f}ms {ref[1]*1e3:7.0f}ms {ref[2]*1e3:7.0f}ms {1:7.2f} {os.path.getsize(os.path.join(work, 'python-copy.json'))/1e6:8.2f}MB")
worst = 0
for f, (med, lo, hi), n in rows:
    worst = max(worst, med)
    print(f"{'→ ' + f:24} {med*1e3:7.0f}ms {lo*1e3:7.0f}ms {hi*1e3:7.0f}ms {med/ref[0]:7.2f} {n/1e6:8.2f}MB  {'ok' if med <= 1 else 'OVER'}")
print(f"slowest median {worst*1e3:.0f} ms: {'within' if worst <= 1 else 'over'} the 1 s target")
PY
