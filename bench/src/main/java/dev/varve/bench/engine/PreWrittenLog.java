package dev.varve.bench.engine;

import dev.varve.bench.BatchFixture;
import dev.varve.bench.PayloadGenerator;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A log written once before a read, lookup or recovery benchmark: {@code targetBytes} of distinct
 * uncompressed 16 KiB batches (consecutive {@link PayloadGenerator} events, seed
 * {@link BatchFixture#SEED}, so timestamps rise through the log), appended through the engine under
 * test, which the caller keeps open to measure (a clean close and reopen of Kafka's {@code UnifiedLog}
 * without a {@code LogManager} leaves the active segment's time index untrimmed and read back as full
 * of zero entries, so its timestamp lookups find nothing; see {@link dev.varve.bench.peer.KafkaLogPeer}).
 * Both engines store the batches byte for byte (only base offsets differ
 * from the input), so one layout describes both logs: each batch's base offset, file position and
 * largest timestamp. Immutable after {@link #write}.
 */
public final class PreWrittenLog {
    /** The size of every pre-written log: big next to the caches, small next to the page cache. */
    public static final long DEFAULT_BYTES = 256L << 20;

    private final long[] baseOffsets;
    private final long[] positions;
    private final long[] maxTimestamps;
    private final long sizeInBytes;
    private final long logEndOffset;

    private PreWrittenLog(long[] baseOffsets, long[] positions, long[] maxTimestamps, long sizeInBytes, long logEndOffset) {
        this.baseOffsets = baseOffsets;
        this.positions = positions;
        this.maxTimestamps = maxTimestamps;
        this.sizeInBytes = sizeInBytes;
        this.logEndOffset = logEndOffset;
    }

    /** Appends about {@code targetBytes} to {@code log}, which should be empty, and returns its layout. */
    public static PreWrittenLog write(LogUnderTest log, long targetBytes) {
        PayloadGenerator generator = new PayloadGenerator(BatchFixture.SEED);
        int capacity = (int) (targetBytes / (BatchPool.BATCH_BYTES / 2)) + 1;
        long[] bases = new long[capacity];
        long[] positions = new long[capacity];
        long[] timestamps = new long[capacity];
        int count = 0;
        long position = 0;
        long offset = 0;
        while (position < targetBytes) {
            BatchFixture fixture = new BatchFixture("none", BatchPool.BATCH_BYTES, generator);
            ByteBuffer batch = fixture.kafkaBatchCopy();
            bases[count] = offset;
            positions[count] = position;
            timestamps[count] = fixture.maxTimestamp();
            count++;
            position += batch.remaining();
            offset += fixture.recordCount();
            log.append(batch);
        }
        if (log.logEndOffset() != offset) {
            throw new IllegalStateException("the log ends at " + log.logEndOffset() + ", expected " + offset);
        }
        return new PreWrittenLog(Arrays.copyOf(bases, count), Arrays.copyOf(positions, count),
                Arrays.copyOf(timestamps, count), position, offset);
    }

    /** Bytes of batches in the log (the .log file; indexes not counted). */
    public long sizeInBytes() {
        return sizeInBytes;
    }

    public int batchCount() {
        return baseOffsets.length;
    }

    public long logEndOffset() {
        return logEndOffset;
    }

    public long baseOffset(int batch) {
        return baseOffsets[batch];
    }

    public long maxTimestamp(int batch) {
        return maxTimestamps[batch];
    }

    public long firstTimestamp() {
        return maxTimestamps[0];
    }

    public long lastTimestamp() {
        return maxTimestamps[maxTimestamps.length - 1];
    }

    /** The file position of {@code batch}; {@link #sizeInBytes()} for {@code batchCount()}. */
    public long position(int batch) {
        return batch == positions.length ? sizeInBytes : positions[batch];
    }

    /**
     * Where a sequential reader continues after a read of {@code bytes} from the start of {@code batch}:
     * the first batch not wholly inside the read (Kafka may end a read inside a batch; that batch is read
     * again), or {@code batchCount()} at the log end.
     */
    public int nextBatch(int batch, long bytes) {
        long end = positions[batch] + bytes;
        if (end >= sizeInBytes) {
            return positions.length;
        }
        int index = Arrays.binarySearch(positions, end);
        return index >= 0 ? index : -index - 2;
    }

    /** The batch holding {@code offset}. */
    public int batchOf(long offset) {
        int index = Arrays.binarySearch(baseOffsets, offset);
        return index >= 0 ? index : -index - 2;
    }
}
