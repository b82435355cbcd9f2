#!/usr/bin/env bash
# Load benchmark of `bimtek serve` with wrk (Debian package `wrk`) on loopback:
#   (a) GET /api/v1/ping                          a minimal static route (the baseline)
#   (b) GET /api/v1/regions/32.71/summary         the registry summary JSON of Kota Bogor
#   (c) GET /api/v1/people?q=NAME&region=32.71    an operator's people search in the national store
#   (d) GET /api/v1/people?q=NAME&region=CODE     SEARCHES different searches (first names common
#                                                 in 100 kabupaten/kota), picked at random per request
# on the national dataset (`bimtek gen --scope national`, 820,161 TPS, 7.67 M people) at 100 and
# 1,000 connections; prints req/s, p99 latency and each route's ratio to (a) from the same run,
# then serves (b) again while a second client holds 10,000 idle keep-alive connections.
# wrk runs on the same machine as the server and shares its cores: the figures are a floor.
#
# Usage: bench/http_load.sh [BUILD_DIR] [DURATION]   (defaults: build, 10s)
# Env: STORE        national (default) or demo (Kota Bogor only: quick, no national route (c))
#      NATIONAL_DB  reuse this national store (and its .key) instead of generating one
#      THREADS      server worker threads (default: cores); WRK_THREADS (default 2)
#      ACCEPT       reuseport|roundrobin; ACCESS_LOG (default: a file in the temp dir; "off")
#      CONNS        connection counts (default "100 1000"); IDLE (idle connections, default
#                   10000; 0 skips that part); QUERY (the name searched in (c), default "siti":
#                   678 matches in Kota Bogor, a full page of 50); SEARCH_REGION (the region
#                   searched in (c), default 32.71); SEARCHES (the distinct searches of (d),
#                   default 2000; 0 skips (d))
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
duration=${2:-10s}
bimtek=$(realpath "$build/bimtek")
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
# The server and the idle client each need IDLE + CONNS descriptors.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
idle=${IDLE:-10000}
if (( idle > 0 && $(ulimit -n) < idle + 2000 )); then
  echo "open-file limit $(ulimit -n) is too low for $idle idle connections (hard limit $(ulimit -Hn))" >&2
  exit 2
fi

