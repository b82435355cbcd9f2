#!/usr/bin/env bash
# Issue 5, benchmarks (c) and (d): HTTP load of tests at 1,000 connections on `bimtek serve`.
#   (0) GET /api/v1/ping                          the bare 200 route (the baseline, same server)
#   (1) GET /ujian/{id}                           the test page, gzip, each request as the next
#                                                 of PARTICIPANTS participants (own session)
#   (2) POST /api/v1/tests/{id}/submit            each participant submits once; a 200 comes only
#                                                 after the group commit (synchronous=FULL) that
#                                                 holds the attempt
#   (d) (2) again on a fresh test, the server killed with SIGKILL halfway through; after a
#       restart every acknowledged attempt (200, not a duplicate) is in the store exactly once.
# Participants: tests_load_prep makes accounts, sessions and attempt keys for the first
# PARTICIPANTS people of the registry scope SCOPE (generated once with `bimtek gen`).
# wrk runs on the same machine and shares its cores with the server: the figures are a floor.
#
# Usage: bench/tests_load.sh [BUILD_DIR] [DURATION]   (defaults: build, 10s)
# Env: PARTICIPANTS (default 150000; a submit run needs more than its submits), SCOPE (registry
#      scope, default 32 = Jawa Barat), CONNS (1000), WRK_THREADS (2), THREADS (server workers),
#      STORE_DIR (default /tmp/bimtek-tests-load, kept), KILL (1: run (d); 0 skips it)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
duration=${2:-10s}
bimtek=$(realpath "$build/bimtek")
prep_bin=$(realpath "$build/bench/tests_load_prep")
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
participants=${PARTICIPANTS:-150000}
scope=${SCOPE:-32}
conns=${CONNS:-1000}
wrk_threads=${WRK_THREADS:-2}
dir=${STORE_DIR:-/tmp/bimtek-tests-load}
db=$dir/registry-$scope.db
work=$(mktemp -d)
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$dir"
b() { "$bimtek" --db "$db" --lang en "$@"; }

if [[ ! -f "$db.ready" ]]; then
  rm -f "$db" "$db-wal" "$db-shm" "$db.key"
  echo "generating the registry of $scope into $db (once)..." >&2
  b gen --scope "$scope" --seed 1 >/dev/null
  touch "$db.ready"
fi

# A fresh test (every participant submits once per test) and its participants' keys.
new_test() {
  local now id
  now=$(date +%s)
  id=$(b test create --name "Bench $(date +%s%N)" --kind pre --scope "${scope:0:2}" \
    --blueprint M1:5,M2:5,M3:10,M4:5 --forms 2 --opens $((now - 60)) --closes $((now + 86400)) \
    --json | sed -n 's/.*"id": *\([0-9]*\).*/\1/p' | head -1)
  [[ -n "$id" ]] || { echo "test create failed" >&2; exit 2; }
  "$prep_bin" "$db" "$id" "$participants" "$work/prep-$id.tsv" >&2
  echo "$id"
}

start_server() {
  "$bimtek" --db "$db" serve --listen 127.0.0.1:0 ${THREADS:+--threads "$THREADS"} \
    --access-log "$work/access.log" >"$work/serve.out" 2>"$work/serve.err" &
  server_pid=$!
  for _ in $(seq 300); do
    [[ -s "$work/serve.out" ]] && break
    sleep 0.1
  done
  url=$(head -1 "$work/serve.out" | sed -n 's/^Bimtek listening on //p')
  [[ -n "$url" ]] || { echo "server did not start:" >&2; cat "$work/serve.err" >&2; exit 2; }
  : >"$work/serve.out"
}

# wrk with the participants' script; prints wrk's output.
load() {  # mode test [extra env]
  MODE=$1 TEST=$2 PREP="$work/prep-$2.tsv" THREADS=$wrk_threads ACK_DIR=${ACK_DIR:-} \
    wrk -t "$wrk_threads" -c "$conns" -d "$duration" --timeout 10s --latency \
    -s "$here/tests_load.lua" "$url"
}
rps() { awk '/^Requests\/sec:/ {print $2}'; }
p99() { awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}'; }
errs() { (grep -E "Non-2xx|Socket errors" || true) | tr -s ' ' | tr '\n' ';'; }
# The server's own view of route $1 so far (its histogram, from header read to response sent):
# "<requests> <over 100 ms>". wrk's latency also holds the time its Lua script and its threads
# take to read an answer; this one does not.
server_view() {
  curl -fsS "$url/metrics" | awk -v r="$1" '
    index($0, "bimtek_http_request_duration_seconds_bucket{route=\"" r "\",le=\"0.1\"}") == 1 {b = $NF}
    index($0, "bimtek_http_request_duration_seconds_count{route=\"" r "\"}") == 1 {c = $NF}
    END {printf "%d %d\n", c, c - b}'
}

