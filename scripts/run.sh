#!/usr/bin/env bash
# Quick start, command 1: installs what is missing, builds, loads the demo region Kota Bogor
# (32.71) into an embedded SQLite store (./bimtek.db), prints its registry summary and starts
# the server on it (Ctrl-C stops it). BIMTEK_LISTEN changes the address (default 127.0.0.1:8080).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
BIN="${BIMTEK_BUILD_DIR:-build}/bimtek"
"$BIN" demo "$@"
exec "$BIN" serve --listen "${BIMTEK_LISTEN:-127.0.0.1:8080}"
