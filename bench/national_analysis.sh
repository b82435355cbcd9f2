#!/usr/bin/env bash
# Issue 5, benchmark (a): analysis of a national post-test read from the store. A pre-test and a
# post-test of 25 items (national scope, one form) each get PERSONS synthetic attempts
# (`bimtek test synth`, person ids 1..PERSONS as registry row ids are), then
# `bimtek test results POST --items --json` is timed: both tests scanned from SQLite (packed
# rows, in parts on all cores), scores, pass/remedial, Hake's gain against the pre-test, and the
# item analysis (p, item-rest point-biserial, upper-lower 27 %, KR-20). Target: <= 10 s at 5.74 M.
#
# Usage: bench/national_analysis.sh [BUILD_DIR] [PERSONS] [RUNS]   (defaults: build 5740000 3)
# Env: STORE_DIR  where the store is generated once and kept for later runs
#                 (default /tmp/bimtek-national-analysis; about 2.4 GB at 5.74 M)
set -euo pipefail

build=${1:-build}
persons=${2:-5740000}
runs=${3:-3}
bimtek=$(realpath "$build/bimtek")
dir=${STORE_DIR:-/tmp/bimtek-national-analysis}
db=$dir/analysis-$persons.db
mkdir -p "$dir"

if [[ ! -f "$db.ready" ]]; then
  rm -f "$db" "$db-wal" "$db-shm" "$db.key"
  echo "generating $persons x 2 attempts into $db (once; kept for later runs)..." >&2
  b() { "$bimtek" --db "$db" --lang en "$@"; }
  pre=$(b test create --name "Pre-test nasional" --kind pre --scope national \
    --blueprint M1:5,M2:5,M3:10,M4:5 --opens 0 --closes 4102444800 --json |
    sed -n 's/.*"id": *\([0-9]*\).*/\1/p' | head -1)
  post=$(b test create --name "Post-test nasional" --kind post --scope national \
    --blueprint M1:5,M2:5,M3:10,M4:5 --opens 0 --closes 4102444800 --pre-test "$pre" \
    --seed 2 --json | sed -n 's/.*"id": *\([0-9]*\).*/\1/p' | head -1)
  [[ -n "$pre" && -n "$post" ]] || { echo "test create failed" >&2; exit 2; }
  b test synth "$pre" --count "$persons" --first-person 1 --seed 1 >&2
  b test synth "$post" --count "$persons" --first-person 1 --seed 2 >&2
  echo "$post" >"$db.ready"
fi
post=$(cat "$db.ready")
echo "store: $db ($(du -h "$db" | cut -f1)), post-test $post, $persons attempts per test"
echo "cores: $(nproc); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "$runs"); do
  start=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$dir/rss" "$bimtek" --db "$db" test results "$post" --items --json \
    >"$dir/results.json"
  end=$(date +%s.%N)
  printf 'run %d: %.2f s wall, max RSS %d MiB\n' "$r" "$(echo "$end - $start" | bc)" \
    "$(( $(cat "$dir/rss") / 1024 ))"
done
python3 - "$dir/results.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
t = r.get("total", {})
print("attempts", t.get("attempts"), "mean", round(t.get("mean_percent", 0), 2),
      "gain", json.dumps(t.get("gain")), "kr20", r.get("kr20"), "items", len(r.get("items", [])))
EOF
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
