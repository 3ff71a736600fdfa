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
config=configs/cedu.yaml
args=()  # everything else goes to `cedu up`
while [[ $# -gt 0 ]]; do
  case "$1" in
    --no-demo) demo=0 ;;
    --config) config="$2"; shift ;;
    *) args+=("$1") ;;
  esac
  shift
done

bash scripts/build.sh
if [[ $demo == 0 ]]; then
  exec ./build/bin/cedu up --config "$config" "${args[@]}"
fi

./build/bin/cedu up --config "$config" "${args[@]}" &
up=$!
trap 'kill -TERM $up 2>/dev/null; wait $up' INT TERM
# On a first start `cedu up` makes the keys the CLI connects with: wait until the bus
# answers, then seed once the libraries have registered (up to a minute each).
for _ in $(seq 1 120); do
  if ./build/bin/cedu --config "$config" --timeout 500 call bus ping >/dev/null 2>&1; then break; fi
  if ! kill -0 $up 2>/dev/null; then wait $up; exit $?; fi
  sleep 0.5
done
if ./build/bin/cedu --config "$config" demo seed --wait 60; then
  echo "up.sh: demo data loaded; the suite keeps running (Ctrl-C stops it)"
else
  echo "up.sh: demo seed failed (see above); the suite keeps running (Ctrl-C stops it)" >&2
fi
wait $up
