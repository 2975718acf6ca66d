package dev.varve.engine.api;

/**
 * An operation named an offset outside the log's range where that is misuse, not an expected outcome
 * (reads report it as a result instead). Kafka's code is {@code OFFSET_OUT_OF_RANGE} (1).
 */
public final class OffsetOutOfRangeException extends VarveException {
    private static final long serialVersionUID = 1L;

    public OffsetOutOfRangeException(TopicPartition partition, long offset, long logStartOffset, long logEndOffset) {
        super("offset out of range: partition=" + partition + ", offset=" + offset
                + ", logStartOffset=" + logStartOffset + ", logEndOffset=" + logEndOffset);
    }

    @Override
    public short kafkaErrorCode() {
        return 1;
    }
}
