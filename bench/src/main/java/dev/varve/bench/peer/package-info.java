/**
 * The peers Varve's engine is measured against, in the same JVM on identical batches:
 * {@link dev.varve.bench.peer.KafkaLogPeer} (Apache Kafka 4.4's {@code UnifiedLog}, opened without a
 * broker), {@link dev.varve.bench.peer.KafkaCleanerPeer} (Kafka's log cleaner over such a log) and
 * {@link dev.varve.bench.peer.FileChannelFloor} (a bare {@code FileChannel.write} loop, the
 * physical limit). Used by the engine and compaction JMH benchmarks and by the {@code varve bench} study; each wrapper
 * releases everything it opened on {@code close()}.
 */
package dev.varve.bench.peer;
