/**
 * Benchmarks of tiered storage, all LOOPBACK (S3Proxy in the same JVM on 127.0.0.1, in-memory blob store):
 * {@code LoopbackS3Benchmark} (JMH) measures the object-store client alone, put and read throughput with
 * every check on; {@code TieredStudy} ({@code bench/run-tiered.sh}, papers/tiered-storage.md) measures
 * tiered storage end to end: segment upload throughput by segment size, sequential remote consume, and
 * random-read latency percentiles with a cold and a warm cache beside the local log. Loopback numbers bound
 * the client's and the engine's own cost; they say nothing of a real object store's latency.
 */
package dev.varve.bench.tiered;
