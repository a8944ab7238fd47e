#!/usr/bin/env bash
# `make bench` (a separate command, not part of `make test`): driftcard's CLI (built as the README
# says, `cargo build --release`) and the page (headless Chromium: files chosen → fully rendered
# report, scripts/page-timing.mjs) side by side with the Python baselines (pandas + scipy loop,
# Evidently's DataDriftPreset; bench/bench.py) on the same generated files in the same run, then
# the table of wall times and ratios for BENCHMARKS.md.
#
#   scripts/bench.sh [SIZE ...]     sizes: 100k_20 1M_20 1M_100 (default: 100k_20 1M_20)
# Env: PERF_DATA (default ./perf-data), RUNS (driftcard repetitions, best kept; default 3),
#      BASELINES=0 skips the Python tools, PAGE=0 skips the page, PY picks your own python
#      (else .bench-venv is made with the pinned versions below).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${*:-"100k_20 1M_20"}
RUNS=${RUNS:-3}
export DRIFTCARD_PERF_DATA=${PERF_DATA:-$PWD/perf-data}
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
OUT=$PWD/target/bench
mkdir -p "$OUT"

if [ -z "${PY:-}" ]; then
  if [ ! -x .bench-venv/bin/python ]; then
    python3 -m venv .bench-venv
    # Versions pinned for the numbers in BENCHMARKS.md.
    .bench-venv/bin/pip install -q numpy==2.3.5 pyarrow==26.0.1 "pandas==2.3.3" scipy==1.17.1 evidently==0.7.23
  fi
  PY=$PWD/.bench-venv/bin/python
fi

for size in $SIZES; do
  [ -f "$DRIFTCARD_PERF_DATA/$size/production.csv" ] || "$PY" bench/make_perf_data.py "$size"
done

cargo build --release --bin driftcard --quiet
BIN=target/release/driftcard
if [ "${PAGE:-1}" != 0 ] && [ ! -f dist/index.html ]; then scripts/build.sh; fi

wall() { /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "–"; else printf "%.1f×", a / b }'; }

rows=()
for size in $SIZES; do
  dir="$DRIFTCARD_PERF_DATA/$size"
  echo "== $size" >&2
  best=""
  for _ in $(seq "$RUNS"); do
    read -r s kb < <(wall "$BIN" report --reference "$dir/reference.csv" --production "$dir/production.csv" --json "$OUT/cli.json")
    if [ -z "$best" ] || awk "BEGIN{exit !($s < $best)}"; then best=$s; rss=$((kb / 1024)); fi
  done
  cli=$best; cli_rss=$rss
  echo "   cli $cli s" >&2
  page=""; page_rss=""
  if [ "${PAGE:-1}" != 0 ]; then
    node scripts/page-timing.mjs "$dir/reference.csv" "$dir/production.csv" "$RUNS" --json "$OUT/page-$size.json" >&2
    read -r page page_rss < <(node -e '
      const r = require(process.argv[1]);
      const b = r.reduce((a, x) => (x.total_ms < a.total_ms ? x : a));
      console.log((b.total_ms / 1000).toFixed(2), b.peak_rss_mib);' "$OUT/page-$size.json")
  fi
  scipy=""; evidently=""; scipy_rss=""; evidently_rss=""
  if [ "${BASELINES:-1}" != 0 ]; then
    read -r scipy kb < <(wall "$PY" bench/bench.py scipy "$dir"); scipy_rss=$((kb / 1024))
    echo "   pandas + scipy $scipy s" >&2
    read -r evidently kb < <(wall "$PY" bench/bench.py evidently "$dir"); evidently_rss=$((kb / 1024))
    echo "   evidently $evidently s" >&2
  fi
  rows+=("| $size | driftcard page (best of $RUNS; files chosen → report rendered) | ${page:-–} | ${page_rss:-–} | $(ratio "$evidently" "$page") | $(ratio "$scipy" "$page") |")
  rows+=("| $size | driftcard CLI \`cargo build --release\` (best of $RUNS) | $cli | $cli_rss | $(ratio "$evidently" "$cli") | $(ratio "$scipy" "$cli") |")
  rows+=("| $size | pandas + scipy loop | ${scipy:-–} | ${scipy_rss:-–} | | |")
  rows+=("| $size | Evidently 0.7.23 DataDriftPreset | ${evidently:-–} | ${evidently_rss:-–} | | |")
done

echo
echo "$(date -u +%F) · $(nproc) cores · $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) · page peak = resident memory of Chromium's renderer processes"
echo
echo '| size | tool | wall (s) | peak RSS (MiB) | Evidently ÷ this | pandas+scipy ÷ this |'
echo '|---|---|---:|---:|---:|---:|'
printf '%s\n' "${rows[@]}"
