#!/usr/bin/env bash
# Quick start, command 2: installs what is missing, builds, and runs the whole suite with CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
cd "${BIMTEK_BUILD_DIR:-build}"
ctest --output-on-failure -j "$(nproc)" --timeout 900
