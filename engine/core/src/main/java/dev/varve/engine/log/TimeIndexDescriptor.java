package dev.varve.engine.log;

import java.nio.ByteBuffer;

/**
 * The layout of a time index entry ({@code .timeindex}), Kafka's {@code TimeIndex}: the one place
 * that knows its offsets.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  Timestamp (int64), epoch ms                  |  0
 * |                                                               |
 * +---------------------------------------------------------------+
 * |     Relative Offset (int32): offset - segment base offset     |  8
 * +---------------------------------------------------------------+
 * </pre>
 *
 * Big-endian. Entry {@code n} starts at byte {@code n * ENTRY_SIZE}; no header, no checksum. An entry
 * (T, O) means: every record with a timestamp greater than T is at or after offset O. Timestamps are
 * strictly increasing within a file, offsets never decrease.
 */
public final class TimeIndexDescriptor {
    public static final int TIMESTAMP_OFFSET = 0;
    public static final int RELATIVE_OFFSET_OFFSET = 8;
    /** Bytes per entry. */
    public static final int ENTRY_SIZE = 12;
    /** Kafka's {@code RecordBatch.NO_TIMESTAMP}: the timestamp of "no entry". */
    public static final long NO_TIMESTAMP = -1L;

    private TimeIndexDescriptor() {
    }

    /** Byte position of entry {@code slot}. */
    public static int entryStart(int slot) {
        return slot * ENTRY_SIZE;
    }

    public static long timestamp(ByteBuffer index, int slot) {
        return index.getLong(entryStart(slot) + TIMESTAMP_OFFSET);
    }

    public static int relativeOffset(ByteBuffer index, int slot) {
        return index.getInt(entryStart(slot) + RELATIVE_OFFSET_OFFSET);
    }

    /** Writes entry {@code slot} at absolute indexes; the buffer's position is untouched. */
    public static void put(ByteBuffer index, int slot, long timestamp, int relativeOffset) {
        index.putLong(entryStart(slot) + TIMESTAMP_OFFSET, timestamp);
        index.putInt(entryStart(slot) + RELATIVE_OFFSET_OFFSET, relativeOffset);
    }
}
