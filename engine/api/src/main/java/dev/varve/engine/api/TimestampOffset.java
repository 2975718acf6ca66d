package dev.varve.engine.api;

/**
 * An offset found by timestamp: the first offset whose record's timestamp is at or after the one asked
 * for, and that record's timestamp. {@link #EARLIEST} and {@link #LATEST} are Kafka's ListOffsets
 * sentinels for the log start and log end.
 */
public record TimestampOffset(long timestamp, long offset) {
    /** Ask for the log start offset, as Kafka's {@code ListOffsetsRequest.EARLIEST_TIMESTAMP}. */
    public static final long EARLIEST = -2L;
    /** Ask for the log end offset, as Kafka's {@code ListOffsetsRequest.LATEST_TIMESTAMP}. */
    public static final long LATEST = -1L;
}
