/**
 * The peers Varve's engine is measured against, in the same JVM on identical batches:
 * {@link dev.varve.bench.peer.KafkaLogPeer} (Apache Kafka 4.4's {@code UnifiedLog}, opened without a
 * broker) and {@link dev.varve.bench.peer.FileChannelFloor} (a bare {@code FileChannel.write} loop, the
 * physical limit). Used by the engine JMH benchmarks and by the {@code varve bench} study; each wrapper
 * releases everything it opened on {@code close()}.
 */
package dev.varve.bench.peer;
