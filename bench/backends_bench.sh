#!/usr/bin/env bash
# SQLite and PostgreSQL side by side, in one run, on the same data and machine (issue 7):
#   1. import     `bimtek gen --scope $SCOPE` into a SQLite file and into PostgreSQL (COPY)
#   2. dashboard  the national registry summary and the 38 provinces' summaries
#                 (build/bench/backends_bench: service::ComputeStats, no server cache)
#   3. writes     POST /api/v1/import/tps (one new TPS per request, each a transaction with its
#                 audit row) with wrk for $DURATION: through 1 server directly, and through
#                 2 servers behind Debian's nginx (as tests/scale/two_servers_kill_test.py)
# and prints each figure and the PostgreSQL/SQLite ratios. wrk, nginx, the servers and
# PostgreSQL all share this machine's cores: the figures compare the backends, they are not
# capacity figures.
#
# Usage: scripts/with-postgres.sh bench/backends_bench.sh [BUILD_DIR]
#   (the build needs -DBIMTEK_BUILD_BENCH=ON; PostgreSQL from BIMTEK_TEST_PG_URL)
# Env: SCOPE      what to generate (default 36 = Banten, 4 % of the country; "national" for
#                 the whole of it: 820,161 TPS, 7.67 M people)
#      DURATION   each write run (default 10s); CONNS wrk connections (default 16)
#      THREADS    worker threads per server (default 2)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=$(realpath "${1:-build}")
bimtek=$build/bimtek
helper=$build/bench/backends_bench
scope=${SCOPE:-36}
duration=${DURATION:-10s}
conns=${CONNS:-16}
threads=${THREADS:-2}
[[ -n "${BIMTEK_TEST_PG_URL:-}" ]] || { echo "run under scripts/with-postgres.sh (BIMTEK_TEST_PG_URL)" >&2; exit 2; }
[[ -x "$helper" ]] || { echo "$helper missing: configure with -DBIMTEK_BUILD_BENCH=ON" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
[[ -x /usr/sbin/nginx ]] || { echo "nginx is missing: apt-get install nginx-light" >&2; exit 2; }

work=$(mktemp -d /tmp/bimtek-backends.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
export BIMTEK_KEY_FILE=$work/key
sqlite_db=$work/bench.db
sep='?'; [[ "$BIMTEK_TEST_PG_URL" == *\?* ]] && sep='&'
pg_db="${BIMTEK_TEST_PG_URL}${sep}schema=bench_$$"

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }
# Peak figures as "name=value" pairs, printed at the end in a table.
declare -A fig

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start" >&2

# 1. Import ----------------------------------------------------------------------------------
for b in sqlite pg; do
  db=$sqlite_db; [[ $b == pg ]] && db=$pg_db
  t0=$(now)
  "$bimtek" --db "$db" gen --scope "$scope" --seed 1 >/dev/null
  t1=$(now)
  stats=$("$bimtek" --db "$db" stats --json)
  people=$(python3 -c 'import json,sys; p=json.load(sys.stdin)["people"]; print(sum(v for v in p.values() if isinstance(v, int)))' <<<"$stats")
  tps=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["tps"])' <<<"$stats")
  fig[import_s_$b]=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", b - a}')
  fig[people_$b]=$people
  fig[tps_$b]=$tps
  echo "import $b: $people people, $tps TPS in ${fig[import_s_$b]} s" >&2
done
[[ "${fig[people_sqlite]}" == "${fig[people_pg]}" ]] || { echo "the backends hold different counts" >&2; exit 1; }

