#!/usr/bin/env bash
# Load benchmark of `bimtek serve` with wrk (Debian package `wrk`) on loopback:
#   (a) GET /api/v1/ping                      a minimal static route (the baseline)
#   (b) GET /api/v1/regions/32.71/summary     the registry summary JSON of Kota Bogor
# at 100 and 1000 connections; prints req/s, p99 latency, and (b)/(a) from the same run.
# wrk runs on the same machine as the server and shares its cores: the figures are a floor.
#
# Usage: bench/http_load.sh [BUILD_DIR] [DURATION]   (defaults: build, 10s)
# Env: THREADS (server worker threads, default: cores), WRK_THREADS (default 2),
#      ACCEPT (reuseport|roundrobin), ACCESS_LOG (default: a file in the temp dir; "off" to disable).
set -euo pipefail

build=${1:-build}
duration=${2:-10s}
bimtek=$(realpath "$build/bimtek")
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

work=$(mktemp -d)
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"$bimtek" demo --db "$work/demo.db" >/dev/null
# The region routes need a session (docs/accounts.md): one national admin for wrk's requests.
echo "bench-password-$$" | "$bimtek" --db "$work/demo.db" user add --username bench \
  --role national-admin >/dev/null
access_log=${ACCESS_LOG:-$work/access.log}
"$bimtek" serve --db "$work/demo.db" --listen 127.0.0.1:0 ${THREADS:+--threads "$THREADS"} ${ACCEPT:+--accept "$ACCEPT"} \
  --access-log "$access_log" >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
for _ in $(seq 50); do
  [[ -s "$work/serve.out" ]] && break
  sleep 0.1
done
url=$(head -1 "$work/serve.out" | sed -n 's/^Bimtek listening on //p')
[[ -n "$url" ]] || { echo "server did not start:" >&2; cat "$work/serve.err" >&2; exit 2; }
curl -fsS "$url/healthz" >/dev/null
cookie=$(curl -fsS -D - -o /dev/null -H 'Content-Type: application/json' \
  -d "{\"username\":\"bench\",\"password\":\"bench-password-$$\"}" "$url/api/v1/login" |
  sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p')
[[ -n "$cookie" ]] || { echo "login failed" >&2; exit 2; }

# Prints "<req/s> <p99 in ms>" for one wrk run.
run() {
  local conns=$1 path=$2 out
  out=$(wrk -t "${WRK_THREADS:-2}" -c "$conns" -d "$duration" --latency -H "Cookie: $cookie" "$url$path")
  local rps p99
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}' <<<"$out")
  if grep -q "Non-2xx\|Socket errors" <<<"$out"; then grep "Non-2xx\|Socket errors" <<<"$out" >&2; fi
  echo "$rps $p99"
}

echo "bimtek serve at $url ($(nproc) cores shared with wrk; access log: $access_log)"
printf '%-6s %-38s %12s %10s %8s\n' conns route req/s p99_ms ratio
for conns in ${CONNS:-100 1000}; do
  read -r a_rps a_p99 < <(run "$conns" /api/v1/ping)
  read -r b_rps b_p99 < <(run "$conns" /api/v1/regions/32.71/summary)
  ratio=$(awk -v a="$a_rps" -v b="$b_rps" 'BEGIN {printf "%.2f", b / a}')
  printf '%-6s %-38s %12s %10s %8s\n' "$conns" "(a) /api/v1/ping" "$a_rps" "$a_p99" 1.00
  printf '%-6s %-38s %12s %10s %8s\n' "$conns" "(b) /api/v1/regions/32.71/summary" "$b_rps" "$b_p99" "$ratio"
done
