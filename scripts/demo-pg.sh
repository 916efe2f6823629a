#!/usr/bin/env bash
# `make demo-pg`: the demo plant on a PostgreSQL server of its own (scripts/pg-test.sh, in a
# temporary directory, on 127.0.0.1), served by two `clockspeed serve` processes on the one
# database — an event or a booking through either shows on both dashboards. Ctrl-C stops
# the servers and PostgreSQL. Usage: scripts/demo-pg.sh BUILD
set -euo pipefail
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
state="$build/demo-pg"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  "$here/pg-test.sh" stop "$state" >/dev/null 2>&1 || true
}
trap cleanup EXIT INT TERM
CS_PG_FSYNC=on CS_PG_LIFETIME=${CS_PG_LIFETIME:-28800} "$here/pg-test.sh" start "$state"
base=$(cat "$state/uri")
psql -q "$base/postgres" -c "CREATE DATABASE clockspeed"
db="$base/clockspeed"
"$build/clockspeed" init "$db" --demo plant
"$build/clockspeed" constraint "$db" | head -3
token=$("$build/clockspeed" token create --role planner "$db" | tail -1)
echo
echo "Two servers on $db:"
echo "  http://127.0.0.1:8080/?token=$token"
echo "  http://127.0.0.1:8081/?token=$token"
echo "(Ctrl-C stops both and the database server.)"
"$build/clockspeed" serve "$db" --listen 127.0.0.1:8080 & pids+=($!)
"$build/clockspeed" serve "$db" --listen 127.0.0.1:8081 & pids+=($!)
wait
