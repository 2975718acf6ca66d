package dev.varve.engine.api;

import java.util.Set;

/**
 * An engine that owns the partition logs of one data directory. Get one by name from
 * {@link LogEngines#open}; close it to shut down cleanly (every log flushed and closed, and the next
 * open skips recovery). Thread-safe.
 */
public interface LogEngine extends AutoCloseable {

    /** The name this engine is registered under ({@code segmented}, {@code memory}, ...). */
    String name();

    /**
     * Opens the log of {@code partition}, creating it if absent, recovering it first if the engine was
     * not shut down cleanly. Opening an open log returns the same instance.
     */
    PartitionLog open(TopicPartition partition, LogConfig config);

    /** The partitions that have a log in this engine, open or not. */
    Set<TopicPartition> partitions();

    /** Closes and removes the log of {@code partition} with all its data; a no-op if it has none. */
    void delete(TopicPartition partition);

    /** Closes every open log and marks the shutdown clean. Idempotent. */
    @Override
    void close();
}
