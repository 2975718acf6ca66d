package dev.varve.engine.log;

import dev.varve.engine.api.LogStorageException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * A segment's time index ({@code .timeindex}), byte-compatible with Kafka's {@code TimeIndex}: maps
 * timestamps to the offset from which every later-stamped record is found (layout in
 * {@link TimeIndexDescriptor}). Timestamps strictly increase; offsets never decrease.
 *
 * <p>The segment appends (max timestamp so far, offset of the batch holding it) next to each offset
 * index entry with {@link #maybeAppend}, which ignores a timestamp that is not newer than the last
 * entry's (so an index of records without timestamps stays empty). {@link #isFull()} keeps one slot
 * free for the final entry written with {@code skipFullCheck} when the segment rolls or closes.
 *
 * <p>Life cycle, thread-safety and crash behaviour are those of {@link OffsetIndex}. An untrimmed
 * file reopened after a crash ends in zero entries, timestamp 0: {@link #sanityCheck()} then fails
 * (last timestamp below the first) whenever real timestamps are positive.
 */
public final class TimeIndex extends MappedIndex {
    private volatile TimeIndexEntry lastEntry;

    private TimeIndex(Path file, long baseOffset, int maxIndexSize, boolean writable) {
        super(file, baseOffset, maxIndexSize, writable, TimeIndexDescriptor.ENTRY_SIZE);
        ByteBuffer index = beginRead();
        try {
            lastEntry = readLastEntry(index);
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
    public static TimeIndex open(Path file, long baseOffset, int maxIndexSize) {
        return new TimeIndex(file, baseOffset, maxIndexSize, true);
    }

    /** Opens an existing file read-only (Kafka's {@code writable=false}); it is never modified. */
    public static TimeIndex openReadOnly(Path file, long baseOffset) {
        return new TimeIndex(file, baseOffset, -1, false);
    }

    /** Full one slot early: the last slot is kept for the entry written when the segment rolls. */
    @Override
    public boolean isFull() {
        return entries() >= maxEntries() - 1;
    }

    /**
     * Appends (timestamp, offset) if {@code timestamp} is greater than {@link #lastEntry()}'s; an
     * equal or smaller one is ignored when the offset is unchanged (the final entry, written twice).
     *
     * @param skipFullCheck true only for the final entry of a rolling or closing segment
     * @throws IndexAppendException when full (unless skipped, and no slot at all left), when the
     *     offset is below the last entry's, the timestamp below the last entry's, or the offset does
     *     not fit a relative offset
     */
    public void maybeAppend(long timestamp, long offset, boolean skipFullCheck) {
        ByteBuffer index = beginWrite();
        try {
            int n = entries();
            TimeIndexEntry last = lastEntry;
            if (!skipFullCheck && isFull()) {
                throw full(offset, n);
            }
            if (n > 0 && offset < last.offset()) {
                throw new IndexAppendException(IndexAppendException.Reason.OFFSET_NOT_INCREASING, file().toString(),
                        offset, "lastOffset=" + last.offset());
            }
            if (n > 0 && timestamp < last.timestamp()) {
                throw new IndexAppendException(IndexAppendException.Reason.TIMESTAMP_DECREASING, file().toString(),
                        offset, "timestamp=" + timestamp + ", lastTimestamp=" + last.timestamp());
            }
            if (timestamp > last.timestamp()) {
                if (n >= maxEntries()) {
                    throw full(offset, n);
                }
                TimeIndexDescriptor.put(index, n, timestamp, relativeOffsetForAppend(offset));
                entryAppended();
                lastEntry = new TimeIndexEntry(timestamp, offset);
            }
        } finally {
            endWrite();
        }
    }

    private IndexAppendException full(long offset, int n) {
        return new IndexAppendException(IndexAppendException.Reason.INDEX_FULL, file().toString(), offset,
                "entries=" + n + ", maxEntries=" + maxEntries());
    }

    /** The entry with the largest timestamp at or below {@code timestamp}, else (NO_TIMESTAMP, base offset). */
    public TimeIndexEntry lookup(long timestamp) {
        ByteBuffer index = beginRead();
        try {
            int slot = countUpTo(index, timestamp, false, true) - 1;
            return slot < 0 ? new TimeIndexEntry(TimeIndexDescriptor.NO_TIMESTAMP, baseOffset()) : entryAt(index, slot);
        } finally {
            endRead();
        }
    }

    /** Entry {@code n}, 0-based. @throws IndexOutOfBoundsException unless {@code 0 <= n < entries()} */
    public TimeIndexEntry entry(int n) {
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

    /** The last entry, or (NO_TIMESTAMP, base offset) when empty. */
    public TimeIndexEntry lastEntry() {
        return lastEntry;
    }

    private TimeIndexEntry entryAt(ByteBuffer index, int slot) {
        return new TimeIndexEntry(TimeIndexDescriptor.timestamp(index, slot), offsetAt(index, slot));
    }

    private TimeIndexEntry readLastEntry(ByteBuffer index) {
        int n = entries();
        return n == 0 ? new TimeIndexEntry(TimeIndexDescriptor.NO_TIMESTAMP, baseOffset()) : entryAt(index, n - 1);
    }

    @Override
    long offsetAt(ByteBuffer index, int slot) {
        return baseOffset() + TimeIndexDescriptor.relativeOffset(index, slot);
    }

    @Override
    long keyAt(ByteBuffer index, int slot) {
        return TimeIndexDescriptor.timestamp(index, slot);
    }

    @Override
    void entriesChanged(ByteBuffer index) {
        lastEntry = readLastEntry(index);
    }

    @Override
    void checkEntries(ByteBuffer index, int entries) {
        TimeIndexEntry last = entryAt(index, entries - 1);
        long first = TimeIndexDescriptor.timestamp(index, 0);
        if (last.timestamp() < first) {
            throw new CorruptIndexException(CorruptIndexException.Reason.LAST_TIMESTAMP_BELOW_FIRST, file().toString(),
                    "lastTimestamp=" + last.timestamp() + ", firstTimestamp=" + first);
        }
        if (last.offset() < baseOffset()) {
            throw new CorruptIndexException(CorruptIndexException.Reason.LAST_OFFSET_BELOW_BASE_OFFSET,
                    file().toString(), "lastOffset=" + last.offset() + ", baseOffset=" + baseOffset());
        }
    }
}
