#!/usr/bin/env bash
# README command 1: install what is missing, build the release page, serve it on http://127.0.0.1:8080
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh build
exec python3 scripts/serve.py dist "${PORT:-8080}"
