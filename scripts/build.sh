#!/usr/bin/env bash
# Installs what is missing, then configures and builds cedu into ./build.
# Usage: scripts/build.sh [extra cmake -D options]
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -DCMAKE_BUILD_TYPE="${CEDU_BUILD_TYPE:-RelWithDebInfo}" "$@"
cmake --build build -j"$jobs"
