package dev.varve.engine.log;

import java.nio.ByteBuffer;

/**
 * The layout of an offset index entry ({@code .index}), Kafka's {@code OffsetIndex}: the one place
 * that knows its offsets.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Relative Offset (int32): offset - segment base offset     |  0
 * +---------------------------------------------------------------+
 * |     Position (int32): byte position of the batch in .log      |  4
 * +---------------------------------------------------------------+
 * </pre>
 *
 * Big-endian. Entry {@code n} starts at byte {@code n * ENTRY_SIZE}; the file is entries back to back
 * with no header and no checksum. Entries are sparse (one per {@code index.interval.bytes} of log) and
 * strictly increasing in offset. Kafka 4.x keys an entry by the batch's <em>last</em> offset and
 * points at the batch's <em>start</em>.
 */
public final class OffsetIndexDescriptor {
    public static final int RELATIVE_OFFSET_OFFSET = 0;
    public static final int POSITION_OFFSET = 4;
    /** Bytes per entry. */
    public static final int ENTRY_SIZE = 8;

    private OffsetIndexDescriptor() {
    }

    /** Byte position of entry {@code slot}. */
    public static int entryStart(int slot) {
        return slot * ENTRY_SIZE;
    }

    public static int relativeOffset(ByteBuffer index, int slot) {
        return index.getInt(entryStart(slot) + RELATIVE_OFFSET_OFFSET);
    }

    public static int position(ByteBuffer index, int slot) {
        return index.getInt(entryStart(slot) + POSITION_OFFSET);
    }

    /** Writes entry {@code slot} at absolute indexes; the buffer's position is untouched. */
    public static void put(ByteBuffer index, int slot, int relativeOffset, int position) {
        index.putInt(entryStart(slot) + RELATIVE_OFFSET_OFFSET, relativeOffset);
        index.putInt(entryStart(slot) + POSITION_OFFSET, position);
    }
}
