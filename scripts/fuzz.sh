#!/usr/bin/env bash
# Builds the libFuzzer targets with clang into ./build-fuzz and runs each one for a bounded
# time from its seed corpus (tests/fuzz/corpus/<target>). A crash, leak, sanitizer report or
# timeout fails the run; the reproducer is left in build-fuzz/tests/fuzz (crash-*).
# Usage: scripts/fuzz.sh [--seconds N]   (default 15 per target; scripts/test.sh runs it)
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=15
if [ "${1:-}" = "--seconds" ]; then seconds="$2"; fi

bash scripts/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCEDU_FUZZ=ON \
  -DCEDU_FUZZ_SECONDS="$seconds" > build-fuzz.log 2>&1 || { cat build-fuzz.log; exit 1; }
cmake --build build-fuzz -j"$jobs" --target frames envelope config search_terms csv
ctest --test-dir build-fuzz -L fuzz --output-on-failure
