package dev.varve.engine.log;

import dev.varve.engine.api.VarveException;
import java.util.Objects;

/**
 * An append to an offset or time index was refused; the index is unchanged. Every reason is a
 * caller's mistake that the caller can avoid by asking first: {@link Reason#INDEX_FULL} by
 * {@code isFull()}, {@link Reason#OFFSET_OUT_OF_RANGE} by {@code canAppendOffset(long)} (roll a new
 * segment instead), the ordering reasons by appending in log order.
 *
 * <p>Kafka throws {@code InvalidOffsetException}, {@code IndexOffsetOverflowException},
 * {@code IllegalArgumentException} and {@code IllegalStateException} for these; none is an API
 * error, so the code is {@code -1} (UNKNOWN_SERVER_ERROR).
 */
public final class IndexAppendException extends VarveException {
    private static final long serialVersionUID = 1L;

    /** Why the append was refused. */
    public enum Reason {
        /** Offset index: the offset is not greater than the last entry's; time index: it is smaller. */
        OFFSET_NOT_INCREASING,
        /** The offset is below the base offset or more than {@code Integer.MAX_VALUE} above it. */
        OFFSET_OUT_OF_RANGE,
        /** Time index: the timestamp is smaller than the last entry's. */
        TIMESTAMP_DECREASING,
        /** No free slot (for a time index: none but the slot kept for the final entry). */
        INDEX_FULL
    }

    private final Reason reason;
    private final String file;
    private final long offset;

    public IndexAppendException(Reason reason, String file, long offset, String detail) {
        super("index append refused: reason=" + reason + ", file=" + file + ", offset=" + offset
                + (detail.isEmpty() ? "" : ", " + detail));
        this.reason = Objects.requireNonNull(reason, "reason");
        this.file = file;
        this.offset = offset;
    }

    /** Why the append was refused. */
    public Reason reason() {
        return reason;
    }

    /** The index file. */
    public String file() {
        return file;
    }

    /** The offset that was being appended. */
    public long offset() {
        return offset;
    }

    @Override
    public short kafkaErrorCode() {
        return -1;
    }
}
