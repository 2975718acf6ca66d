#!/usr/bin/env bash
# The log-engine benchmarks (papers/log-engine.md), regenerable by one command:
#
#   bench/run-engine.sh [extra JMH options, e.g. -p engine=varve,kafka]
#
# Builds bench/target/benchmarks.jar (SKIP_BUILD=1 to reuse it), then writes under
# bench/results/<UTC timestamp>-engine/:
#   engine.json  dev.varve.bench.engine.* (append, read, lookups, recovery, validate: Varve vs Kafka 4.4's
#                UnifiedLog vs the FileChannel.write floor) and RawDecompressBenchmark for zstd at 16 KiB
#   *.log        JMH's console output;  env.txt  machine, JDK, commit;  load.txt  load every 10 s
#   tables.md    the paper's tables: EngineReport engine.json
# Logs live under java.io.tmpdir (ext4 here) and are deleted by the benchmarks. Iteration counts are
# each class's annotations (appends: 5 + 10 shots of 16384 batches, about 260 MB each, deleted before
# writeback; the rest 2-3 x 1 s warm-up, 5 x 1 s measured). One thread, one fork, -Xms1g -Xmx1g
# -XX:+AlwaysPreTouch. About 3 to 5 minutes on this 2-core machine. Run nothing else heavy meanwhile.
set -euo pipefail
cd "$(dirname "$0")/.."

source bench/lib.sh
begin_run "-engine"

java -jar "$jar" 'dev\.varve\.bench\.engine\..*Benchmark' -t 1 -f 1 \
  -rf json -rff "$out/engine.json" "$@" | tee "$out/engine.log"

# The floor of zstd validation: raw decompression of the same 16 KiB record section.
java -jar "$jar" 'dev\.varve\.bench\.RawDecompressBenchmark' -t 1 -f 1 -p codec=zstd -p batchBytes=16384 \
  -rf json -rff "$out/raw.json" | tee "$out/raw.log"

java -cp "$jar" dev.varve.bench.report.EngineReport "$out/engine.json" "$out/raw.json" > "$out/tables.md"
echo "results in $out"