# Sizes: the SQLite file, and PostgreSQL's tables with their indexes (people over its
# partitions, the global NIK index, name tokens, TPS).
fig[bytes_sqlite]=$(stat -c %s "$sqlite_db")
psql=${PG_BIN:-/usr/lib/postgresql/15/bin}/psql
pg_sizes=$("$psql" "$BIMTEK_TEST_PG_URL" -Atq -F ' ' -c "
  SELECT (SELECT sum(pg_total_relation_size(relid)) FROM pg_partition_tree('bench_$$.people')),
         pg_total_relation_size('bench_$$.people_ids'),
         pg_total_relation_size('bench_$$.person_names'),
         (SELECT sum(pg_total_relation_size(relid)) FROM pg_partition_tree('bench_$$.tps')),
         (SELECT max(pg_total_relation_size(relid)) FROM pg_partition_tree('bench_$$.people')),
         pg_database_size(current_database())")
read -r pg_people pg_ids pg_names pg_tps pg_part pg_all <<<"$pg_sizes"
fig[bytes_pg]=$pg_all
echo "sizes: SQLite file ${fig[bytes_sqlite]} B; PostgreSQL people $pg_people B (largest partition $pg_part B), people_ids $pg_ids B, person_names $pg_names B, tps $pg_tps B, database $pg_all B" >&2

# 2. Dashboard -------------------------------------------------------------------------------
for b in sqlite pg; do
  db=$sqlite_db; [[ $b == pg ]] && db=$pg_db
  line=$("$helper" --db "$db" --runs 5)
  echo "$line" >&2
  fig[national_ms_$b]=$(sed -n 's/.*national_ms=\([0-9.]*\).*/\1/p' <<<"$line")
  fig[provinces_ms_$b]=$(sed -n 's/.*provinces_ms=\([0-9.]*\).*/\1/p' <<<"$line")
done

# 3. Writes ----------------------------------------------------------------------------------
# Desa codes of the scope (new TPS numbers from 500 up are not made by gen for most desa; an
# existing one is updated, still one write).
python3 - "$here/../data/wilayah.csv" "$scope" >"$work/desa.lua" <<'PY'
import csv, sys
scope = sys.argv[2]
prefix = "" if scope == "national" else scope + "."
codes = [r["kode"].replace(".", "") for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))
         if r["kode"].count(".") == 3 and r["kode"].startswith(prefix)]
