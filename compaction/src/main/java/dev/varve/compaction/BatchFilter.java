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
 * {@code now + delete.retention.ms}; a batch that already has one keeps it. A batch left empty is
 * dropped unless it is its producer's last ({@link ActiveProducers}), which stays as a header, or the
 * first or the last batch of the group being cleaned ({@link #keepLastBatch}), which stay as headers too:
 * a cleaned segment always starts and ends where the segments it replaces did, so recovery never takes
 * it for a lost tail, and its first batch's base offset is the segment's base offset (its file name),
 * which witnesses that offset: a damaged one below it is caught, where a gap would have hidden it.
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
    /** The header of the last batch filtered, when it was dropped; {@link #lastDropped} says whether it was. */
    private final ByteBuffer droppedHeader = ByteBuffer.allocate(RecordBatchDescriptor.HEADER_SIZE);
    private final RecordBatchFlyweight dropped = new RecordBatchFlyweight();
    private boolean lastDropped;
    /** Whether a batch of this group was filtered already: the first one stays, empty if need be. */
    private boolean started;

    BatchFilter(OffsetMap map, long coveredUpTo, long nowMs, long deleteRetentionMs, ActiveProducers producers) {
        this.map = map;
        this.coveredUpTo = coveredUpTo;
        this.nowMs = nowMs;
        this.deleteRetentionMs = deleteRetentionMs;
        this.producers = producers;
    }

    /** Filters one batch into {@code out}, counting into {@code stats}. */
    void filter(RecordBatchFlyweight batch, CleanedSegmentWriter out, CleaningStats stats) {
        boolean first = !started;
        started = true;
        int count = batch.recordCount();
        stats.batchesRead++;
        stats.recordsRead += count;
        if (batch.isControl() || batch.isTransactional()) {
            stats.recordsKept += count;
            write(out, bytesOf(batch), stats);
            return;
        }
        if (keep.length < count) {
            keep = new boolean[Math.max(count, keep.length * 2)];
        }
        int kept = decide(batch, stats);
        stats.recordsKept += kept;
        if (kept == 0) {
            if (first || batch.producerId() >= 0 && producers.lastOffsetOf(batch.producerId()) == batch.lastOffset()) {
                stats.emptyBatchesKept++;
                write(out, rewriter.emptyOf(batch), stats);
            } else {
                rememberDropped(batch);
            }
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
     * Ends a group: when its last batch was dropped, writes it as an empty batch (header only, original
     * offsets), so the cleaned segment still ends at that batch's next offset, as the originals did.
     */
    void keepLastBatch(CleanedSegmentWriter out, CleaningStats stats) {
        if (lastDropped) {
            stats.emptyBatchesKept++;
            write(out, rewriter.emptyOf(dropped.wrap(droppedHeader, 0)), stats);
        }
    }

    private void rememberDropped(RecordBatchFlyweight batch) {
        ByteBuffer header = bytesOf(batch);
        header.limit(header.position() + RecordBatchDescriptor.HEADER_SIZE);
        droppedHeader.clear().put(header).flip();
        lastDropped = true;
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
        lastDropped = false;
        out.append(batch);
        stats.batchesWritten++;
    }

    @Override
    public void close() {
        reader.close();
        rewriter.close();
    }
}
