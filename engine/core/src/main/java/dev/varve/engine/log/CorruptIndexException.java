package dev.varve.engine.log;

import dev.varve.engine.api.VarveException;
import java.util.Objects;

/**
 * An offset or time index file is not a valid index: its length is not a whole number of entries,
 * or its entries contradict each other ({@link #reason()}). Thrown by {@code sanityCheck()} and by
 * opening a file that cannot be an index at all. Indexes carry no checksum: the cure is to rebuild
 * the index from its segment's {@code .log}, which is what Kafka's recovery does on its own
 * {@code CorruptIndexException}.
 *
 * <p>Kafka code: {@code -1} (UNKNOWN_SERVER_ERROR), as for Kafka's class of the same name, which is
 * not an API error. {@code CORRUPT_MESSAGE} (2) would tell a producer that its own bytes were bad.
 */
public final class CorruptIndexException extends VarveException {
    private static final long serialVersionUID = 1L;

    /** The ways an index file can fail its checks. */
    public enum Reason {
        /** The file length is not a multiple of the entry size. */
        LENGTH_NOT_MULTIPLE_OF_ENTRY_SIZE,
        /** The file is longer than an index can be (an int32 byte count). */
        FILE_TOO_LARGE,
        /** The last entry's offset is below the segment's base offset. */
        LAST_OFFSET_BELOW_BASE_OFFSET,
        /** The last time entry's timestamp is below the first one's. */
        LAST_TIMESTAMP_BELOW_FIRST
    }

    private final Reason reason;
    private final String file;

    public CorruptIndexException(Reason reason, String file, String detail) {
        super("corrupt index: reason=" + reason + ", file=" + file + (detail.isEmpty() ? "" : ", " + detail));
        this.reason = Objects.requireNonNull(reason, "reason");
        this.file = file;
    }

    /** What is wrong. */
    public Reason reason() {
        return reason;
    }

    /** The index file. */
    public String file() {
        return file;
    }

    @Override
    public short kafkaErrorCode() {
        return -1;
    }
}