test1=$(new_test)
start_server
echo "bimtek serve at $url on $(nproc) cores shared with wrk ($wrk_threads threads); $conns connections, $duration per run"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
ping_out=$(wrk -t "$wrk_threads" -c "$conns" -d "$duration" --timeout 10s --latency "$url/api/v1/ping")
ping_rps=$(rps <<<"$ping_out")
printf '%-34s %10s req/s  p99 %8s ms  %s\n' "(0) GET /api/v1/ping" "$ping_rps" "$(p99 <<<"$ping_out")" "$(errs <<<"$ping_out")"

fetch_out=$(load fetch "$test1")
fetch_rps=$(rps <<<"$fetch_out")
printf '%-34s %10s req/s  p99 %8s ms  ratio to ping %.2f  %s\n' "(1) GET /ujian/{id} (gzip)" \
  "$fetch_rps" "$(p99 <<<"$fetch_out")" "$(awk -v a="$fetch_rps" -v b="$ping_rps" 'BEGIN {print a / b}')" \
  "$(errs <<<"$fetch_out")"
size=$(head -1 "$work/prep-$test1.tsv" | cut -f1 | xargs -I{} curl -sS --compressed -o /dev/null \
  -w '%{size_download}' -H 'Accept-Encoding: gzip' -H "Cookie: bimtek_session={}" "$url/ujian/$test1")
echo "    one page: $size bytes gzipped"
read -r f_n f_slow < <(server_view "GET /ujian/{id}")
echo "    server side: $f_n fetches, $f_slow over 100 ms"

submit_out=$(load submit "$test1")
submit_rps=$(rps <<<"$submit_out")
lua=$(grep '^LUA' <<<"$submit_out" || true)
acked=$(awk '{print $3}' <<<"$lua")
secs=${duration%s}
printf '%-34s %10s req/s  p99 %8s ms  ratio to ping %.2f  %s\n' "(2) POST .../submit (durable)" \
  "$submit_rps" "$(p99 <<<"$submit_out")" "$(awk -v a="$submit_rps" -v b="$ping_rps" 'BEGIN {print a / b}')" \
  "$(errs <<<"$submit_out")"
echo "    $lua; durable new attempts/s: $(awk -v a="$acked" -v s="$secs" 'BEGIN {printf "%.0f", a / s}')"
read -r s_n s_slow < <(server_view "POST /api/v1/tests/{id}/submit")
echo "    server side: $s_n submits, $s_slow over 100 ms (a submit's time includes its group commit)"
rows=$(sqlite3 "file:$db?mode=ro" "SELECT count(*), count(DISTINCT person_id) FROM attempts WHERE test_id = $test1")
echo "    store: rows, distinct persons of the test: $rows"

if [[ "${KILL:-1}" == 1 ]]; then
  test2=$(new_test)
  mkdir -p "$work/acks"
  ACK_DIR="$work/acks" load submit "$test2" >"$work/kill.out" &
  wrk_pid=$!
  sleep $(( ${secs%.*} / 2 ))
  kill -KILL "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
  wait "$wrk_pid" || true
  echo "(d) server killed with SIGKILL mid-run: $(grep '^LUA' "$work/kill.out" || true)"
  start_server  # recovers the WAL
  cat "$work"/acks/acked-*.txt >"$work/acked.txt"
  python3 - "$db" "$test2" "$work/acked.txt" <<'EOF'
import sqlite3, sys
db, test, acked_file = sys.argv[1], int(sys.argv[2]), sys.argv[3]
acked = [int(x) for x in open(acked_file).read().split() if x.isdigit()]
c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
c.execute("CREATE TEMP TABLE acked(id INTEGER PRIMARY KEY)")
c.executemany("INSERT OR IGNORE INTO acked VALUES (?)", [(i,) for i in acked])
found = c.execute("SELECT count(*) FROM attempts a JOIN acked k ON a.id = k.id WHERE a.test_id = ?",
                  (test,)).fetchone()[0]
rows, persons, keys = c.execute(
    "SELECT count(*), count(DISTINCT person_id), count(DISTINCT idem_key) FROM attempts "
    "WHERE test_id = ?", (test,)).fetchone()
ok = found == len(acked) == len(set(acked)) and rows == persons == keys
print(f"    after restart: {len(acked)} acknowledged, {found} of them in the store; "
      f"{rows} rows for {persons} persons and {keys} keys: {'OK' if ok else 'FAILED'}")
sys.exit(0 if ok else 1)
EOF
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
