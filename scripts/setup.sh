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
  libcairo2-dev libpango1.0-dev libqrencode-dev fonts-noto-core fonts-dejavu-core  # render/ (issue 4)
  libssl-dev openssl          # HTTPS in the server; test certificates
  libjemalloc-dev             # the server's allocator (docs/architecture.md)
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev sqlite3 wrk
  python3-openpyxl            # XLSX files written by another program, for import tests
  python3-yaml                # docs/api.yaml checked against the routing table
  poppler-utils zbar-tools python3-icalendar  # read back PDFs, QR codes, .ics (tests/render)
  r-base-core r-cran-erm r-cran-psych   # reference statistics for the assessment tests
  nodejs chromium             # browser tests (tests/browser/: playwright-core from npm)
)

# The npm packages of the browser tests, from package-lock.json: `npm ci` only when node_modules
# is missing or older than the lock file (npm writes node_modules/.package-lock.json).
npm_packages() {
  local root
  root="$(cd "$(dirname "$0")/.." && pwd)"
  if [ ! -f "$root/node_modules/.package-lock.json" ] ||
     [ "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]; then
    echo "setup: npm ci (browser tests)" >&2
    (cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# npm: Debian's package, unless the nodejs installed already brings it (NodeSource's does, and
# conflicts with Debian's npm).
command -v npm >/dev/null 2>&1 || missing+=(npm)

if [ ${#missing[@]} -eq 0 ]; then
  npm_packages
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
npm_packages
