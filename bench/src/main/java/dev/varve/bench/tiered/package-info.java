/**
 * JMH benchmarks of tiered storage's object-store client, {@link dev.varve.tiered.s3.S3RemoteStore},
 * against S3Proxy on loopback ({@code LoopbackS3Benchmark}): put and read throughput with every check on.
 * Loopback numbers bound the client's own cost; they say nothing of a real object store's latency.
 */
package dev.varve.bench.tiered;
