#!/usr/bin/env bash
# Configures and builds Release into build/ (warnings are errors). Used by run.sh and test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${BIMTEK_BUILD_DIR:-build}"
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBIMTEK_WERROR=ON \
  "$@" >/dev/null
cmake --build "$BUILD_DIR" -j "$(nproc)"
