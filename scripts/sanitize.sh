#!/usr/bin/env bash
# Builds cedu with AddressSanitizer and UndefinedBehaviorSanitizer into ./build-sanitize
# (Debug: assertions on) and runs the whole CTest suite on it. Every process a test starts
# (services, broker, CLI, plugin hosts) is instrumented and writes any report into
# build-sanitize/reports/; the run fails if a test fails or if any report is there — also
# one from a child process whose test did not notice. A plugin that crashes on purpose
# (tests/plugins/unstable_plugin.cpp) still just dies of its signal (handle_segv=0).
# Usage: scripts/sanitize.sh [ctest arguments]   (scripts/test.sh runs it)
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=Debug -DCEDU_SANITIZE=ON > build-sanitize.log 2>&1 \
  || { cat build-sanitize.log; exit 1; }
cmake --build build-sanitize -j"$jobs"

reports="$PWD/build-sanitize/reports"
rm -rf "$reports"
mkdir -p "$reports"
export ASAN_OPTIONS="detect_leaks=1:handle_segv=0:log_path=$reports/asan"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$reports/ubsan"
status=0
ctest --test-dir build-sanitize --output-on-failure -j"$jobs" --timeout 900 "$@" || status=$?
if compgen -G "$reports/*" > /dev/null; then
  echo "sanitize: reports in $reports:" >&2
  for f in "$reports"/*; do
    echo "== $f" >&2
    head -60 "$f" >&2
  done
  exit 1
fi
exit "$status"
