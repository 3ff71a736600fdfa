#!/usr/bin/env bash
# Quick start (2): install, build, and run every test: each libFuzzer target for a short,
# bounded time (a separate clang build, scripts/fuzz.sh), then the CTest suite (unit tests
# and integration tests with real processes on loopback), then the same suite once more
# built with ASan and UBSan (scripts/sanitize.sh; CEDU_SANITIZE=0 skips it). Extra
# arguments go to ctest and skip the fuzzing and the sanitizer run (e.g.
# scripts/test.sh -R bus_ to run the bus tests only).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/build.sh
if [ $# -eq 0 ]; then
  bash scripts/fuzz.sh --seconds "${CEDU_FUZZ_SECONDS:-15}"
fi
jobs=$(nproc 2>/dev/null || echo 2)
ctest --test-dir build --output-on-failure -j"$jobs" "$@"
if [ $# -eq 0 ] && [ "${CEDU_SANITIZE:-1}" != 0 ]; then
  bash scripts/sanitize.sh
fi
