package dev.varve.engine.record;

import dev.varve.engine.api.CorruptRecordException;
import java.nio.ByteBuffer;

/**
 * Zigzag base-128 varints and varlongs as Kafka's {@code ByteUtils} writes them, read and written
 * at absolute indexes so no buffer position changes. Reads are bounded by a caller-given limit and
 * fail with {@link CorruptRecordException.Reason#BAD_VARINT} instead of reading past it.
 */
public final class Varint {
    private Varint() {
    }

    /** Bytes {@code value} takes as a zigzag varint. */
    public static int sizeOfVarint(int value) {
        int v = (value << 1) ^ (value >> 31);
        int bytes = 1;
        while ((v & 0xffffff80) != 0) {
            bytes++;
            v >>>= 7;
        }
        return bytes;
    }

    /** Bytes {@code value} takes as a zigzag varlong. */
    public static int sizeOfVarlong(long value) {
        long v = (value << 1) ^ (value >> 63);
        int bytes = 1;
        while ((v & 0xffffffffffffff80L) != 0L) {
            bytes++;
            v >>>= 7;
        }
        return bytes;
    }

    /** Writes a zigzag varint at {@code index}; returns the index after it. */
    public static int writeVarint(ByteBuffer buffer, int index, int value) {
        int v = (value << 1) ^ (value >> 31);
        while ((v & 0xffffff80) != 0) {
            buffer.put(index++, (byte) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        buffer.put(index++, (byte) v);
        return index;
    }

    /** Writes a zigzag varlong at {@code index}; returns the index after it. */
    public static int writeVarlong(ByteBuffer buffer, int index, long value) {
        long v = (value << 1) ^ (value >> 63);
        while ((v & 0xffffffffffffff80L) != 0L) {
            buffer.put(index++, (byte) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        buffer.put(index++, (byte) v);
        return index;
    }

    /**
     * Reads the zigzag varint at {@code index}, which must end before {@code limit}. Returns the
     * value in the low 32 bits and its width in bytes in the high 32 bits (see {@link #value} and
     * {@link #width}), so the hot path allocates nothing.
     */
    public static long readVarint(ByteBuffer buffer, int index, int limit) {
        int raw = 0;
        for (int i = 0; i < RecordDescriptor.MAX_VARINT_BYTES; i++) {
            if (index + i >= limit) {
                throw new CorruptRecordException(CorruptRecordException.Reason.BAD_VARINT, index,
                        "varint runs past the end of its bytes: limit=" + limit);
            }
            int b = buffer.get(index + i);
            raw |= (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                if (i == 4 && (b & 0xf0) != 0) {
                    break;
                }
                int value = (raw >>> 1) ^ -(raw & 1);
                return ((long) (i + 1) << 32) | (value & 0xffffffffL);
            }
        }
        throw new CorruptRecordException(CorruptRecordException.Reason.BAD_VARINT, index,
                "varint wider than 5 bytes or over 32 bits");
    }

    /** The value half of {@link #readVarint}'s result. */
    public static int value(long packed) {
        return (int) packed;
    }

    /** The width half of {@link #readVarint}'s result. */
    public static int width(long packed) {
        return (int) (packed >>> 32);
    }

    /**
     * Reads the zigzag varlong at {@code index}, which must end before {@code limit}. Its width is
     * {@link #sizeOfVarlongAt} once this returned.
     */
    public static long readVarlong(ByteBuffer buffer, int index, int limit) {
        long raw = 0;
        for (int i = 0; i < RecordDescriptor.MAX_VARLONG_BYTES; i++) {
            if (index + i >= limit) {
                throw new CorruptRecordException(CorruptRecordException.Reason.BAD_VARINT, index,
                        "varlong runs past the end of its bytes: limit=" + limit);
            }
            long b = buffer.get(index + i);
            raw |= (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                if (i == 9 && (b & 0x7e) != 0) {
                    break;
                }
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new CorruptRecordException(CorruptRecordException.Reason.BAD_VARINT, index,
                "varlong wider than 10 bytes or over 64 bits");
    }

    /** Width in bytes of the varlong at {@code index}, already known to be valid. */
    public static int sizeOfVarlongAt(ByteBuffer buffer, int index) {
        int width = 1;
        while ((buffer.get(index + width - 1) & 0x80) != 0) {
            width++;
        }
        return width;
    }
}
