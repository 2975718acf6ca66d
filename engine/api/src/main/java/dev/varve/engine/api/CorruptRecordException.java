package dev.varve.engine.api;

import java.util.Objects;

/**
 * Bytes that claim to be Kafka v2 record batches are not: the one exception a reader of hostile or
 * damaged input throws. Carries what is wrong ({@link #reason()}), where ({@link #position()}, the
 * byte position from the start of the buffer or file being read, and {@link #source()}, the file
 * when there is one), and a human-readable detail. Kafka's code is {@code CORRUPT_MESSAGE} (2).
 *
 * <p>A reader that throws this has consumed nothing past {@link #position()}'s batch: the valid
 * batches before it stay usable, which is what crash recovery relies on to truncate a torn tail.
 */
public final class CorruptRecordException extends VarveException {
    private static final long serialVersionUID = 1L;

    /** The ways bytes can fail to be a valid batch. */
    public enum Reason {
        /** Fewer bytes than a header or a declared length needs. */
        TRUNCATED,
        /** The magic byte is not 2. */
        BAD_MAGIC,
        /** The stored CRC-32C does not match the bytes. */
        BAD_CRC,
        /** A declared length, count or delta is negative or larger than the bytes that hold it. */
        LENGTH_OUT_OF_BOUNDS,
        /** A varint or varlong runs past its maximum width or past the end of its bytes. */
        BAD_VARINT,
        /** The attributes name a compression codec that does not exist. */
        BAD_CODEC,
        /** The compressed record section is not a valid stream for its codec. */
        BAD_COMPRESSED_DATA,
        /** The record section decompresses to more than the allowed bound. */
        DECOMPRESSED_TOO_LARGE,
        /** Records disagree with their batch: count, length, offset deltas or trailing bytes. */
        BAD_RECORD,
        /**
         * A batch's offsets break the log's order: its base offset is not above the previous batch's
         * last offset, or its offsets leave the segment's range (below its base offset, past the next
         * segment's, or beyond a 32-bit relative offset).
         */
        BAD_OFFSET
    }

    private final Reason reason;
    private final long position;
    private final String source;
    private final String detail;

    public CorruptRecordException(Reason reason, long position, String detail) {
        this(reason, position, null, detail, null);
    }

    public CorruptRecordException(Reason reason, long position, String detail, Throwable cause) {
        this(reason, position, null, detail, cause);
    }

    private CorruptRecordException(Reason reason, long position, String source, String detail, Throwable cause) {
        super(format(reason, position, source, detail), cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.position = position;
        this.source = source;
        this.detail = detail;
    }

    private static String format(Reason reason, long position, String source, String detail) {
        StringBuilder text = new StringBuilder("corrupt record batch: reason=").append(reason);
        if (source != null) {
            text.append(", file=").append(source);
        }
        text.append(", position=").append(position);
        if (detail != null && !detail.isEmpty()) {
            text.append(", ").append(detail);
        }
        return text.toString();
    }

    /** What is wrong. */
    public Reason reason() {
        return reason;
    }

    /** Byte position of the problem, counted from the start of the buffer or file that was read. */
    public long position() {
        return position;
    }

    /** What exactly is wrong, in {@code name=value} terms, without the reason and location; may be null. */
    public String detail() {
        return detail;
    }

    /** The file being read, or null when reading a buffer. */
    public String source() {
        return source;
    }

    /** The same problem located further into a larger buffer or file: position moves by {@code delta}. */
    public CorruptRecordException shiftedBy(long delta) {
        return new CorruptRecordException(reason, position + delta, source, detail, this);
    }

    /** The same problem, attributed to a file. */
    public CorruptRecordException inFile(String file) {
        return new CorruptRecordException(reason, position, file, detail, this);
    }

    @Override
    public short kafkaErrorCode() {
        return 2;
    }
}
