#!/usr/bin/env bash
# The tiered-storage study (papers/tiered-storage.md), LOOPBACK ONLY, regenerable by one command:
#
#   bench/run-tiered.sh [--segment-mib 1,16,64] [--total-mib 128] [--fetch-kib 1024] [--cold-reads 1000]
#                       [--warm-reads 5000]
#
# Builds bench/target/benchmarks.jar (SKIP_BUILD=1 to reuse it), then writes under
# bench/results/<UTC timestamp>-tiered/:
#   tiered.json, tiered.csv, tables.md  dev.varve.bench.tiered.TieredStudy: per segment size, upload MB/s
#        through TieredStorage.run, sequential consume MB/s (remote cold and warm cache, local twin), random
#        read latency p50/p99/p999/max (remote cold = cache miss, remote warm = hit, local twin)
#   *.hgrm   HdrHistogram percentile distributions (microseconds) of every latency row
#   study.log  progress;  env.txt  machine, JDK, commit;  load.txt  load every 10 s
# Everything runs in one JVM (-Xms2g -Xmx2g): S3Proxy on 127.0.0.1 with an in-memory blob store, the
# segmented engine on java.io.tmpdir. Cut for a shared 2-core machine: 128 MiB of log per segment size (so
# 64 MiB segments give only 2 objects), one shot per throughput figure, 1000 cold and 5000 warm random
# reads (p999 of the cold rows rests on 1 sample). About 1 to 2 minutes. Run nothing else heavy meanwhile.
set -euo pipefail
cd "$(dirname "$0")/.."

source bench/lib.sh
begin_run "-tiered"

java -Xms2g -Xmx2g -cp "$jar" dev.varve.bench.tiered.TieredStudy "$out" "$@" 2>&1 | tee "$out/study.log"
echo "results in $out"
