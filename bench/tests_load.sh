#!/usr/bin/env bash
# Issue 5, benchmarks (c) and (d): HTTP load of tests at 1,000 connections on `bimtek serve`.
# The client is bench/loadgen (build/bench/loadgen): every request is built before the clock
# starts, one thread of plain Asio callbacks, every latency sample kept. It shares the 2 cores
# with the server, as wrk would (wrk with a Lua script building a new participant's request per
# call took more of them: docs/performance.md). Two kinds of runs, both at CONNS connections:
#   closed loop: each connection sends its next request when the answer came (the most the
#     server does; the latency is then connections / throughput by Little's law);
#   open loop at RATE requests/s spread over the connections (phones that do not wait for each
#     other); latency from each request's scheduled time (coordinated omission corrected).
#   (0) GET /api/v1/ping                          the bare 200 route (the baseline, same server)
#   (1) GET /ujian/{id}                           the test page, gzip, each request as the next
#                                                 of the prepared participants (own session)
#   (2) POST /api/v1/tests/{id}/submit            each participant submits once; a 200 comes only
#                                                 after the group commit (synchronous=FULL) that
#                                                 holds the attempt
#   (d) (2) again on a fresh test, the server killed with SIGKILL halfway through; after a
#       restart every acknowledged attempt (200, not a duplicate) is in the store exactly once.
# Participants: tests_load_prep makes accounts, sessions and attempt keys for the first
# PARTICIPANTS people of the registry scope SCOPE (generated once with `bimtek gen`); every submit
# run gets a fresh test, so each of its submits is a new durable row.
#
# Usage: bench/tests_load.sh [BUILD_DIR] [DURATION_SECONDS]   (defaults: build, 10)
# Env: PARTICIPANTS (default 400000: a closed-loop submit run needs more than its submits),
#      RATE (open-loop requests/s, default 10000), SCOPE (registry scope, default 32 = Jawa
#      Barat), CONNS (1000), THREADS (server workers; default: the server's), STORE_DIR (default
#      /tmp/bimtek-tests-load, kept), KILL (1: run (d); 0 skips it)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
secs=${2:-10}
secs=${secs%s}
bimtek=$(realpath "$build/bimtek")
prep_bin=$(realpath "$build/bench/tests_load_prep")
loadgen=$(realpath "$build/bench/loadgen")
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
participants=${PARTICIPANTS:-400000}
rate=${RATE:-10000}
scope=${SCOPE:-32}
conns=${CONNS:-1000}
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

# A fresh test (every participant submits once per test) and N participants' keys.
new_test() {  # N
  local now id
  now=$(date +%s)
  id=$(b test create --name "Bench $(date +%s%N)" --kind pre --scope "${scope:0:2}" \
    --blueprint M1:5,M2:5,M3:10,M4:5 --forms 2 --opens $((now - 60)) --closes $((now + 86400)) \
    --json | sed -n 's/.*"id": *\([0-9]*\).*/\1/p' | head -1)
  [[ -n "$id" ]] || { echo "test create failed" >&2; exit 2; }
  "$prep_bin" "$db" "$id" "$1" "$work/prep-$id.tsv" >&2
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

# loadgen's machine line for: mode test [extra options]; "LOADGEN k=v ..." (its human lines on
# stderr go to $work/loadgen.log).
load() {
  local mode=$1 test=$2
  shift 2
  "$loadgen" --url "$url" --mode "$mode" --test "$test" --prep "$work/prep-$test.tsv" \
    --connections "$conns" --duration "$secs" "$@" 2>>"$work/loadgen.log" | grep '^LOADGEN' ||
    { echo "loadgen failed:" >&2; tail -20 "$work/loadgen.log" >&2; exit 2; }
}
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }  # field NAME <<<"LOADGEN ..."
# One result line: label, the machine line, the baseline's req/s and p99 (for the ratios).
show() {
  local label=$1 out=$2 base_rps=$3 base_p99=$4
  printf '%-44s %9.0f req/s  p50 %7s  p99 %7s  p99.9 %7s ms  req/s vs ping %.2f  p99 vs ping %.2f  non-2xx %s errors %s\n' \
    "$label" "$(field rps <<<"$out")" "$(field p50_ms <<<"$out")" "$(field p99_ms <<<"$out")" \
    "$(field p999_ms <<<"$out")" \
    "$(awk -v a="$(field rps <<<"$out")" -v b="$base_rps" 'BEGIN {print a / b}')" \
    "$(awk -v a="$(field p99_ms <<<"$out")" -v b="$base_p99" 'BEGIN {print a / b}')" \
    "$(field non2xx <<<"$out")" "$(field errors <<<"$out")"
}
# The server's own view of route $1 so far (its histogram, from header read to response sent):
# "<requests> <over 100 ms>".
server_view() {
  curl -fsS "$url/metrics" | awk -v r="$1" '
    index($0, "bimtek_http_request_duration_seconds_bucket{route=\"" r "\",le=\"0.1\"}") == 1 {b = $NF}
    index($0, "bimtek_http_request_duration_seconds_count{route=\"" r "\"}") == 1 {c = $NF}
    END {printf "%d %d\n", c, c - b}'
}
stored() {  # test -> "rows distinct-persons"
  sqlite3 "file:$db?mode=ro" "SELECT count(*), count(DISTINCT person_id) FROM attempts WHERE test_id = $1"
}

