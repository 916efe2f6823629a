#!/usr/bin/env bash
# Runs the benchmarks (DESIGN §7) and prints JSON lines; also keeps them in BUILD/bench.jsonl.
set -euo pipefail
build=${1:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$build/bench/cs_bench" --scales "${CS_BENCH_SCALES:-M,L}" --repeat "${CS_BENCH_REPEAT:-5}" --tmp "$tmp" \
  | tee "$build/bench.jsonl"
# The HTTP budget: wrk against the server (bench/http.sh), appended to the same file.
bench/http.sh "$build" | tee -a "$build/bench.jsonl"
# The route engine on the Solomon VRPTW benchmark (issue 12), when its instances are at hand:
# CS_SOLOMON_DIR, or the shared benchmarks beside the checkout.
solomon=${CS_SOLOMON_DIR:-../shared/benchmarks/solomon}
if [ -f "$solomon/BKS.json" ]; then
  "$build/bench/cs_bench" --solomon "$solomon" --time-limit "${CS_SOLOMON_SECONDS:-1.3}" | tee -a "$build/bench.jsonl"
fi
# The simulator (issue 14) against SimPy 2.3 on the same M/M/1 queue.
"$build/bench/cs_bench" --sim --simpy bench/simpy_mm1.py | tee -a "$build/bench.jsonl"
# The PostgreSQL store (issue 16) against SQLite, and two servers on one database.
bench/pg.sh "$build" | tee -a "$build/bench.jsonl"
