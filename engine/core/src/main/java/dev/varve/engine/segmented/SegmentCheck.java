package dev.varve.engine.segmented;

import static dev.varve.engine.record.RecordBatchDescriptor.HEADER_SIZE;

import dev.varve.engine.api.CorruptRecordException;
import dev.varve.engine.log.OffsetIndex;
import dev.varve.engine.log.OffsetPosition;
import dev.varve.engine.log.SegmentFile;
import dev.varve.engine.log.TimeIndex;
import dev.varve.engine.log.TimeIndexEntry;
import dev.varve.engine.record.BatchOrder;
import dev.varve.engine.record.RecordBatchFlyweight;
import dev.varve.engine.record.RecordBatchReader;
import java.nio.ByteBuffer;

/**
 * The prefix of a segment's {@code .log} whose batch headers have been checked: every read of the
 * segment stays inside it, so no byte the checks did not pass is ever served or trusted, whether the
 * log was opened after a clean shutdown (no recovery ran) or was just written.
 *
 * <p>Each batch from the end of the prefix is checked once, by its header alone (one positional read
 * of {@value dev.varve.engine.record.RecordBatchDescriptor#HEADER_SIZE} bytes): the header checks of
 * {@link RecordBatchReader#checkHeader} (magic 2, length within the file, codec, record count and last
 * offset delta) and the order of {@link BatchOrder} (offsets above the previous batch's and inside the
 * segment's range); a batch the {@code .index} has an entry for must end at the entry's offset, and a
 * {@code .timeindex} entry must name an offset of a batch whose largest timestamp is the entry's (strictly,
 * every entry, for a segment checked from its start while it was no longer the last one: a time entry
 * may be written after the batch it names, while the segment is active).
 * Where they disagree either may be damaged: in a compacted segment a base offset lowered into a gap
 * breaks no other rule, so the indexes are the only witnesses, and the batch is refused.
 * (An entry that points inside a batch or past the file is the index's own damage: lookups verify
 * entries and scan instead.) The CRC is left to the consumer, as in Kafka: it
 * covers every other header field and the records. The first violation is kept, with the file, and the
 * prefix ends before it for good (before both batches when two overlap: either may be the damaged one); readers that need bytes past it get it thrown. The largest batch
 * timestamp of the prefix comes along, so timestamp searches need not trust the {@code .timeindex}.
 *
 * <p>Thread-safety: concurrent readers call {@link #validBytes}; extending the prefix is serialised on
 * this object, reading it is one volatile read. A truncation {@link #reset}s it (under the log's write
 * lock). Nothing here is persisted: a reopened segment is checked again on its first read.
 */
