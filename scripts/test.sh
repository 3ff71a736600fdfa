#!/usr/bin/env bash
# Quick start (2): install, build, and run every test through CTest (unit tests and
# integration tests with real processes on loopback). Extra arguments go to ctest
# (e.g. scripts/test.sh -R bus_ to run the bus tests only).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/build.sh
jobs=$(nproc 2>/dev/null || echo 2)
ctest --test-dir build --output-on-failure -j"$jobs" "$@"
