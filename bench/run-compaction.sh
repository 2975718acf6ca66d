#!/usr/bin/env bash
# The log-cleaner benchmark (papers/compaction.md), regenerable by one command:
#
#   bench/run-compaction.sh [extra JMH options, e.g. -p keys=many -p codec=zstd]
#
# Builds bench/target/benchmarks.jar (SKIP_BUILD=1 to reuse it), then writes under
# bench/results/<UTC timestamp>-compaction/:
#   compaction.json  dev.varve.bench.compaction.CompactionBenchmark: one whole cleaning pass (offset map +
#                    rewrite, fsynced) of Varve's cleaner and of Kafka 4.4's Cleaner on the same dirty log,
#                    16 cells (cleaner x few/many keys x 100 B/4 KiB values x none/zstd)
#   compaction.log   JMH's console output;  env.txt  machine, JDK, commit;  load.txt  load every 10 s
#   tables.md, compaction.csv, cleaning-throughput.png, varve-over-kafka.png   CompactionReport compaction.json
# Kept short for a shared machine: one fork, 3 warm-up + 5 measured single shots a cell (each shot one
# pass over about 34-37 MB of log), one thread, -Xms1g -Xmx1g -XX:+AlwaysPreTouch. About 5 minutes on
# this 2-core machine. Dirty logs live under java.io.tmpdir and are deleted after each cell.
set -euo pipefail
cd "$(dirname "$0")/.."

source bench/lib.sh
begin_run "-compaction"

java -jar "$jar" 'dev\.varve\.bench\.compaction\..*Benchmark' -t 1 -f 1 \
  -rf json -rff "$out/compaction.json" "$@" | tee "$out/compaction.log"

java -cp "$jar" dev.varve.bench.report.CompactionReport "$out/compaction.json" "$out"
echo "results in $out"