final class SegmentCheck {
    private static final String INDEX_HINT = " (either may be damaged: the base offset, outside the CRC, or the index)";
    private final ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE);
    private final RecordBatchFlyweight batch = new RecordBatchFlyweight();
    private final BatchOrder order = new BatchOrder();
    private final long baseOffset;
    private final OffsetIndex offsetIndex;
    private final TimeIndex timeIndex;
    private int nextEntry;
    private int nextTimeEntry;
    private boolean strictTimeIndex;
    private int lastBatchPosition;
    private volatile int validBytes;
    private volatile long maxTimestamp = -1;
    private volatile CorruptRecordException error;

    SegmentCheck(long baseOffset, OffsetIndex offsetIndex, TimeIndex timeIndex) {
        this.baseOffset = baseOffset;
        this.offsetIndex = offsetIndex;
        this.timeIndex = timeIndex;
    }

    /**
     * Bytes from the file's start that hold only checked batches, first checking the batches appended
     * since the last call; {@code offsetBound} is the next segment's base offset (or
     * {@link Long#MAX_VALUE} for the last segment).
     */
    int validBytes(SegmentFile file, long offsetBound) {
        int valid = validBytes;
        return valid == file.sizeInBytes() || error != null ? valid : advance(file, offsetBound);
    }

    private synchronized int advance(SegmentFile file, long offsetBound) {
        int size = file.sizeInBytes();
        if (validBytes > size) {
            reset();
        }
        int position = validBytes;
        if (position == 0) {
            order.startSegment(baseOffset, offsetBound);
            strictTimeIndex = offsetBound != Long.MAX_VALUE;
        }
        order.bound(offsetBound);
        long largest = maxTimestamp;
        try {
            while (position < size) {
                checkAt(file, position, size);
                largest = Math.max(largest, batch.maxTimestamp());
                lastBatchPosition = position;
                position += batch.sizeInBytes();
            }
            checkNoTimeIndexEntryLeft(size);
        } catch (CorruptRecordException e) {
            error = e.inFile(file.path().toString());
            position = (int) Math.min(position, e.position());
        }
        maxTimestamp = largest;
        validBytes = position;
        return position;
    }

    private void checkAt(SegmentFile file, int position, int size) {
        if (size - position < HEADER_SIZE) {
            throw new CorruptRecordException(CorruptRecordException.Reason.TRUNCATED, position,
                    "only " + (size - position) + " bytes left, a batch header needs " + HEADER_SIZE);
        }
        header.clear();
        file.read(header, position);
        batch.wrap(header, 0);
        RecordBatchReader.checkHeader(batch, size - position, position);
        order.check(batch, position);
        checkIndexEntry(position);
        checkTimeIndexEntries(position);
    }

    /**
     * Moves past the time index entries up to the batch's last offset; each in it must carry its largest
     * timestamp, and (strictly) none may name an offset before it that no earlier batch held.
     */
    private void checkTimeIndexEntries(int position) {
        int entries = timeIndex.entries();
        while (nextTimeEntry < entries) {
            TimeIndexEntry entry = timeIndex.entry(nextTimeEntry);
            if (entry.offset() > batch.lastOffset()) {
                return;
            }
            nextTimeEntry++;
            boolean before = entry.offset() < batch.baseOffset();
            if (before && strictTimeIndex || !before && entry.timestamp() != batch.maxTimestamp()) {
                throw new CorruptRecordException(CorruptRecordException.Reason.BAD_OFFSET, position, "offsets "
                        + batch.baseOffset() + " to " + batch.lastOffset() + ", maxTimestamp=" + batch.maxTimestamp()
                        + ", but the time index entry " + (nextTimeEntry - 1) + " says " + entry + INDEX_HINT);
            }
        }
    }

    /** Moves past the index entries up to {@code position}; the one at it, if any, must name the batch's last offset. */
    private void checkIndexEntry(int position) {
        int entries = offsetIndex.entries();
        while (nextEntry < entries) {
            OffsetPosition entry = offsetIndex.entry(nextEntry);
            if (entry.position() > position) {
                return;
            }
            nextEntry++;
            if (entry.position() == position && entry.offset() != batch.lastOffset()) {
                throw new CorruptRecordException(CorruptRecordException.Reason.BAD_OFFSET, position, "lastOffset="
                        + batch.lastOffset() + " but the offset index entry " + (nextEntry - 1) + " for this batch says " + entry.offset()
                        + INDEX_HINT);
            }
        }
    }

    /** In a segment checked strictly to its end, a time index entry past its last batch names no batch. */
    private void checkNoTimeIndexEntryLeft(int size) {
        if (strictTimeIndex && size > 0 && nextTimeEntry < timeIndex.entries()) {
            TimeIndexEntry entry = timeIndex.entry(nextTimeEntry);
            throw new CorruptRecordException(CorruptRecordException.Reason.BAD_OFFSET, lastBatchPosition, "the segment's last batch ends at "
                    + order.lastOffset() + " but the time index entry " + nextTimeEntry + " says " + entry + INDEX_HINT);
        }
    }

    /** The first violation found, with its file and position; null while the whole file checks. */
    CorruptRecordException error() {
        return error;
    }

    /** The largest batch timestamp in the checked prefix, or -1. */
    long maxTimestamp() {
        return maxTimestamp;
    }

    /**
     * Takes over what recovery checked (a superset of these checks) up to {@code validBytes}, with the
     * order state after its last batch, so the file is not read twice.
     */
    synchronized void adopt(int validBytes, BatchOrder checked, long largestTimestamp) {
        order.copyFrom(checked);
        nextEntry = offsetIndex.entries();
        nextTimeEntry = timeIndex.entries();
        maxTimestamp = largestTimestamp;
        error = null;
        this.validBytes = validBytes;
    }

    /** Forgets the prefix (the file was truncated or rebuilt): the next {@link #validBytes} checks from the start. */
    synchronized void reset() {
        validBytes = 0;
        nextEntry = 0;
        nextTimeEntry = 0;
        maxTimestamp = -1;
        error = null;
    }
}
