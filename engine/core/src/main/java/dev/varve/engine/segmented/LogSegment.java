package dev.varve.engine.segmented;

import dev.varve.engine.api.LogConfig;
import dev.varve.engine.api.LogSlice;
import dev.varve.engine.api.TimestampOffset;
import dev.varve.engine.log.LogFileName;
import dev.varve.engine.log.LogFileType;
import dev.varve.engine.log.OffsetIndex;
import dev.varve.engine.log.OffsetPosition;
import dev.varve.engine.log.SegmentFile;
import dev.varve.engine.log.SegmentIndexer;
import dev.varve.engine.log.TimeIndex;
import dev.varve.engine.log.TimeIndexEntry;
import dev.varve.engine.log.TimestampSearch;
import dev.varve.engine.record.BatchOrder;
import dev.varve.engine.record.RecordBatchFlyweight;
import dev.varve.engine.record.RecordBatchReader;
import dev.varve.engine.record.RecordReader;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * One segment of a partition: a {@code .log} file of batches starting at {@link #baseOffset()}, with
 * its sparse {@code .index} and {@code .timeindex}, maintained as Kafka's {@code LogSegment} maintains
 * them, so Kafka's readers accept the files.
 *
 * <p>Indexing: after a batch is written, if more than {@code index.interval.bytes} have accumulated
 * since the last entry, an offset entry (the batch's last offset, its start position) and a time entry
 * (the max timestamp so far, the last offset of its batch) are added. The time index gets its final
 * entry when the segment becomes inactive or closes.
 *
 * <p>Reads never pass the prefix of the file whose batch headers passed {@link SegmentCheck} (extended
 * lazily, one header read per batch): a damaged header (a base offset, length or magic the CRC
 * does not cover) is a {@link dev.varve.engine.api.CorruptRecordException} with file and position for a
 * reader that needs bytes past it, never a wrong or silently missing batch.
 *
 * <p>Thread-safety: appends, truncation and closing are serialised by the owning log; reads may run
 * concurrently with an append and see a prefix of it. Crash behaviour: see {@link SegmentRecovery}.
 */
final class LogSegment implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LogSegment.class.getName());
    private final long baseOffset;
    private final SegmentFile log;
    private final OffsetIndex offsetIndex;
    private final TimeIndex timeIndex;
    private final SegmentIndexer indexer;
    private final SegmentCheck check;
    private final long createdMs;
    private volatile long offsetBound = Long.MAX_VALUE;
    private long rollingBasedTimestamp = -1;
    private volatile int flushedBytes;

    private LogSegment(long baseOffset, SegmentFile log, OffsetIndex offsetIndex, TimeIndex timeIndex,
            int indexIntervalBytes, long createdMs) {
        this.baseOffset = baseOffset;
        this.log = log;
        this.offsetIndex = offsetIndex;
        this.timeIndex = timeIndex;
        this.indexer = new SegmentIndexer(offsetIndex, timeIndex, indexIntervalBytes);
        this.check = new SegmentCheck(baseOffset, offsetIndex, timeIndex);
        this.createdMs = createdMs;
        this.flushedBytes = log.sizeInBytes();
    }

    /** Opens (creating if absent) the segment at {@code baseOffset} in {@code dir}. */
    static LogSegment open(Path dir, long baseOffset, LogConfig config, long nowMs) {
        SegmentFile log = SegmentFile.open(LogFileName.of(baseOffset, LogFileType.LOG).resolveIn(dir));
        OffsetIndex offsetIndex = null;
        try {
            offsetIndex = OffsetIndex.open(LogFileName.of(baseOffset, LogFileType.OFFSET_INDEX).resolveIn(dir),
                    baseOffset, config.segmentIndexBytes());
            TimeIndex timeIndex = TimeIndex.open(LogFileName.of(baseOffset, LogFileType.TIME_INDEX).resolveIn(dir),
                    baseOffset, config.segmentIndexBytes());
            return new LogSegment(baseOffset, log, offsetIndex, timeIndex, config.indexIntervalBytes(), nowMs);
        } catch (RuntimeException e) {
            if (offsetIndex != null) {
                offsetIndex.release();
            }
            log.close();
            throw e;
        }
    }

    long baseOffset() {
        return baseOffset;
    }

    int sizeInBytes() {
        return log.sizeInBytes();
    }

    SegmentFile file() {
        return log;
    }

    OffsetIndex offsetIndex() {
        return offsetIndex;
    }

    TimeIndex timeIndex() {
        return timeIndex;
    }

    /**
     * Sets the offset no batch of this segment may reach: the next segment's base offset, or
     * {@link Long#MAX_VALUE} while it is the last one. A batch at or past it is corrupt.
     */
    void boundOffsets(long nextBaseOffset) {
        this.offsetBound = nextBaseOffset;
    }

    /**
     * Where reads of the file stop: the end of the prefix whose batches passed {@link SegmentCheck}'s
     * structural checks, extended over what was appended since (one header read per new batch).
     */
    private int validEnd() {
        return check.validBytes(log, offsetBound);
    }

    /** Throws the segment's first structural violation, if any: a reader needs bytes past the valid prefix. */
    private void throwIfCorrupt() {
        if (check.error() != null) {
            throw check.error();
        }
    }

    /** The largest timestamp of any batch in the segment, or -1 when none has one. */
    long largestTimestamp() {
        return indexer.maxTimestamp();
    }

    /**
     * Appends validated batches whose offsets are already assigned, then indexes them batch by batch:
     * bytes first, so no index entry ever names bytes that were not written. {@code batches} is read
     * from position to limit and left unmoved. A failure leaves the segment as it was: the file cut
     * back (best effort, see {@link SegmentFile#append}), no entry added, the running state unchanged.
     */
    void append(ByteBuffer batches, RecordBatchReader reader) {
        Mark before = mark();
        int position = log.append(batches);
        try {
            reader.reset(batches);
            while (reader.next()) {
                RecordBatchFlyweight batch = reader.batch();
                if (position == 0) {
                    rollingBasedTimestamp = batch.maxTimestamp();
                }
                indexBatch(batch, position);
                position += batch.sizeInBytes();
            }
        } catch (RuntimeException e) {
            rollBackTo(before, e);
            throw e;
        }
    }

    /** What a write may change in a segment, to return to with {@link #rollBackTo}. */
    record Mark(int sizeInBytes, int offsetEntries, int timeEntries, long offsetIndexLength, long timeIndexLength,
            SegmentIndexer.Mark indexer, long rollingBasedTimestamp) {
    }

    /** The segment's state now. */
    Mark mark() {
        return new Mark(log.sizeInBytes(), offsetIndex.entries(), timeIndex.entries(), offsetIndex.length(), timeIndex.length(),
                indexer.mark(), rollingBasedTimestamp);
    }

    /**
     * Returns the segment to {@code mark}, taken before a write that failed: entries and bytes added
     * since are removed, indexes a roll trimmed are re-extended, the running state restored. Best
     * effort: storage errors are added to {@code failure} (what remains is a tail recovery cuts).
     */
    void rollBackTo(Mark mark, Throwable failure) {
        indexer.reset(mark.indexer());
        rollingBasedTimestamp = mark.rollingBasedTimestamp();
        try {
            offsetIndex.truncateToEntries(mark.offsetEntries());
            timeIndex.truncateToEntries(mark.timeEntries());
            offsetIndex.resize((int) mark.offsetIndexLength());
            timeIndex.resize((int) mark.timeIndexLength());
            log.truncateTo(mark.sizeInBytes());
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * Indexes one batch at {@code position}, as Kafka does: an entry when more than
     * {@code index.interval.bytes} accumulated since the last one, counted before this batch. Appends
     * and recovery both come through here, so a recovered segment has exactly the entries it was
     * written with.
     */
    void indexBatch(RecordBatchFlyweight batch, int position) {
        indexer.index(batch, position);
    }

    /** Records that recovery checked the file up to {@code validBytes}, ending in {@code order}'s state (see {@link SegmentCheck#adopt}). */
    void recovered(int validBytes, BatchOrder order, long largestTimestamp) {
        check.adopt(validBytes, order, largestTimestamp);
    }

    /**
     * Clears both indexes, re-extends them to their full size (a trimmed index has no room to be
     * rebuilt in) and resets the running index state, before recovery re-indexes the segment.
     */
    void resetIndexes() {
        offsetIndex.truncate();
        timeIndex.truncate();
        resizeIndexes(offsetIndex.maxIndexSize());
        indexer.restart(-1, baseOffset);
        check.reset();
    }

    /**
     * The batch holding {@code offset} or the first batch after it, found through the offset index and a
     * short scan of headers; null when the segment has no batch ending at or above {@code offset}. The
     * index entry is checked against the batch it points at (its last offset is the entry's), so a stale
     * or corrupt index costs a scan from the start, never a wrong answer.
     *
     * @throws dev.varve.engine.api.CorruptRecordException when the offset lies past a batch that fails
     *     the structural checks
     */
    OffsetPosition translateOffset(long offset, BatchHeaderScanner scanner) {
        scanFromIndexEntry(offset, scanner);
        while (scanner.next()) {
            if (scanner.lastOffset() >= offset) {
                return new OffsetPosition(scanner.baseOffset(), scanner.position());
            }
        }
        throwIfCorrupt();
        return null;
    }

    /**
     * Positions {@code scanner} at the batch the offset index names for {@code offset}, after checking
     * that the batch there ends at the entry's offset; at the segment's start when it does not.
     */
    private void scanFromIndexEntry(long offset, BatchHeaderScanner scanner) {
        OffsetPosition entry = offsetIndex.lookup(offset);
        int end = validEnd();
        scanner.reset(log, entry.position(), end);
        if (entry.position() != 0 && !(scanner.next() && scanner.lastOffset() == entry.offset())) {
            LOG.warning(() -> "offset index entry " + entry + " does not match " + log.path() + ": scanning from the start");
            scanner.reset(log, 0, end);
        } else {
            scanner.reset(log, entry.position(), end);
        }
    }

    /**
     * Whole batches from the one holding {@code startOffset}, up to {@code maxBytes} (but at least one
     * batch when {@code minOneBatch}), none holding an offset at or above {@code maxOffset}; null when the segment
     * has nothing at or after {@code startOffset}, an empty slice when the bound stops the first batch.
     */
    LogSlice read(long startOffset, int maxBytes, long maxOffset, boolean minOneBatch, BatchHeaderScanner scanner) {
        OffsetPosition start = translateOffset(startOffset, scanner);
        if (start == null) {
            return null;
        }
        int length = skipIndexedBatches(start.position(), maxBytes, maxOffset, scanner);
        do {
            if (scanner.lastOffset() >= maxOffset || length + scanner.size() > maxBytes && !(minOneBatch && length == 0)) {
                break;
            }
            length += scanner.size();
        } while (scanner.next());
        return log.slice(start.position(), length);
    }

    /**
     * Jumps over the whole batches a read certainly takes, so a large read does not read every batch
     * header: the last offset-index entry within the byte budget (and below {@code maxOffset}) starts a
     * batch, and every batch before it fits. Leaves {@code scanner} on the batch to decide next and
     * returns the bytes skipped (0, with {@code scanner} back on the first batch, when there is no such
     * entry or it does not match the file).
     */
    private int skipIndexedBatches(int startPosition, int maxBytes, long maxOffset, BatchHeaderScanner scanner) {
        OffsetPosition jump = offsetIndex.lookupByPosition((int) Math.min(Integer.MAX_VALUE, (long) startPosition + maxBytes));
        if (jump.offset() >= maxOffset) {
            OffsetPosition belowBound = offsetIndex.lookup(maxOffset - 1);
            jump = belowBound.position() < jump.position() ? belowBound : jump;
        }
        if (jump.position() <= startPosition || jump.offset() >= maxOffset) {
            return 0;
        }
        int end = validEnd();
        scanner.reset(log, jump.position(), end);
        if (scanner.next() && scanner.lastOffset() == jump.offset()) {
            return jump.position() - startPosition;
        }
        scanner.reset(log, startPosition, end);
        scanner.next();
        return 0;
    }

    /**
     * The first record at or after {@code timestamp} with an offset at or above {@code minOffset}; null
     * when no record of the segment qualifies. The time index entry used is checked against the batch
     * it names (that batch ends at the entry's offset and has the entry's timestamp as its largest), so
     * a corrupt {@code .timeindex} costs a scan from the start, never a wrong answer; whether the
     * segment can hold the timestamp at all comes from the checked batches, not from the index.
     */
    TimestampOffset findOffsetByTimestamp(long timestamp, long minOffset, BatchHeaderScanner scanner, RecordReader records) {
        validEnd();
        if (check.maxTimestamp() < timestamp) {
            throwIfCorrupt();
            return null;
        }
        OffsetPosition start = timeIndexStart(timestamp, minOffset, scanner);
        if (start == null) {
            return null;
        }
        RecordBatchFlyweight batch = new RecordBatchFlyweight();
        do {
            if (scanner.maxTimestamp() >= timestamp) {
                ByteBuffer bytes = ByteBuffer.allocate(scanner.size());
                log.read(bytes, scanner.position());
                TimestampOffset found = TimestampSearch.firstAtOrAfter(batch.wrap(bytes.flip(), 0), records, timestamp, minOffset);
                if (found != null) {
                    return found;
                }
            }
        } while (scanner.next());
        throwIfCorrupt();
        return null;
    }

    /**
     * Where a timestamp search starts, {@code scanner} left on that batch: the batch ending at the time
     * index entry's offset when it has the entry's timestamp as its largest, else the batch holding
     * {@code minOffset}; null when the segment has neither.
     */
    private OffsetPosition timeIndexStart(long timestamp, long minOffset, BatchHeaderScanner scanner) {
        TimeIndexEntry entry = timeIndex.lookup(timestamp);
        if (entry.offset() <= Math.max(minOffset, baseOffset)) {
            return translateOffset(minOffset, scanner);
        }
        OffsetPosition holding = translateOffset(entry.offset(), scanner);
        if (holding != null && scanner.lastOffset() == entry.offset() && scanner.maxTimestamp() == entry.timestamp()) {
            return holding;
        }
        LOG.warning(() -> "time index entry " + entry + " does not match " + log.path() + ": searching from the start");
        return translateOffset(minOffset, scanner);
    }

    /**
     * Removes every batch that ends at or above {@code offset}: the batch holding it goes whole.
     *
     * @return bytes removed
     */
    int truncateTo(long offset, BatchHeaderScanner scanner) {
        OffsetPosition position = translateOffset(offset, scanner);
        if (position == null) {
            return 0;
        }
        offsetIndex.truncateTo(position.offset());
        timeIndex.truncateTo(position.offset());
        int removed = log.truncateTo(position.position());
        check.reset();
        loadLargestTimestamp(scanner);
        if (log.sizeInBytes() == 0) {
            rollingBasedTimestamp = -1;
        }
        return removed;
    }

    /**
     * Recomputes the largest timestamp as Kafka's {@code loadLargestTimestamp} does: the time index's last
     * entry, then the batches after it (the sparse index does not cover the tail).
     */
    private void loadLargestTimestamp(BatchHeaderScanner scanner) {
        TimeIndexEntry last = timeIndex.lastEntry();
        long largest = last.timestamp();
        long offsetOfLargest = last.offset();
        scanFromIndexEntry(last.offset(), scanner);
        while (scanner.next()) {
            if (scanner.maxTimestamp() > largest) {
                largest = scanner.maxTimestamp();
                offsetOfLargest = scanner.lastOffset();
            }
        }
        indexer.restart(largest, offsetOfLargest);
    }

    /**
     * The offset after the segment's last batch, or its base offset when empty.
     *
     * @throws dev.varve.engine.api.CorruptRecordException when a batch fails the structural checks
     */
    long readNextOffset(BatchHeaderScanner scanner) {
        long next = baseOffset;
        scanFromIndexEntry(Long.MAX_VALUE, scanner);
        while (scanner.next()) {
            next = scanner.lastOffset() + 1;
        }
        throwIfCorrupt();
        return next;
    }

    /**
     * Whether {@code batch}, about to be appended, must go to a new segment: Kafka's rules
     * ({@code LogSegment.shouldRoll}). The segment is full ({@code segment.bytes}); or it is older than
     * {@code segment.ms}, its age being the incoming batch's max timestamp minus the first batch's (the
     * time since the segment was opened when the first batch had none); or an index is full; or the
     * batch's offsets no longer fit the segment's relative range.
     */
    boolean shouldRoll(LogConfig config, RecordBatchFlyweight batch, long nowMs) {
        int size = log.sizeInBytes();
        if (size == 0) {
            return false;
        }
        long age = rollingBasedTimestamp >= 0 ? batch.maxTimestamp() - rollingBasedTimestamp : nowMs - createdMs;
        return size > config.segmentBytes() - batch.sizeInBytes()
                || age > config.segmentMs()
                || offsetIndex.isFull()
                || timeIndex.isFull()
                || batch.lastOffset() - baseOffset > Integer.MAX_VALUE;
    }

    /** Finishes the segment as it stops being active: final time entry, indexes trimmed to their entries. */
    void onBecomeInactive() {
        indexer.finish();
        offsetIndex.trimToValidSize();
        timeIndex.trimToValidSize();
    }

    /** Re-extends the trimmed indexes of a segment that becomes active again after loading. */
    void resizeIndexes(int maxIndexSize) {
        offsetIndex.resize(maxIndexSize);
        timeIndex.resize(maxIndexSize);
    }

    /** fsync of the log and both indexes; on a failure nothing counts as flushed that was not before. */
    void flush() {
        int size = log.sizeInBytes();
        log.flush();
        offsetIndex.flush();
        timeIndex.flush();
        flushedBytes = size;
    }

    /** Bytes of the {@code .log} known to be on disk: its size at the last flush or when opened. */
    int flushedBytes() {
        return Math.min(flushedBytes, log.sizeInBytes());
    }

    /** Writes the final time entry, trims and closes the indexes, closes the log file. */
    @Override
    public void close() {
        if (log.sizeInBytes() > 0) {
            indexer.finish();
        }
        offsetIndex.close();
        timeIndex.close();
        log.close();
    }

    /**
     * Closes the indexes but keeps the {@code .log} open, for a segment a swap replaced: slices already
     * handed out keep reading its bytes (on POSIX systems, through renames and deletion) until
     * {@code file().close()}.
     */
    void retire() {
        offsetIndex.close();
        timeIndex.close();
    }

    /** Releases the files without the final index entry, trim or flush, as a killed process would. */
    void halt() {
        offsetIndex.release();
        timeIndex.release();
        log.close();
    }

    /** Closes and removes the segment's files, renaming them to {@code .deleted} first so a crash leaves no half-deleted segment. */
    void delete(Path dir) {
        offsetIndex.close();
        timeIndex.close();
        log.close();
        SegmentFiles.delete(dir, baseOffset);
    }

    @Override
    public String toString() {
        return "LogSegment(baseOffset=" + baseOffset + ", size=" + log.sizeInBytes() + ")";
    }
}