work=$(mktemp -d)
server_pid=""
holder_pid=""
cleanup() {
  if [[ -n "$holder_pid" ]]; then kill "$holder_pid" 2>/dev/null || true; fi
  if [[ -n "$server_pid" ]]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

store=${STORE:-national}
if [[ "$store" == demo ]]; then
  db=$work/demo.db
  "$bimtek" demo --db "$db" >/dev/null
elif [[ -n "${NATIONAL_DB:-}" ]]; then
  db=$NATIONAL_DB
else
  db=$work/national.db
  echo "generating the national dataset into $db (about 30 s, 1.9 GB)..." >&2
  gen_start=$(date +%s)
  "$bimtek" gen --db "$db" --scope national --seed 1 >/dev/null
  echo "  done in $(( $(date +%s) - gen_start )) s" >&2
fi
# The API routes need a session (docs/accounts.md): one national admin for wrk's requests.
user=bench$$
echo "bench-password-$$" | "$bimtek" --db "$db" user add --username "$user" \
  --role national-admin >/dev/null
access_log=${ACCESS_LOG:-$work/access.log}
"$bimtek" serve --db "$db" --listen 127.0.0.1:0 ${THREADS:+--threads "$THREADS"} ${ACCEPT:+--accept "$ACCEPT"} \
  --access-log "$access_log" >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
for _ in $(seq 100); do
  [[ -s "$work/serve.out" ]] && break
  sleep 0.1
done
url=$(head -1 "$work/serve.out" | sed -n 's/^Bimtek listening on //p')
[[ -n "$url" ]] || { echo "server did not start:" >&2; cat "$work/serve.err" >&2; exit 2; }
port=${url##*:}
curl -fsS "$url/healthz" >/dev/null
cookie=$(curl -fsS -D - -o /dev/null -H 'Content-Type: application/json' \
  -d "{\"username\":\"$user\",\"password\":\"bench-password-$$\"}" "$url/api/v1/login" |
  sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p')
[[ -n "$cookie" ]] || { echo "login failed" >&2; exit 2; }

route_a=/api/v1/ping
route_b=/api/v1/regions/32.71/summary
route_c="/api/v1/people?q=${QUERY:-siti}&region=${SEARCH_REGION:-32.71}"
label_a="GET /api/v1/ping"
label_b="GET /api/v1/regions/{code}/summary"
label_c="GET /api/v1/people"
# Each route must answer 200 before it is measured (a 4xx/5xx is fast and would flatter it).
for r in "$route_a" "$route_b" "$route_c"; do
  if [[ "$store" == demo && "$r" == "$route_c" ]]; then continue; fi
  code=$(curl -sS -o "$work/probe" -w '%{http_code}' -H "Cookie: $cookie" "$url$r")
  if [[ "$code" != 200 ]]; then
    echo "$r answered $code: $(head -c 300 "$work/probe")" >&2
    exit 2
  fi
done
if [[ "$store" != demo ]]; then
  echo "(c) answers: $(head -c 160 "$work/probe")..." >&2
fi

# TCP retransmitted segments so far (a dropped packet on loopback costs >= 200 ms: p99 spikes).
retrans() { awk '/^Tcp:/ && $0 ~ /[0-9]/ {print $13}' /proc/net/snmp; }
listen_drops() { awk '/^TcpExt:/ && $0 !~ /[0-9]/ {for (i=1;i<=NF;i++) h[i]=$i} /^TcpExt:/ && $0 ~ /[0-9]/ {for (i=1;i<=NF;i++) if (h[i]=="ListenDrops") print $i}' /proc/net/netstat; }

# Requests of route template $1 that the server itself took more than 50 ms over (its histogram:
# from the request's header read to the response written).
slow() {
  curl -fsS "$url/metrics" | awk -v r="$1" '
    index($0, "bimtek_http_request_duration_seconds_bucket{route=\"" r "\",le=\"0.05\"}") == 1 {b = $NF}
    index($0, "bimtek_http_request_duration_seconds_count{route=\"" r "\"}") == 1 {c = $NF}
    END {print c - b}'
}

# Waits (at most 120 s) until the server has no request in flight but the /metrics one: wrk
# leaves slow requests (c) queued in the server when it stops, and they must not be counted
# against the next run.
settle() {
  for _ in $(seq 1200); do
    [[ "$(curl -fsS "$url/metrics" | awk '/^bimtek_http_requests_in_flight/ {print $NF}')" -le 1 ]] && return
    sleep 0.1
  done
  echo "the server is still busy after 120 s" >&2
}

# The server process's CPU time so far (user + system), in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }

# Prints "<req/s> <p99 in ms> <retransmits> <listen drops> <server-side >50 ms> <server CPU µs
# per request> <errors>" for one wrk run on path $2 (route template $3). The CPU time per
# request does not depend on how much CPU other processes took meanwhile.
run() {
  local conns=$1 path=$2 label=$3 out r0 d0 s0 t0
  settle
  r0=$(retrans); d0=$(listen_drops); s0=$(slow "$label"); t0=$(cpu_ticks)
  out=$(wrk -t "${WRK_THREADS:-2}" -c "$conns" -d "$duration" --latency -H "Cookie: $cookie" \
    ${WRK_SCRIPT:+-s "$WRK_SCRIPT"} "$url$path")
  local rps p99 errors
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}' <<<"$out")
  errors=$( (grep -E "Non-2xx|Socket errors" <<<"$out" || true) | tr -s ' ' | tr '\n' ';' | sed 's/ /_/g')
  local requests cpu_us
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  cpu_us=$(awk -v t="$(( $(cpu_ticks) - t0 ))" -v hz="$(getconf CLK_TCK)" -v n="$requests" 'BEGIN {printf "%.1f", (n > 0 ? t * 1e6 / hz / n : 0)}')
  echo "$rps $p99 $(( $(retrans) - r0 )) $(( $(listen_drops) - d0 )) $(( $(slow "$label") - s0 )) $cpu_us ${errors:--}"
}

row() {  # conns label rps p99 ratio retrans drops srv_slow cpu_us errors
  printf '%-6s %-34s %10s %9s %6s %8s %6s %9s %8s %s\n' "$@"
}

echo "bimtek serve at $url on $(nproc) cores shared with wrk; store: $store; access log: $access_log"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
row conns route req/s p99_ms ratio retrans drops srv\>50ms cpu_us errors
# (a) and (b) first, then the idle connections with (b), then (c): a slow search leaves requests
# queued in the server after wrk stops (settle waits for them), and would distort what follows.
declare -A a_of
for conns in ${CONNS:-100 1000}; do
  read -r a_rps a_p99 a_rt a_dr a_sl a_cpu a_err < <(run "$conns" "$route_a" "$label_a")
  a_of[$conns]=$a_rps
  row "$conns" "(a) $route_a" "$a_rps" "$a_p99" 1.00 "$a_rt" "$a_dr" "$a_sl" "$a_cpu" "$a_err"
  read -r b_rps b_p99 b_rt b_dr b_sl b_cpu b_err < <(run "$conns" "$route_b" "$label_b")
  row "$conns" "(b) $route_b" "$b_rps" "$b_p99" "$(awk -v a="$a_rps" -v b="$b_rps" 'BEGIN {printf "%.2f", b / a}')" "$b_rt" "$b_dr" "$b_sl" "$b_cpu" "$b_err"
done

if (( idle > 0 )); then
  # A small client of our own holds the idle connections (each after one served request).
  c++ -O2 -std=c++20 -o "$work/idle_clients" "$here/idle_clients.cc"
  secs=${duration%s}
  runs=$(wc -w <<<"${CONNS:-100 1000}")
  # Held through the runs below, then checked (within the server's 60 s idle timeout).
  "$work/idle_clients" 127.0.0.1 "$port" "$idle" $(( (secs + 2) * runs + 5 )) >"$work/idle.out" &
  holder_pid=$!
  for _ in $(seq 600); do
    grep -q '^ready' "$work/idle.out" 2>/dev/null && break
    sleep 0.1
  done
  echo "idle client: $(head -1 "$work/idle.out") of $idle; server says $(curl -fsS "$url/metrics" | awk '/^bimtek_http_connections_open/ {print $NF}') connections open"
  for conns in ${CONNS:-100 1000}; do
    read -r b_rps b_p99 b_rt b_dr b_sl b_cpu b_err < <(run "$conns" "$route_b" "$label_b")
    row "$conns" "(b) with $idle idle conns" "$b_rps" "$b_p99" "$(awk -v a="${a_of[$conns]}" -v b="$b_rps" 'BEGIN {printf "%.2f", b / a}')" "$b_rt" "$b_dr" "$b_sl" "$b_cpu" "$b_err"
  done
  wait "$holder_pid" || true
  holder_pid=""
  echo "idle client afterwards: $(tail -1 "$work/idle.out") of $idle still served on their first connection"
fi

if [[ "$store" != demo ]]; then
  for conns in ${CONNS:-100 1000}; do
    read -r c_rps c_p99 c_rt c_dr c_sl c_cpu c_err < <(run "$conns" "$route_c" "$label_c")
    row "$conns" "(c) $route_c" "$c_rps" "$c_p99" "$(awk -v a="${a_of[$conns]}" -v c="$c_rps" 'BEGIN {printf "%.2f", c / a}')" "$c_rt" "$c_dr" "$c_sl" "$c_cpu" "$c_err"
  done
fi
searches=${SEARCHES:-2000}
if [[ "$store" != demo ]] && (( searches > 0 )); then
  # (d): many different searches, as many operators make them: first names common (>= 20
  # people) in 100 kabupaten/kota picked at random, each searched in its own kabupaten/kota.
  /usr/bin/python3 - "$db" "$searches" >"$work/searches.txt" <<'PY'
import random, sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
want = int(sys.argv[2])
rng = random.Random(1)
buckets = [b for (b,) in db.execute("SELECT code FROM regions WHERE level = 2")]
rng.shuffle(buckets)
out = []
for b in buckets[:100]:
    rows = db.execute("SELECT token, count(*) FROM person_names WHERE bucket = ? AND active = 1 "
                      "GROUP BY token HAVING count(*) >= 20", (b,)).fetchall()
    code = f"{b // 100}.{b % 100:02d}"
    out += [f"/api/v1/people?q={t}&region={code}" for t, _ in rows if t.isalpha()]
rng.shuffle(out)
print("\n".join(out[:want]))
PY
  cat >"$work/searches.lua" <<LUA
local paths = {}
for line in io.lines("$work/searches.txt") do paths[#paths + 1] = line end
local seeded = false
request = function()
  if not seeded then math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16)); seeded = true end
  return wrk.format("GET", paths[math.random(#paths)])
end
LUA
  n_searches=$(wc -l <"$work/searches.txt")
  label_d="GET /api/v1/people"
  for conns in ${CONNS:-100 1000}; do
    read -r d_rps d_p99 d_rt d_dr d_sl d_cpu d_err < <(WRK_SCRIPT="$work/searches.lua" run "$conns" "$route_c" "$label_d")
    row "$conns" "(d) $n_searches different searches" "$d_rps" "$d_p99" "$(awk -v a="${a_of[$conns]}" -v d="$d_rps" 'BEGIN {printf "%.2f", d / a}')" "$d_rt" "$d_dr" "$d_sl" "$d_cpu" "$d_err"
  done
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
