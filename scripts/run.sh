#!/usr/bin/env bash
# Quick start, command 1: installs what is missing, builds, loads the demo region Kota Bogor
# (32.71) into an embedded SQLite store (./bimtek.db) and runs the main job.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
exec "${BIMTEK_BUILD_DIR:-build}/bimtek" demo "$@"
