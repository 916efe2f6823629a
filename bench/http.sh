#!/usr/bin/env bash
# The HTTP budget (DESIGN §7): wrk on loopback against POST /api/quote and a read endpoint
# of `clockspeed serve` on a generated company (scale CS_HTTP_SCALE, default L), then the
# server's resident memory after a 60-second run. wrk and the server share the machine's
# cores. Prints JSON lines. Usage: bench/http.sh [BUILD]
set -euo pipefail
build=${1:-build}
scale=${CS_HTTP_SCALE:-L}
secs=${CS_HTTP_SECONDS:-10}
long=${CS_HTTP_LONG_SECONDS:-60}
tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
here=$(cd "$(dirname "$0")" && pwd)
cli="$build/clockspeed"

"$cli" generate --scale "$scale" "$tmp/company.db" >/dev/null 2>&1
token=$("$cli" token create --role viewer "$tmp/company.db" | tail -1)
product=$(sqlite3 -cmd ".timeout 10000" "$tmp/company.db" "SELECT id FROM products ORDER BY rowid LIMIT 1")
"$cli" serve "$tmp/company.db" --listen 127.0.0.1:0 --stop-after $((secs * 4 + long + 120)) > "$tmp/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 600); do grep -q 'http://' "$tmp/serve.log" && break; sleep 0.1; done
url=$(grep -o 'http://[0-9.:]*' "$tmp/serve.log")
export CS_TOKEN=$token
export CS_QUOTE_BODY="{\"product\":\"$product\",\"qty\":5,\"due\":\"2026-03-02\",\"price\":500}"
curl -s -X POST -H "Authorization: Bearer $token" -d "$CS_QUOTE_BODY" "$url/api/quote" > "$tmp/first.json" # builds the bid prices

# Runs wrk and prints one JSON line: requests per second and latency percentiles.
run() { # name script path seconds
  wrk -t2 -c32 -d"$4"s --latency -s "$here/wrk/$2" "$url$3" > "$tmp/wrk.out"
  rps=$(awk '/Requests\/sec/ {print $2}' "$tmp/wrk.out")
  p50=$(awk '$1 == "50%" {print $2}' "$tmp/wrk.out")
  p99=$(awk '$1 == "99%" {print $2}' "$tmp/wrk.out")
  non2xx=$(awk '/Non-2xx/ {print $4}' "$tmp/wrk.out")
  printf '{"bench":"%s","scale":"%s","seconds":%s,"connections":32,"requests_per_s":%s,"p50":"%s","p99":"%s","non_2xx":%s,"budget":"20000 req/s, p99 5ms"}\n' \
    "$1" "$scale" "$4" "$rps" "$p50" "$p99" "${non2xx:-0}"
}
run http_quote quote.lua /api/quote "$secs"
run http_read_signals read.lua /api/signals "$secs"
run http_read_healthz read.lua /healthz "$secs"
run http_quote_long quote.lua /api/quote "$long"
rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
printf '{"bench":"http_resident_memory","scale":"%s","after_seconds":%s,"rss_kib":%s}\n' "$scale" "$long" "$rss"

# The sales desk: visits booked through the server (a planner's POST /api/book with
# "confirm", each for the next of the queue's opportunities, one connection per wrk
# thread since bookings take the write lock in turn) while the coordinator's board is
# read (GET /api/desk) by another wrk at the same time.
planner=$("$cli" token create --role planner "$tmp/company.db" | tail -1)
opportunities=$(curl -s -H "Authorization: Bearer $token" "$url/api/desk" |
  python3 -c 'import json, sys; print(",".join(q["opportunity"] for q in json.load(sys.stdin)["queue"][:500]))')
booked() { sqlite3 -cmd ".timeout 10000" "$tmp/company.db" "SELECT count(*) FROM events WHERE body LIKE '{\"type\":\"appointment.booked\"%'"; }
before=$(booked)
CS_TOKEN=$planner CS_BOOK_OPPORTUNITIES=$opportunities \
  wrk -t2 -c4 -d"$secs"s --latency -s "$here/wrk/book.lua" "$url/api/book" > "$tmp/book.out" &
booking=$!
wrk -t2 -c8 -d"$secs"s --latency -s "$here/wrk/read.lua" "$url/api/desk" > "$tmp/desk.out"
wait $booking
after=$(booked)
# One JSON line from a wrk output file: requests per second and latency percentiles.
line() { # name file connections extra
  rps=$(awk '/Requests\/sec/ {print $2}' "$2")
  p50=$(awk '$1 == "50%" {print $2}' "$2")
  p99=$(awk '$1 == "99%" {print $2}' "$2")
  non2xx=$(awk '/Non-2xx/ {print $4}' "$2")
  printf '{"bench":"%s","scale":"%s","seconds":%s,"connections":%s,"requests_per_s":%s,"p50":"%s","p99":"%s","non_2xx":%s%s}\n' \
    "$1" "$scale" "$secs" "$3" "$rps" "$p50" "$p99" "${non2xx:-0}" "$4"
}
line http_book_visit "$tmp/book.out" 4 ",\"visits_booked\":$((after - before)),\"while\":\"GET /api/desk, 8 connections\""
line http_read_desk_while_booking "$tmp/desk.out" 8 ""
