package dev.varve.compaction;

import dev.varve.engine.record.RecordBatchDescriptor;
import dev.varve.engine.record.RecordBatchFlyweight;
import dev.varve.engine.record.RecordReader;
import java.nio.ByteBuffer;

/**
 * Decides, batch by batch, what a cleaning pass keeps, with Kafka's rules ({@code Cleaner.shouldRetainRecord}
 * and the batch rules of {@code MemoryRecords.filterTo}), and writes the result.
 *
 * <p>A record is kept when its offset is above the map's reach ({@code coveredUpTo}); or it has a key,
 * its offset is at least the map's offset for that key (a key absent from the map reads as -1, so it is
 * kept), and it has a value or is a tombstone whose batch has no delete horizon yet or one still in the
 * future. Keyless records in the covered range go. A batch whose records all stay and which needs no
 * new horizon is copied byte for byte; a kept tombstone in a batch without a horizon stamps one,
 * {@code now + delete.retention.ms}; a batch that already has one keeps it. A batch left empty stays as
 * a header (Kafka's empty batch) when it is its producer's last ({@link ActiveProducers}). Other emptied
 * batches go, but their offsets do not: each run of them in a row (of one leader epoch) is written as
 * one empty batch, the batch's own header for a run of one, else a header with their offsets and no
 * producer ({@link BatchRewriter#emptyRun}); {@link #endGroup} writes the run the group ends with. So
 * a cleaned segment covers every offset of the segments it replaces with no gap between batches: it
 * starts at its base offset (its file name) and ends where they ended (recovery never takes it for a
 * lost tail), and every batch's base offset is witnessed by the batch before it, so one lowered by a
 * damaged byte overlaps that batch and is caught, where a gap left by compaction would have hidden it
 * (the CRC does not cover the base offset). The cost is one 61-byte header per run: at most one per
 * batch kept, plus one per leader epoch change and one at the end.
 * Transactional batches (data and markers) are copied whole and their keys are not in the map
 * ({@link OffsetMapBuilder}), until aborted transactions are known (see the package documentation):
 * an aborted record must never supersede a committed value, nor a committed one be cut from its marker.
 * Not thread-safe.
 */
final class BatchFilter implements AutoCloseable {
    private final RecordReader reader = new RecordReader();
    private final BatchRewriter rewriter = new BatchRewriter();
    private final OffsetMap map;
    private final long coveredUpTo;
    private final long nowMs;
    private final long deleteRetentionMs;
    private final ActiveProducers producers;
    private boolean[] keep = new boolean[64];
    private ByteBuffer source;
    private ByteBuffer batchView;
    private boolean keptTombstone;
    /** The header of the first batch of the run of dropped batches not written yet, when {@link #runLength} > 0. */
    private final ByteBuffer runHeader = ByteBuffer.allocate(RecordBatchDescriptor.HEADER_SIZE);
    private final RecordBatchFlyweight runFirst = new RecordBatchFlyweight();
    private int runLength;
    private long runLastOffset;
    private long runMaxTimestamp;

    BatchFilter(OffsetMap map, long coveredUpTo, long nowMs, long deleteRetentionMs, ActiveProducers producers) {
        this.map = map;
        this.coveredUpTo = coveredUpTo;
        this.nowMs = nowMs;
        this.deleteRetentionMs = deleteRetentionMs;
        this.producers = producers;
    }

    /** Filters one batch into {@code out}, counting into {@code stats}. */
    void filter(RecordBatchFlyweight batch, CleanedSegmentWriter out, CleaningStats stats) {
        int count = batch.recordCount();
        stats.batchesRead++;
        stats.recordsRead += count;
        if (batch.isControl() || batch.isTransactional()) {
            stats.recordsKept += count;
            endRun(out, stats);
            write(out, bytesOf(batch), stats);
            return;
        }
        if (keep.length < count) {
            keep = new boolean[Math.max(count, keep.length * 2)];
        }
        int kept = decide(batch, stats);
        stats.recordsKept += kept;
        boolean producersLast = batch.producerId() >= 0 && producers.lastOffsetOf(batch.producerId()) == batch.lastOffset();
        if (kept == 0 && !producersLast) {
            drop(batch, out, stats);
            return;
        }
        endRun(out, stats);
        if (kept == 0) {
            stats.emptyBatchesKept++;
            write(out, rewriter.emptyOf(batch), stats);
            return;
        }
        boolean stampHorizon = keptTombstone && !batch.hasDeleteHorizon();
        if (kept == count && !stampHorizon) {
            write(out, bytesOf(batch), stats);
            return;
        }
        long horizon = stampHorizon ? nowMs + deleteRetentionMs : batch.hasDeleteHorizon() ? batch.baseTimestamp() : -1;
        write(out, rewriter.rewrite(batch, reader, keep, horizon), stats);
    }

