/**
 * {@code varve produce}: appends records to a topic's partition logs the way Kafka's producer batches
 * them ({@code batch.size}, {@code linger.ms}, one reused {@link dev.varve.engine.record.RecordBatchBuilder}
 * per partition), partitioned like Kafka's default partitioner (murmur2 of the key; sticky for null
 * keys). Records come from standard input, a line each, or are synthesised.
 */
package dev.varve.cli.produce;
