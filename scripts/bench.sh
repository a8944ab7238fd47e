#!/usr/bin/env bash
# Benchmark (a separate command, not part of `make test`): the native CLI's whole report — parse
# both files and compute every default statistic — on the data of bench/make_perf_data.py (made in
# perf-data/ when missing), side by side with the Python baselines of bench/ (pandas + scipy loop,
# Evidently's DataDriftPreset) on the same files and machine.
#
#   scripts/bench.sh [SIZE ...]        sizes: 100k_20 1M_20 1M_100 (default: 100k_20 1M_20)
# Env: PERF_DATA (default ./perf-data), RUNS (driftcard repetitions, default 3),
#      BASELINES=0 to skip the Python tools, PY to use your own python (else .bench-venv is made).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${*:-"100k_20 1M_20"}
RUNS=${RUNS:-3}
export DRIFTCARD_PERF_DATA=${PERF_DATA:-$PWD/perf-data}
PERF=$PWD/bench

if [ -z "${PY:-}" ]; then
  if [ ! -x .bench-venv/bin/python ]; then
    python3 -m venv .bench-venv
    # Versions pinned for the numbers in BENCHMARKS.md (python 3.11; BASELINE.md used 3.12 and numpy 2.5).
    .bench-venv/bin/pip install -q numpy==2.3.5 pyarrow==26.0.1 "pandas==2.3.3" scipy==1.17.1 evidently==0.7.23
  fi
  PY=$PWD/.bench-venv/bin/python
fi

for size in $SIZES; do
  [ -f "$DRIFTCARD_PERF_DATA/$size/production.csv" ] || "$PY" "$PERF/make_perf_data.py" "$size"
done

cargo build --profile native --bin driftcard --quiet
BIN=target/native/driftcard

wall() { /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -1; }

printf '| size | tool | wall (s) | peak RSS (MiB) |\n|---|---|---:|---:|\n'
for size in $SIZES; do
  dir="$DRIFTCARD_PERF_DATA/$size"
  best=""
  for _ in $(seq "$RUNS"); do
    read -r s kb < <(wall "$BIN" report --reference "$dir/reference.csv" --production "$dir/production.csv" --json /tmp/driftcard-bench.json)
    if [ -z "$best" ] || awk "BEGIN{exit !($s < $best)}"; then best=$s; rss=$kb; fi
  done
  printf '| %s | driftcard report (best of %s) | %s | %s |\n' "$size" "$RUNS" "$best" "$((rss / 1024))"
  if [ "${BASELINES:-1}" != 0 ]; then
    for task in scipy evidently; do
      read -r s kb < <(wall "$PY" "$PERF/bench.py" "$task" "$dir")
      printf '| %s | python %s | %s | %s |\n' "$size" "$task" "$s" "$((kb / 1024))"
    done
  fi
done

# The page itself (wasm in the worker, headless Chromium): parse and Analyze → fully rendered
# report on the smallest size (needs dist/: scripts/build.sh). PAGE=0 skips it.
if [ "${PAGE:-1}" != 0 ] && [ -f dist/index.html ]; then
  size=$(echo "$SIZES" | awk '{print $1}')
  echo
  echo "page timings on $size (scripts/page-timing.mjs):"
  node scripts/page-timing.mjs "$DRIFTCARD_PERF_DATA/$size/reference.csv" "$DRIFTCARD_PERF_DATA/$size/production.csv" 3
fi