    /**
     * Ends a group: when its last batches were dropped, writes their run as an empty batch, so the
     * cleaned segment still ends at the last one's next offset, as the originals did.
     */
    void endGroup(CleanedSegmentWriter out, CleaningStats stats) {
        endRun(out, stats);
    }

    /** Adds an emptied batch to the run of dropped ones, after writing the run when its leader epoch differs. */
    private void drop(RecordBatchFlyweight batch, CleanedSegmentWriter out, CleaningStats stats) {
        if (runLength > 0 && batch.partitionLeaderEpoch() != runFirst.partitionLeaderEpoch()) {
            endRun(out, stats);
        }
        if (runLength == 0) {
            ByteBuffer header = bytesOf(batch);
            header.limit(header.position() + RecordBatchDescriptor.HEADER_SIZE);
            runHeader.clear().put(header).flip();
            runFirst.wrap(runHeader, 0);
            runMaxTimestamp = Long.MIN_VALUE;
        }
        runLength++;
        runLastOffset = batch.lastOffset();
        runMaxTimestamp = Math.max(runMaxTimestamp, batch.maxTimestamp());
    }

    /** Writes the run of dropped batches, if any, as one empty batch covering their offsets. */
    private void endRun(CleanedSegmentWriter out, CleaningStats stats) {
        if (runLength == 0) {
            return;
        }
        ByteBuffer empty = runLength == 1 ? rewriter.emptyOf(runFirst)
                : rewriter.emptyRun(runFirst.baseOffset(), Math.toIntExact(runLastOffset - runFirst.baseOffset()),
                        runFirst.partitionLeaderEpoch(), (short) (runFirst.attributes() & RecordBatchDescriptor.TIMESTAMP_TYPE_MASK),
                        runMaxTimestamp);
        runLength = 0;
        stats.emptyBatchesKept++;
        write(out, empty, stats);
    }

    /** Fills {@code keep} for every record of the batch and sets {@link #keptTombstone}; returns how many stay. */
    private int decide(RecordBatchFlyweight batch, CleaningStats stats) {
        keptTombstone = false;
        boolean horizonPassed = batch.hasDeleteHorizon() && nowMs >= batch.baseTimestamp();
        int kept = 0;
        reader.open(batch);
        for (int i = 0; reader.next(); i++) {
            boolean tombstone = reader.valueLength() < 0;
            boolean retain = retain(reader, tombstone, horizonPassed);
            keep[i] = retain;
            if (retain) {
                kept++;
                stats.tombstonesKept += tombstone ? 1 : 0;
                keptTombstone |= tombstone;
            } else if (reader.keyLength() < 0) {
                stats.keylessRemoved++;
            } else {
                stats.tombstonesRemoved += tombstone ? 1 : 0;
            }
        }
        return kept;
    }

    private boolean retain(RecordReader record, boolean tombstone, boolean horizonPassed) {
        long offset = record.offset();
        if (offset > coveredUpTo) {
            return true;
        }
        if (record.keyLength() < 0) {
            return false;
        }
        boolean latest = offset >= map.get(record.buffer(), record.keyOffset(), record.keyLength());
        return latest && (!tombstone || !horizonPassed);
    }

    private ByteBuffer bytesOf(RecordBatchFlyweight batch) {
        if (batch.buffer() != source) {
            source = batch.buffer();
            batchView = source.duplicate();
        }
        batchView.limit(batchView.capacity()).position(batch.start()).limit(batch.start() + batch.sizeInBytes());
        return batchView;
    }

    private void write(CleanedSegmentWriter out, ByteBuffer batch, CleaningStats stats) {
        out.append(batch);
        stats.batchesWritten++;
    }

    @Override
    public void close() {
        reader.close();
        rewriter.close();
    }
}
