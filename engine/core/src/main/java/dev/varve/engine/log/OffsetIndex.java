package dev.varve.engine.log;

import dev.varve.engine.api.LogStorageException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * A segment's sparse offset index ({@code .index}), byte-compatible with Kafka's {@code OffsetIndex}:
 * maps offsets to byte positions in the segment's {@code .log} (layout in {@link OffsetIndexDescriptor}).
 * Entries are strictly increasing in offset; {@link #lookup} finds where to start scanning the log.
 *
 * <p>Life cycle (Kafka's): created preallocated to {@code maxIndexSize} rounded down to whole entries
 * and memory-mapped; appended to while its segment is active; trimmed to the valid entries when the
 * segment rolls or closes ({@link #trimToValidSize()}, {@link #close()}); re-extended with
 * {@link #resize} when a trimmed index becomes active again. An existing file is opened the way Kafka
 * opens it: every whole entry in the file counts as valid.
 *
 * <p>Thread-safety: one writer and any number of concurrent readers; see {@link MappedIndex} for the
 * lock. Crash behaviour: there is no checksum and nothing is durable before {@link #flush()}. After a
 * crash an active index is a preallocated file whose zero tail reads as entries, so the segment loader
 * must not trust an index above the recovery point, or one failing {@link #sanityCheck()}: it rebuilds
 * it from the {@code .log}, as Kafka does.
 */
public final class OffsetIndex extends MappedIndex {
    private volatile long lastOffset;

    private OffsetIndex(Path file, long baseOffset, int maxIndexSize, boolean writable) {
        super(file, baseOffset, maxIndexSize, writable, OffsetIndexDescriptor.ENTRY_SIZE);
        ByteBuffer index = beginRead();
        try {
            lastOffset = readLastOffset(index);
        } finally {
            endRead();
        }
    }

    /**
     * Opens {@code file} for appending, creating it preallocated to {@code maxIndexSize} (rounded down
     * to whole entries) when it does not exist. An existing file keeps its length.
     *
     * @throws IllegalArgumentException when a new file would be smaller than one entry
     * @throws LogStorageException on an I/O error
     */
    public static OffsetIndex open(Path file, long baseOffset, int maxIndexSize) {
        return new OffsetIndex(file, baseOffset, maxIndexSize, true);
    }

    /** Opens an existing file read-only (Kafka's {@code writable=false}); it is never modified. */
    public static OffsetIndex openReadOnly(Path file, long baseOffset) {
        return new OffsetIndex(file, baseOffset, -1, false);
    }

    /**
     * Appends (offset, position).
     *
     * @throws IndexAppendException when the index is full, the offset is not greater than
     *     {@link #lastOffset()} (for a non-empty index), or does not fit a relative offset
     */
    public void append(long offset, int position) {
        ByteBuffer index = beginWrite();
        try {
            int n = entries();
            if (n >= maxEntries()) {
                throw new IndexAppendException(IndexAppendException.Reason.INDEX_FULL, file().toString(), offset,
                        "entries=" + n);
            }
            if (n > 0 && offset <= lastOffset) {
                throw new IndexAppendException(IndexAppendException.Reason.OFFSET_NOT_INCREASING, file().toString(),
                        offset, "lastOffset=" + lastOffset);
            }
            OffsetIndexDescriptor.put(index, n, relativeOffsetForAppend(offset), position);
            entryAppended();
            lastOffset = offset;
        } finally {
            endWrite();
        }
    }

    /** The entry with the largest offset at or below {@code targetOffset}, else (base offset, 0). */
    public OffsetPosition lookup(long targetOffset) {
        ByteBuffer index = beginRead();
        try {
            int slot = countUpTo(index, targetOffset, true, true) - 1;
            return slot < 0 ? new OffsetPosition(baseOffset(), 0) : entryAt(index, slot);
        } finally {
            endRead();
        }
    }

    /** Entry {@code n}, 0-based. @throws IndexOutOfBoundsException unless {@code 0 <= n < entries()} */
    public OffsetPosition entry(int n) {
        ByteBuffer index = beginRead();
        try {
            if (n < 0 || n >= entries()) {
                throw new IndexOutOfBoundsException("entry " + n + " of " + entries() + ": file=" + file());
            }
            return entryAt(index, n);
        } finally {
            endRead();
        }
    }

    /**
     * The entry with the largest position at or below {@code position}, else (base offset, 0): how a
     * read finds, without scanning, the last indexed batch that starts within its byte budget. Positions
     * grow with offsets, so this is a binary search like {@link #lookup}.
     */
    public OffsetPosition lookupByPosition(int position) {
        ByteBuffer index = beginRead();
        try {
            int low = 0;
            int high = entries();
            while (low < high) { // slots below low are at or below position, slots from high on are above
                int mid = (low + high) >>> 1;
                if (OffsetIndexDescriptor.position(index, mid) <= position) {
                    low = mid + 1;
                } else {
                    high = mid;
                }
            }
            return low == 0 ? new OffsetPosition(baseOffset(), 0) : entryAt(index, low - 1);
        } finally {
            endRead();
        }
    }

    /** The last entry's offset, or the base offset when empty. */
    public long lastOffset() {
        return lastOffset;
    }

    private OffsetPosition entryAt(ByteBuffer index, int slot) {
        return new OffsetPosition(offsetAt(index, slot), OffsetIndexDescriptor.position(index, slot));
    }

    private long readLastOffset(ByteBuffer index) {
        int n = entries();
        return n == 0 ? baseOffset() : offsetAt(index, n - 1);
    }

    @Override
    long offsetAt(ByteBuffer index, int slot) {
        return baseOffset() + OffsetIndexDescriptor.relativeOffset(index, slot);
    }

    @Override
    long keyAt(ByteBuffer index, int slot) {
        return offsetAt(index, slot);
    }

    @Override
    void entriesChanged(ByteBuffer index) {
        lastOffset = readLastOffset(index);
    }

    @Override
    void checkEntries(ByteBuffer index, int entries) {
        long last = offsetAt(index, entries - 1);
        if (last < baseOffset()) {
            throw new CorruptIndexException(CorruptIndexException.Reason.LAST_OFFSET_BELOW_BASE_OFFSET,
                    file().toString(), "lastOffset=" + last + ", baseOffset=" + baseOffset());
        }
    }
}
