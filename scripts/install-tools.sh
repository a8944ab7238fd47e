#!/usr/bin/env bash
# Installs what driftcard's build and tests need, skipping anything already present at the
# right version. Idempotent; safe to run on every build. See docs/TOOLCHAIN.md.
#   scripts/install-tools.sh build   -> wasm32 target, Trunk, wasm-bindgen-cli, wasm-opt (npm)
#   scripts/install-tools.sh test    -> the above + Debian chromium/chromium-driver + playwright-core
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=${1:-build}
TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

step() { printf '\n==> %s\n' "$*"; }
timed() { local t0=$SECONDS; "$@"; echo "    (took $((SECONDS - t0)) s)"; }

if ! rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$'; then
  step "rustup target add wasm32-unknown-unknown"
  timed rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  step "cargo install trunk $TRUNK_VERSION (about 13 min on 2 cores)"
  timed cargo install trunk --version "=$TRUNK_VERSION" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  step "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 6 min)"
  # not --locked: its lock file pins a webpki-roots the registry no longer serves (TOOLCHAIN.md)
  timed cargo install wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION"
fi

if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ]; then
  step "npm ci (binaryen 132 for wasm-opt, playwright-core for end-to-end tests)"
  timed npm ci --no-audit --no-fund
fi

if [ "$MODE" = test ]; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    step "apt-get install chromium chromium-driver"
    timed bash -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null'
  fi
fi

step "fetching crates (so Trunk's offline build finds them)"
cargo fetch --quiet
