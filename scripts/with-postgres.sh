#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL 15 (Debian's postgresql-15): initdb into a temp
# folder, a free port on 127.0.0.1 (its unix socket in the same folder), one database; exports
# BIMTEK_TEST_PG_URL and BIMTEK_REQUIRE_PG=1, runs "$@", then stops the server and removes the
# folder, also when the command fails. initdb refuses root, so as root the server runs as the
# `postgres` user. Usage: scripts/with-postgres.sh ctest -R Store
set -euo pipefail
if [ $# -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
if [ ! -x "$PG_BIN/initdb" ]; then
  echo "with-postgres: $PG_BIN/initdb not found; install Debian's postgresql-15" >&2
  exit 2
fi

dir="$(mktemp -d "${TMPDIR:-/tmp}/bimtek-pg.XXXXXX")"
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$dir"
  as_owner=(runuser -u postgres --)
fi

cleanup() {
  if [ -f "$dir/data/postmaster.pid" ]; then
    "${as_owner[@]}" "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

"${as_owner[@]}" "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 \
  --no-locale >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
# A throwaway server for tests: durability settings off for speed, unless BIMTEK_PG_DURABLE=1
# (benchmarks that compare durable writes with SQLite's: fsync and synchronous commit on).
durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
if [[ "${BIMTEK_PG_DURABLE:-0}" == 1 ]]; then durability=""; fi
"${as_owner[@]}" "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir $durability -c max_connections=200" \
  start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
"$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres bimtek_test

export BIMTEK_TEST_PG_URL="postgresql://postgres@127.0.0.1:$port/bimtek_test"
export BIMTEK_REQUIRE_PG=1
echo "with-postgres: PostgreSQL 15 on 127.0.0.1:$port (BIMTEK_TEST_PG_URL=$BIMTEK_TEST_PG_URL)" >&2
status=0
"$@" || status=$?
exit "$status"
