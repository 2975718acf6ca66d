#!/usr/bin/env bash
# The replication study (papers/replication.md), regenerable by one command:
#
#   bench/run-replication.sh [--simulated-s S] [--speed-steps N]
#
# Builds bench/target/benchmarks.jar (SKIP_BUILD=1 to reuse it), then writes under
# bench/results/<UTC timestamp>-replication/:
#   speed.csv     the seeded random schedule of `varve sim` on 3 and 5 brokers: steps and messages per wall-clock second
#   cells.csv     acks {0,1,all} x (rf, min.insync.replicas) {(1,1),(3,1),(3,2),(5,2),(5,3)} x faults per simulated minute {0,6,30}:
#                 acknowledged records per simulated second, HdrHistogram latency percentiles in simulated ms
#   results.json  both;  tables.md  the paper's tables;  study.log  one line a cell
#   env.txt       machine, JDK, commit;  load.txt  load every 10 s
# Every figure but the wall-clock ones is deterministic (seeded simulation). One thread, -Xmx512m;
# about a minute on this 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/.."

source bench/lib.sh
begin_run "-replication"

java -Xmx512m -cp "$jar" dev.varve.bench.replication.ReplicationStudy --out "$out" "$@" \
  > "$out/tables.md" 2> "$out/study.log"
cat "$out/tables.md"
echo "results in $out"
