#!/usr/bin/env bash
# The PostgreSQL store (DESIGN §7, §12) against the SQLite store in the same run, on a
# PostgreSQL server of its own (scripts/pg-test.sh, with fsync on, as in production):
# import of a company of scale CS_PG_SCALE (default L) by COPY, opening it, one-event
# appends a second, and an event on server A to its signals on server B's stream.
# Prints JSON lines. Usage: bench/pg.sh [BUILD]
set -euo pipefail
build=${1:-build}
scale=${CS_PG_SCALE:-L}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
cleanup() { "$here/../scripts/pg-test.sh" stop "$tmp/pg" >/dev/null 2>&1 || true; rm -rf "$tmp"; }
trap cleanup EXIT
CS_PG_FSYNC=on CS_PG_LIFETIME=3600 "$here/../scripts/pg-test.sh" start "$tmp/pg" >/dev/null
base=$(cat "$tmp/pg/uri")
for db in bench servers; do psql -q "$base/postgres" -c "CREATE DATABASE $db"; done
"$build/bench/cs_bench" --pg "$base/bench" --scales "$scale" --repeat "${CS_BENCH_REPEAT:-3}" --tmp "$tmp"
# Two servers on one store: PostgreSQL (NOTIFY), and SQLite (each server looks every
# second) as the reference.
"$build/clockspeed" init "$base/servers" --demo plant >/dev/null
"$build/clockspeed" init "$tmp/cross.db" --demo plant >/dev/null
node "$here/cross_server.cjs" "$build/clockspeed" "$base/servers" postgresql P1001 "${CS_CROSS_EVENTS:-200}"
node "$here/cross_server.cjs" "$build/clockspeed" "$tmp/cross.db" sqlite P1001 "${CS_CROSS_REF_EVENTS:-20}"
