package dev.varve.properties.engine;

import dev.varve.engine.api.TimestampOffset;
import dev.varve.engine.record.RecordHeader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a partition log should hold, as plainly as possible: the batches appended and still there (their
 * records with offset, timestamp, key, value and headers), the log start and end, and the durable
 * watermarks a crash may not go below. The expected answers of reads and lookups are computed here; the
 * engine's answers are compared in {@link KitRun}.
 *
 * <p>Semantics the kit holds every engine to, beyond the SPI's javadoc: truncation removes the whole batch
 * holding the offset (batches are atomic; the log end never goes below the log start), and a truncation
 * is never undone by a crash. After a crash the log start may fall back to where it was at the last
 * flush, and the log end to the last flush (or to a batch boundary above it).
 */
final class LogModel {
    /** One record as appended. */
    record ModelRecord(long offset, long timestamp, byte[] key, byte[] value, List<RecordHeader> headers) {
        boolean sameAs(long otherOffset, long otherTimestamp, byte[] otherKey, byte[] otherValue, List<RecordHeader> otherHeaders) {
            return offset == otherOffset && timestamp == otherTimestamp && Arrays.equals(key, otherKey)
                    && Arrays.equals(value, otherValue) && headers.equals(otherHeaders);
        }

        @Override
        public String toString() {
            return offset + "@" + timestamp;
        }
    }

    /** One batch as stored: its size in bytes, its partition leader epoch and its records. */
    record ModelBatch(int sizeInBytes, int partitionLeaderEpoch, List<ModelRecord> records) {
        long baseOffset() {
            return records.get(0).offset();
        }

        long lastOffset() {
            return records.get(records.size() - 1).offset();
        }

        long nextOffset() {
            return lastOffset() + 1;
        }

        long maxTimestamp() {
            return records.stream().mapToLong(ModelRecord::timestamp).max().orElseThrow();
        }
    }

    final List<ModelBatch> batches = new ArrayList<>();
    long logStartOffset;
    long logEndOffset;
    /** The log end at the last flush, lowered by truncation: a crash may not lose anything below it. */
    long durableEndOffset;
    /** The log start at the last flush: a crash may bring the log start back this far, no further. */
    long durableStartOffset;

    void append(List<ModelBatch> appended) {
        batches.addAll(appended);
        logEndOffset = appended.get(appended.size() - 1).nextOffset();
    }

    void flush() {
        durableEndOffset = logEndOffset;
        durableStartOffset = logStartOffset;
    }

    /** Index of the first batch whose last offset is at or above {@code offset}; the size if none. */
    int indexOfBatchHolding(long offset) {
        for (int i = 0; i < batches.size(); i++) {
            if (batches.get(i).lastOffset() >= offset) {
                return i;
            }
        }
        return batches.size();
    }

    /** Every batch a read may return, in order: the engine must return a non-empty prefix when this is non-empty. */
    List<ModelBatch> expectedRead(long startOffset, int maxBytes, long maxOffset) {
        List<ModelBatch> found = new ArrayList<>();
        int total = 0;
        for (int i = indexOfBatchHolding(startOffset); i < batches.size(); i++) {
            ModelBatch batch = batches.get(i);
            if (batch.lastOffset() >= maxOffset || !found.isEmpty() && total + batch.sizeInBytes() > maxBytes) {
                break;
            }
            found.add(batch);
            total += batch.sizeInBytes();
        }
        return found;
    }

    /** The first record at or above the log start with a timestamp at or after {@code timestamp}, or null. */
    TimestampOffset expectedOffsetForTimestamp(long timestamp) {
        for (ModelBatch batch : batches) {
            for (ModelRecord record : batch.records()) {
                if (record.offset() >= logStartOffset && record.timestamp() >= timestamp) {
                    return new TimestampOffset(record.timestamp(), record.offset());
                }
            }
        }
        return null;
    }

    void truncateTo(long offset) {
        if (offset >= logEndOffset) {
            return;
        }
        if (offset <= logStartOffset) {
            batches.clear();
            logStartOffset = offset;
            logEndOffset = offset;
            durableStartOffset = offset;
            durableEndOffset = offset;
            return;
        }
        int first = indexOfBatchHolding(offset);
        logEndOffset = Math.max(batches.get(first).baseOffset(), logStartOffset);
        batches.subList(first, batches.size()).clear();
        durableEndOffset = Math.min(durableEndOffset, logEndOffset);
    }

    void deleteRecordsBefore(long offset) {
        logStartOffset = Math.max(logStartOffset, offset);
    }

    /** Adopts what an engine recovered after a crash (already checked to be allowed). */
    void recovered(long startOffset, long endOffset) {
        batches.removeIf(batch -> batch.lastOffset() >= endOffset);
        logStartOffset = startOffset;
        logEndOffset = endOffset;
        durableEndOffset = Math.min(durableEndOffset, endOffset);
        durableStartOffset = Math.min(durableStartOffset, startOffset);
    }

    /** Whether {@code offset} is where a batch ends: a crash may only cut the log there. */
    boolean isBatchBoundary(long offset) {
        return batches.stream().anyMatch(batch -> batch.nextOffset() == offset);
    }

    @Override
    public String toString() {
        return "LogModel(logStartOffset=" + logStartOffset + ", logEndOffset=" + logEndOffset
                + ", durableStartOffset=" + durableStartOffset + ", durableEndOffset=" + durableEndOffset
                + ", batches=" + batches.size() + ")";
    }
}
