package dev.varve.engine.memory;

import dev.varve.engine.api.BufferLogSlice;
import dev.varve.engine.api.OffsetOutOfRangeException;
import dev.varve.engine.api.ReadResult;
import dev.varve.engine.api.TimestampOffset;
import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.log.TimestampSearch;
import dev.varve.engine.record.RecordBatchFlyweight;
import dev.varve.engine.record.RecordBatchReader;
import dev.varve.engine.record.RecordReader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored state of one partition in the memory engine: what outlives a {@link MemoryPartitionLog}
 * (close and reopen) and, up to its durable prefix, a {@link MemoryLogEngine#crash()}.
 *
 * <p>Batches are kept in offset order; each batch is immutable once stored. The durable image is the
 * first {@code durableCount} batches and {@code durableEndOffset}: {@link #flush()} moves it to the
 * whole log; {@link #crash()} drops every batch after it. Truncation and log-start moves are durable on
 * return (as a file truncate or a checkpoint write would be made durable by a real engine), so a crash
 * never brings back a removed batch. Callers synchronize on the store.
 */
final class PartitionStore {
    private final TopicPartition partition;
    private final ArrayList<StoredBatch> batches = new ArrayList<>();
    private long logStartOffset;
    private long logEndOffset;
    private int durableCount;
    private long durableEndOffset;

    PartitionStore(TopicPartition partition) {
        this.partition = partition;
    }

    long logStartOffset() {
        return logStartOffset;
    }

    long logEndOffset() {
        return logEndOffset;
    }

    /** Stores validated batches (offsets already assigned from {@link #logEndOffset()}). */
    void append(ByteBuffer validated) {
        RecordBatchReader reader = new RecordBatchReader(false).reset(validated);
        while (reader.next()) {
            RecordBatchFlyweight batch = reader.batch();
            ByteBuffer bytes = validated.slice(batch.start(), batch.sizeInBytes());
            batches.add(new StoredBatch(batch.baseOffset(), batch.lastOffset(), batch.maxTimestamp(), bytes));
            logEndOffset = batch.nextOffset();
        }
    }

    ReadResult read(long startOffset, int maxBytes, long maxOffset) {
        if (startOffset < logStartOffset || startOffset > logEndOffset) {
            return result(ReadResult.Status.OFFSET_OUT_OF_RANGE, BufferLogSlice.EMPTY);
        }
        List<StoredBatch> found = new ArrayList<>();
        int total = 0;
        for (int i = indexOfBatchHolding(startOffset); i < batches.size(); i++) {
            StoredBatch batch = batches.get(i);
            boolean first = found.isEmpty();
            if (batch.lastOffset() >= maxOffset || !first && total + batch.sizeInBytes() > maxBytes) {
                break;
            }
            found.add(batch);
            total += batch.sizeInBytes();
        }
        return result(ReadResult.Status.OK, slice(found, total));
    }

    private ReadResult result(ReadResult.Status status, BufferLogSlice slice) {
        return new ReadResult(status, slice, logStartOffset, logEndOffset);
    }

    /** One batch as a view of its stored bytes, several copied into one buffer; stored bytes never change. */
    private static BufferLogSlice slice(List<StoredBatch> found, int totalBytes) {
        if (found.isEmpty()) {
            return BufferLogSlice.EMPTY;
        }
        if (found.size() == 1) {
            return new BufferLogSlice(found.get(0).bytes().duplicate());
        }
        ByteBuffer joined = ByteBuffer.allocate(totalBytes);
        for (StoredBatch batch : found) {
            joined.put(batch.bytes().duplicate());
        }
        return new BufferLogSlice(joined.flip().asReadOnlyBuffer());
    }

    /** Index of the first batch whose last offset is at or above {@code offset}; the size if none. */
    private int indexOfBatchHolding(long offset) {
        int low = 0;
        int high = batches.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (batches.get(middle).lastOffset() < offset) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    TimestampOffset offsetForTimestamp(long timestamp) {
        RecordBatchFlyweight view = new RecordBatchFlyweight();
        try (RecordReader records = new RecordReader()) {
            for (int i = indexOfBatchHolding(logStartOffset); i < batches.size(); i++) {
                StoredBatch batch = batches.get(i);
                if (batch.maxTimestamp() < timestamp) {
                    continue;
                }
                TimestampOffset found = TimestampSearch.firstAtOrAfter(view.wrap(batch.bytes(), 0), records,
                        timestamp, logStartOffset);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** Removes the batch holding {@code offset} and all after it; see {@link MemoryPartitionLog#truncateTo}. */
    void truncateTo(long offset) {
        if (offset >= logEndOffset) {
            return;
        }
        if (offset <= logStartOffset) {
            batches.clear();
            logStartOffset = offset;
            logEndOffset = offset;
            durableCount = 0;
            durableEndOffset = offset;
            return;
        }
        int first = indexOfBatchHolding(offset);
        logEndOffset = Math.max(batches.get(first).baseOffset(), logStartOffset);
        batches.subList(first, batches.size()).clear();
        durableCount = Math.min(durableCount, first);
        durableEndOffset = Math.min(durableEndOffset, logEndOffset);
    }

    long deleteRecordsBefore(long offset) {
        if (offset > logEndOffset) {
            throw new OffsetOutOfRangeException(partition, offset, logStartOffset, logEndOffset);
        }
        if (offset <= logStartOffset) {
            return logStartOffset;
        }
        logStartOffset = offset;
        int below = 0;
        while (below < batches.size() && batches.get(below).nextOffset() <= offset) {
            below++;
        }
        batches.subList(0, below).clear();
        durableCount = Math.max(0, durableCount - below);
        return logStartOffset;
    }

    void flush() {
        durableCount = batches.size();
        durableEndOffset = logEndOffset;
    }

    /**
     * Loses everything not durable: the log becomes its durable prefix. When the log start was moved past
     * the durable end (records deleted before they were flushed), the log restarts empty at the log start.
     */
    void crash() {
        batches.subList(durableCount, batches.size()).clear();
        logEndOffset = Math.max(durableEndOffset, logStartOffset);
    }

    @Override
    public String toString() {
        return "PartitionStore(partition=" + partition + ", logStartOffset=" + logStartOffset
                + ", logEndOffset=" + logEndOffset + ", batches=" + batches.size() + ", durableCount=" + durableCount + ")";
    }
}
