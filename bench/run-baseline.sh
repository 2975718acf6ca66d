#!/usr/bin/env bash
# The record-batch baseline (papers/baseline-record-batches.md), regenerable by one command:
#
#   bench/run-baseline.sh [extra JMH options, e.g. -p codec=none]
#
# Builds bench/target/benchmarks.jar (SKIP_BUILD=1 to reuse it), then writes under
# bench/results/<UTC timestamp>/:
#   baseline.json  all six benchmarks x codec {none,gzip,snappy,lz4,zstd} x batchBytes {16384,1048576}
#   gc.json        the Varve and Kafka build/read cells again under -prof gc (allocation per op)
#   *.log          JMH's console output;  env.txt  machine, JDK, commit;  load.txt  load every 10 s
#   tables.md      the paper's tables: BaselineReport baseline.json gc.json
# Settings are sized for a 2-core machine: one thread, one fork, warm-up 2 x 1 s, measurement
# 5 x 1 s, -Xms1g -Xmx1g -XX:+AlwaysPreTouch. About 10 + 4 minutes. Run nothing else heavy meanwhile.
set -euo pipefail
cd "$(dirname "$0")/.."

source bench/lib.sh
begin_run ""

jvm="-Xms1g -Xmx1g -XX:+AlwaysPreTouch"
java -jar "$jar" 'dev\.varve\.bench\.[A-Za-z]+Benchmark' \
  -t 1 -f 1 -wi 2 -w 1s -i 5 -r 1s -jvmArgsAppend "$jvm" \
  -rf json -rff "$out/baseline.json" "$@" | tee "$out/baseline.log"

# Allocation per op is deterministic here, so fewer iterations suffice.
java -jar "$jar" 'dev\.varve\.bench\.(Varve|Kafka)(Build|Read)Benchmark' \
  -t 1 -f 1 -wi 1 -w 1s -i 2 -r 1s -jvmArgsAppend "$jvm" -prof gc \
  -rf json -rff "$out/gc.json" "$@" | tee "$out/gc.log"

java -cp "$jar" dev.varve.bench.report.BaselineReport "$out/baseline.json" "$out/gc.json" > "$out/tables.md"
echo "results in $out"
