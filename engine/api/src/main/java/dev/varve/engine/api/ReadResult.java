package dev.varve.engine.api;

/**
 * The outcome of a read: the batches found and the log's bounds at the time of the read. An offset
 * outside {@code [logStartOffset, logEndOffset]} is the expected outcome {@link Status#OFFSET_OUT_OF_RANGE}
 * with an empty slice, not an exception; reading at the log end gives an empty slice.
 */
public record ReadResult(Status status, LogSlice records, long logStartOffset, long logEndOffset) {

    /** Whether the read offset was in range. Kafka's codes: NONE (0), OFFSET_OUT_OF_RANGE (1). */
    public enum Status {
        OK,
        OFFSET_OUT_OF_RANGE
    }
}
