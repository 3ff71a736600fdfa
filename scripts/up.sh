#!/usr/bin/env bash
# Quick start (1): install, build, and run the whole suite on this machine with demo data:
# `cedu up` starts the broker and every service configured in configs/cedu.yaml (data
# under ./var, one log per process under ./var/log, CURVE keys made on first start under
# ./var/keys); once the libraries have registered, `cedu demo seed` loads the synthetic
# Panyu demo data (idempotent: a second start adds nothing). Ctrl-C stops everything.
# Usage: scripts/up.sh [--no-demo] [--config FILE]
set -euo pipefail
cd "$(dirname "$0")/.."

demo=1
args=()
for a in "$@"; do
  if [[ "$a" == "--no-demo" ]]; then demo=0; else args+=("$a"); fi
done
config=configs/cedu.yaml
for ((i = 0; i < ${#args[@]}; i++)); do
  if [[ "${args[$i]}" == "--config" && $((i + 1)) -lt ${#args[@]} ]]; then config="${args[$((i + 1))]}"; fi
done

bash scripts/build.sh
if [[ $demo == 0 ]]; then
  exec ./build/bin/cedu up --config "$config" "${args[@]}"
fi

./build/bin/cedu up --config "$config" "${args[@]}" &
up=$!
trap 'kill -TERM $up 2>/dev/null; wait $up' INT TERM
# Seed once the libraries answer (cedu demo seed waits for them, up to a minute).
if ./build/bin/cedu --config "$config" demo seed --wait 60; then
  echo "up.sh: demo data loaded; the suite keeps running (Ctrl-C stops it)"
else
  echo "up.sh: demo seed failed (see above); the suite keeps running (Ctrl-C stops it)" >&2
fi
wait $up
