#!/usr/bin/env bash
# Builds the release page into dist/ (installing missing tools first), pins the CSP (in the meta
# tag and in dist/_headers, the HTTP headers for hosts), then makes the single-file page
# dist-single/driftcard.html (everything inlined; opens from disk with no server, about a second).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-tools.sh "${1:-build}"
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
t0=$SECONDS
trunk build index.html --release
python3 scripts/csp.py dist/index.html
echo "release build took $((SECONDS - t0)) s"
t1=$SECONDS
python3 scripts/single.py dist dist-single/driftcard.html
echo "single file took $((SECONDS - t1)) s"
for f in dist/*.wasm; do
  printf '%s: %s bytes raw, %s bytes gzip\n' "$f" "$(wc -c < "$f")" "$(gzip -9c "$f" | wc -c)"
done
