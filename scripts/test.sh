#!/usr/bin/env bash
# README command 2: install what is missing, then run every test: native (unit, golden, properties,
# CLI), wasm in headless Chromium (wasm-bindgen-test), and end-to-end on the built page (Playwright).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-tools.sh test
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

echo "==> native tests (cargo test)"
cargo test --quiet

echo "==> wasm tests in headless Chromium (wasm-bindgen-test)"
CHROMEDRIVER=$(command -v chromedriver) cargo test --target wasm32-unknown-unknown --test web

echo "==> release build"
scripts/build.sh test

echo "==> end-to-end tests in headless Chromium"
node --test --test-reporter=spec tests/e2e/
