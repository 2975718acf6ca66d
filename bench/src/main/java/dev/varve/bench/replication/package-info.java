/**
 * The replication study: how fast the deterministic simulation runs (simulated events per wall-clock second),
 * and how produce throughput and latency, both in simulated time, vary with {@code acks},
 * {@code min.insync.replicas}, the replication factor and the fault rate. {@link dev.varve.bench.replication.ReplicationStudy}
 * is the entry point ({@code bench/run-replication.sh}); papers/replication.md reports the figures.
 */
package dev.varve.bench.replication;