print("desa = {" + ",".join('"%s"' % c for c in codes) + "}")
PY
cat >"$work/post.lua" <<'EOF_LUA'
-- One new TPS per request: thread t of n takes requests t, t+n, t+2n, ... so no two requests
-- of a run share a code; BASE (the run's block of TPS numbers) comes from the environment.
dofile(os.getenv("DESA_LUA"))
local base = tonumber(os.getenv("BASE"))
local counter = 0
local threads = {}
function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end
function init(args)
  k = 0
  nthreads = tonumber(os.getenv("WRK_THREADS"))
end
function request()
  local idx = tid + k * nthreads
  k = k + 1
  local d = desa[(idx % #desa) + 1]
  local num = base + math.floor(idx / #desa)
  local body = "kode_tps,dpt\n" .. d .. string.format("%03d", num) .. ",200\n"
  return wrk.format("POST", "/api/v1/import/tps?file_name=bench-" .. tid .. "-" .. k .. ".csv",
                    {["Content-Type"] = "text/csv", ["Cookie"] = os.getenv("COOKIE"),
                     ["X-CSRF-Token"] = os.getenv("CSRF")}, body)
end
EOF_LUA

start_server() {  # db port -> pid
  "$bimtek" --db "$1" serve --listen "127.0.0.1:$2" --threads "$threads" --access-log off \
    --trusted-proxy 127.0.0.1 >"$work/serve-$2.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 300); do
    curl -fsS "http://127.0.0.1:$2/healthz" >/dev/null 2>&1 && return
    sleep 0.1
  done
  echo "server on $2 did not start:" >&2; cat "$work/serve-$2.log" >&2; exit 2
}
start_nginx() {  # port_a port_b nginx_port
  mkdir -p "$work/nginx"
  cat >"$work/nginx/nginx.conf" <<EOF_NGINX
daemon off;
worker_processes 2;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  upstream bimtek {
    server 127.0.0.1:$1;
    server 127.0.0.1:$2;
    keepalive 32;
  }
  server {
    listen 127.0.0.1:$3;
    location / {
      proxy_pass http://bimtek;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    }
  }
}
EOF_NGINX
  /usr/sbin/nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" >/dev/null 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do
    curl -fsS "http://127.0.0.1:$3/healthz" >/dev/null 2>&1 && return
    sleep 0.1
  done
  echo "nginx did not start" >&2; cat "$work/nginx/error.log" >&2; exit 2
}
stop_all() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  pids=()
}
# wrk against port $1 with the session of a fresh login; prints "<writes/s> <p99 ms> <non-2xx>".
load() {
  local port=$1 base=$2 out
  local login
  login=$(curl -fsS -D "$work/headers" -H 'Content-Type: application/json' \
    -d '{"username":"bench","password":"bench-password"}' "http://127.0.0.1:$port/api/v1/login")
  COOKIE=$(sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p' "$work/headers")
  CSRF=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])' <<<"$login")
  out=$(COOKIE=$COOKIE CSRF=$CSRF BASE=$base DESA_LUA=$work/desa.lua WRK_THREADS=2 \
    wrk -t 2 -c "$conns" -d "$duration" --latency -s "$work/post.lua" "http://127.0.0.1:$port/")
  local rps p99 bad
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}' <<<"$out")
  bad=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  echo "$rps $p99 ${bad:-0} $requests"
}

base=500
for b in sqlite pg; do
  db=$sqlite_db; [[ $b == pg ]] && db=$pg_db
  echo bench-password | "$bimtek" --db "$db" user add --username bench --role national-admin \
    --scope national >/dev/null 2>&1 || true
  for mode in direct nginx; do
    pa=$(free_port); start_server "$db" "$pa"
    target=$pa
    if [[ $mode == nginx ]]; then
      pb=$(free_port); start_server "$db" "$pb"
      target=$(free_port); start_nginx "$pa" "$pb" "$target"
    fi
    tps0=$("$bimtek" --db "$db" stats --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["tps"])')
    read -r rps p99 bad requests < <(load "$target" "$base")
    base=$((base + 100))
    stop_all
    # Every acknowledged request added its TPS (wrk counts requests answered; a few may have been
    # cut off at the end of the run, unanswered and possibly committed: hence >=).
    tps1=$("$bimtek" --db "$db" stats --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["tps"])')
    if (( tps1 - tps0 < requests - bad )); then
      echo "$b $mode: $requests requests answered but only $((tps1 - tps0)) TPS added" >&2
      trap - EXIT; exit 1
    fi
    fig[writes_${mode}_$b]=$rps
    fig[p99_${mode}_$b]=$p99
    echo "writes $b $mode: $rps/s, p99 $p99 ms, non-2xx $bad; $requests answered, $((tps1 - tps0)) TPS added" >&2
    [[ "$bad" == 0 ]] || { echo "some writes failed: see $work" >&2; trap - EXIT; exit 1; }
  done
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}'; }
echo
echo "scope $scope: ${fig[people_sqlite]} people, ${fig[tps_sqlite]} TPS; load average $(cut -d' ' -f1-3 /proc/loadavg) at end"
printf '| %-44s | %12s | %12s | %9s |\n' figure SQLite PostgreSQL "PG/SQLite"
printf '|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..46})" "$(printf -- '-%.0s' {1..13})" "$(printf -- '-%.0s' {1..13})" "$(printf -- '-%.0s' {1..10})"
row() { printf '| %-44s | %12s | %12s | %9s |\n' "$1" "$2" "$3" "$(ratio "$3" "$2")"; }
row "import (gen $scope), s" "${fig[import_s_sqlite]}" "${fig[import_s_pg]}"
row "import, people/s" "$(ratio "${fig[people_sqlite]}" "${fig[import_s_sqlite]}")" "$(ratio "${fig[people_pg]}" "${fig[import_s_pg]}")"
row "store size, bytes (PG: whole database)" "${fig[bytes_sqlite]}" "${fig[bytes_pg]}"
row "national summary, ms (median)" "${fig[national_ms_sqlite]}" "${fig[national_ms_pg]}"
row "38 province summaries, ms (median)" "${fig[provinces_ms_sqlite]}" "${fig[provinces_ms_pg]}"
row "writes/s, 1 server direct" "${fig[writes_direct_sqlite]}" "${fig[writes_direct_pg]}"
row "writes/s, 2 servers + nginx" "${fig[writes_nginx_sqlite]}" "${fig[writes_nginx_pg]}"
row "p99 ms, 1 server direct" "${fig[p99_direct_sqlite]}" "${fig[p99_direct_pg]}"
row "p99 ms, 2 servers + nginx" "${fig[p99_nginx_sqlite]}" "${fig[p99_nginx_pg]}"
echo "PostgreSQL per person: people $(ratio "$pg_people" "${fig[people_pg]}") B, people_ids $(ratio "$pg_ids" "${fig[people_pg]}") B, person_names $(ratio "$pg_names" "${fig[people_pg]}") B (tables with their indexes)"
echo "2 servers + nginx / 1 server: SQLite $(ratio "${fig[writes_nginx_sqlite]}" "${fig[writes_direct_sqlite]}"), PostgreSQL $(ratio "${fig[writes_nginx_pg]}" "${fig[writes_direct_pg]}")"
