#!/usr/bin/env bash
# Builds the release page into dist/ (installing missing tools first), then pins the CSP.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-tools.sh "${1:-build}"
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
t0=$SECONDS
trunk build index.html --release
python3 scripts/csp.py dist/index.html
echo "release build took $((SECONDS - t0)) s"
for f in dist/*.wasm; do
  printf '%s: %s bytes raw, %s bytes gzip\n' "$f" "$(wc -c < "$f")" "$(gzip -9c "$f" | wc -c)"
done