# Each test's participants are prepared right before its runs: a participant has one session,
# so preparing the next test (the same first people) ends the sessions of the previous one.
open_n=$((rate * secs + rate * secs / 5 + 1000))  # open loop: RATE x DURATION and a margin
test_closed=$(new_test "$participants")
start_server
echo "bimtek serve at $url, $(nproc) cores shared with loadgen (1 thread); $conns connections, ${secs} s per run"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "closed loop (each connection sends when its answer came):"
ping=$(load ping "$test_closed")
p_rps=$(field rps <<<"$ping"); p_p99=$(field p99_ms <<<"$ping")
show "(0) GET /api/v1/ping" "$ping" "$p_rps" "$p_p99"
fetch=$(load fetch "$test_closed")
show "(1) GET /ujian/{id} (gzip)" "$fetch" "$p_rps" "$p_p99"
size=$(head -1 "$work/prep-$test_closed.tsv" | cut -f1 | xargs -I{} curl -sS -o /dev/null \
  -w '%{size_download}' -H 'Accept-Encoding: gzip' -H "Cookie: bimtek_session={}" "$url/ujian/$test_closed")
echo "    one page: $size bytes gzipped"
submit=$(load submit "$test_closed" --ack-file "$work/acked-closed.txt")
show "(2) POST .../submit (durable)" "$submit" "$p_rps" "$p_p99"
echo "    acknowledged new attempts: $(field acked <<<"$submit") ($(field dups <<<"$submit") duplicates, exhausted=$(field exhausted <<<"$submit")); store: rows, persons of the test: $(stored "$test_closed")"

test_open=$(new_test "$open_n")
sleep 3  # past the server's session cache (2 s): the closed loop's sessions are gone
echo "open loop at $rate requests/s over the $conns connections (latency from the scheduled time):"
ping_o=$(load ping "$test_open" --rate "$rate")
po_rps=$(field rps <<<"$ping_o"); po_p99=$(field p99_ms <<<"$ping_o")
show "(0) GET /api/v1/ping" "$ping_o" "$po_rps" "$po_p99"
fetch_o=$(load fetch "$test_open" --rate "$rate")
show "(1) GET /ujian/{id} (gzip)" "$fetch_o" "$po_rps" "$po_p99"
submit_o=$(load submit "$test_open" --rate "$rate" --ack-file "$work/acked-open.txt")
show "(2) POST .../submit (durable)" "$submit_o" "$po_rps" "$po_p99"
echo "    acknowledged new attempts: $(field acked <<<"$submit_o") ($(field dups <<<"$submit_o") duplicates, exhausted=$(field exhausted <<<"$submit_o")); store: rows, persons of the test: $(stored "$test_open")"
read -r f_n f_slow < <(server_view "GET /ujian/{id}")
read -r s_n s_slow < <(server_view "POST /api/v1/tests/{id}/submit")
echo "server side, all runs: $f_n fetches ($f_slow over 100 ms), $s_n submits ($s_slow over 100 ms; a submit's time includes its group commit)"

if [[ "${KILL:-1}" == 1 ]]; then
  test2=$(new_test "$participants")
  load submit "$test2" --ack-file "$work/acked-kill.txt" >"$work/kill.out" &
  load_pid=$!
  sleep $((secs / 2))
  kill -KILL "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
  wait "$load_pid" || true
  echo "(d) server killed with SIGKILL mid-run (closed loop): acked=$(field acked <"$work/kill.out") errors=$(field errors <"$work/kill.out")"
  start_server  # recovers the WAL
  cp "$work/acked-kill.txt" "$work/acked.txt"
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
