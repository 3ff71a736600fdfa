#!/usr/bin/env bash
# Quick start (1): install, build, and run the whole suite on this machine with
# `cedu up`: the broker and every service configured in configs/cedu.yaml, data under
# ./var, one log per process under ./var/log. Ctrl-C stops everything cleanly.
# Usage: scripts/up.sh [--config FILE]
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/build.sh
exec ./build/bin/cedu up --config configs/cedu.yaml "$@"
