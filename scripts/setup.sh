#!/usr/bin/env bash
# Installs what Bimtek needs to build, run and test, from Debian's packages. Idempotent and quick
# when everything is there: it asks dpkg first and calls apt-get only for what is missing.
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config git
  # libraries (see docs/architecture.md for why each)
  libsqlite3-dev libsodium-dev nlohmann-json3-dev libfmt-dev libspdlog-dev libcli11-dev
  libabsl-dev libzip-dev zipcmp zipmerge ziptool libpugixml-dev libxlsxwriter-dev libboost-dev
  libpq-dev postgresql-15      # the PostgreSQL backend and its test server
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev sqlite3 wrk
  python3-openpyxl            # XLSX files written by another program, for import tests
  r-base-core r-cran-erm r-cran-psych   # reference statistics for the assessment tests
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
echo "setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
