#!/usr/bin/env bash
# Quick start, command 2: installs what is missing, builds, and runs the whole suite with CTest,
# with a throwaway PostgreSQL 15 started for the store conformance suite (scripts/with-postgres.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
cd "${BIMTEK_BUILD_DIR:-build}"
exec "$OLDPWD/scripts/with-postgres.sh" ctest --output-on-failure -j "$(nproc)" --timeout 900
