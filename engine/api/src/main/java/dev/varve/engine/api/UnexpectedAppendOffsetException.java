package dev.varve.engine.api;

/**
 * A follower append ({@link PartitionLog#appendAsFollower}) whose batches do not continue the log: the
 * first batch does not start at the log end offset, or a later batch does not start right after the one
 * before it. Nothing was appended. The follower has diverged from what it asked for (a stale or
 * duplicated fetch response): it should drop the response and fetch again from its log end offset.
 * Kafka throws its own {@code UnexpectedAppendOffsetException} (no wire code) here, so the code is -1
 * ({@code UNKNOWN_SERVER_ERROR}).
 */
public final class UnexpectedAppendOffsetException extends VarveException {
    private static final long serialVersionUID = 1L;

    private final long expectedOffset;
    private final long actualOffset;

    public UnexpectedAppendOffsetException(TopicPartition partition, long expectedOffset, long actualOffset, long position) {
        super("follower append does not continue the log: partition=" + partition + ", expectedOffset=" + expectedOffset
                + ", actualOffset=" + actualOffset + ", position=" + position);
        this.expectedOffset = expectedOffset;
        this.actualOffset = actualOffset;
    }

    /** The base offset the batch had to have: the log end, or the previous batch's next offset. */
    public long expectedOffset() {
        return expectedOffset;
    }

    /** The base offset the batch had. */
    public long actualOffset() {
        return actualOffset;
    }

    @Override
    public short kafkaErrorCode() {
        return -1;
    }
}
