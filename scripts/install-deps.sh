#!/usr/bin/env bash
# Installs the Debian packages cedu needs to build, test and run.
# Idempotent: installs only what is missing; `apt-get update` runs only then.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config
  libzmq3-dev cppzmq-dev
  libmsgpack-cxx-dev
  libsqlite3-dev sqlite3
  libssl-dev  # SHA-256 (libcrypto)
  libyaml-cpp-dev
  libboost-test-dev
  libspdlog-dev libfmt-dev
  libcli11-dev
  nlohmann-json3-dev
  libsimdjson-dev
  libxlsxwriter-dev
  python3 python3-zmq python3-msgpack
  clang libclang-rt-14-dev
  python3-yaml file iproute2  # deployment tests: compose/units parsing, CPack's dpkg-shlibdeps, namespaces
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages: ${missing[*]}" >&2
  echo "install-deps: run as root (or install them) and retry" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
