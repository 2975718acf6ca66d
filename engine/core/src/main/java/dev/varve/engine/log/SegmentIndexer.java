package dev.varve.engine.log;

import dev.varve.engine.record.RecordBatchFlyweight;

/**
 * Kafka's rule for indexing a segment's batches ({@code LogSegment.append}), in one place for every
 * writer of segment files (the log's appends, its recovery, the cleaner's output): before a batch is
 * counted, if more than {@code index.interval.bytes} have accumulated since the last entry, an offset
 * entry (the batch's last offset, its start position) and a time entry (the largest timestamp so far,
 * the last offset of its batch) are added. {@link #finish()} writes the final time entry a segment gets
 * when it stops being active. Follows the segment's writer: one thread at a time; the largest timestamp
 * is readable from others.
 */
public final class SegmentIndexer {
    private final OffsetIndex offsetIndex;
    private final TimeIndex timeIndex;
    private final int indexIntervalBytes;
    private int bytesSinceLastIndexEntry;
    private volatile long maxTimestampSoFar;
    private volatile long offsetOfMaxTimestampSoFar;

    /** An indexer continuing from the indexes' current state (the time index's last entry). */
    public SegmentIndexer(OffsetIndex offsetIndex, TimeIndex timeIndex, int indexIntervalBytes) {
        this.offsetIndex = offsetIndex;
        this.timeIndex = timeIndex;
        this.indexIntervalBytes = indexIntervalBytes;
        TimeIndexEntry last = timeIndex.lastEntry();
        this.maxTimestampSoFar = last.timestamp();
        this.offsetOfMaxTimestampSoFar = last.offset();
    }

    /** Indexes the batch starting at {@code position} of the segment's {@code .log}. */
    public void index(RecordBatchFlyweight batch, int position) {
        if (batch.maxTimestamp() > maxTimestampSoFar) {
            maxTimestampSoFar = batch.maxTimestamp();
            offsetOfMaxTimestampSoFar = batch.lastOffset();
        }
        if (bytesSinceLastIndexEntry > indexIntervalBytes) {
            offsetIndex.append(batch.lastOffset(), position);
            timeIndex.maybeAppend(maxTimestampSoFar, offsetOfMaxTimestampSoFar, false);
            bytesSinceLastIndexEntry = 0;
        }
        bytesSinceLastIndexEntry += batch.sizeInBytes();
    }

    /** Writes the final time entry (the largest timestamp and its batch's last offset), even into a full index. */
    public void finish() {
        timeIndex.maybeAppend(maxTimestampSoFar, offsetOfMaxTimestampSoFar, true);
    }

    /** Starts over after the indexes were truncated: the next entry comes after a full interval. */
    public void restart(long maxTimestamp, long offsetOfMaxTimestamp) {
        bytesSinceLastIndexEntry = 0;
        maxTimestampSoFar = maxTimestamp;
        offsetOfMaxTimestampSoFar = offsetOfMaxTimestamp;
    }

    /** The indexer's running state, to return to with {@link #reset} when a write is rolled back. */
    public record Mark(int bytesSinceLastIndexEntry, long maxTimestamp, long offsetOfMaxTimestamp) {
    }

    /** The running state now. */
    public Mark mark() {
        return new Mark(bytesSinceLastIndexEntry, maxTimestampSoFar, offsetOfMaxTimestampSoFar);
    }

    /** Returns to a state {@link #mark()} took (the indexes are truncated back by the caller). */
    public void reset(Mark mark) {
        bytesSinceLastIndexEntry = mark.bytesSinceLastIndexEntry();
        maxTimestampSoFar = mark.maxTimestamp();
        offsetOfMaxTimestampSoFar = mark.offsetOfMaxTimestamp();
    }

    /** The largest batch timestamp indexed so far, or -1 when none had one. */
    public long maxTimestamp() {
        return maxTimestampSoFar;
    }

    /** The last offset of the batch holding {@link #maxTimestamp()}. */
    public long offsetOfMaxTimestamp() {
        return offsetOfMaxTimestampSoFar;
    }
}
