package dev.varve.bench.engine;

import dev.varve.bench.BatchFixture;
import dev.varve.bench.PayloadGenerator;
import java.nio.ByteBuffer;

/**
 * Distinct Kafka-built v2 batches of one codec (1 KiB JSON-like records from {@link PayloadGenerator},
 * seed {@link BatchFixture#SEED}, {@code batchBytes} uncompressed), pre-built once and handed out
 * round-robin, so an append benchmark measures the append, not the producer. Consecutive batches hold
 * consecutive events of one generator (distinct records, rising timestamps). Not thread-safe.
 */
public final class BatchPool {
    /** Batches in an append pool: distinct enough that no cache holds one batch's bytes, 1 MiB in all. */
    public static final int DEFAULT_SIZE = 64;
    /** The batch size of every engine benchmark: the producer default {@code batch.size}. */
    public static final int BATCH_BYTES = 16384;

    private final ByteBuffer[] batches;
    private final long uncompressedBytes;
    private final long wireBytes;
    private final int records;
    private int next;

    /**
     * @param direct whether to hold direct copies (for the floor without the JDK's heap-to-direct copy)
     */
    public BatchPool(String codec, int size, boolean direct) {
        PayloadGenerator generator = new PayloadGenerator(BatchFixture.SEED);
        batches = new ByteBuffer[size];
        long uncompressed = 0;
        long wire = 0;
        int recordCount = 0;
        for (int i = 0; i < size; i++) {
            BatchFixture fixture = new BatchFixture(codec, BATCH_BYTES, generator);
            ByteBuffer heap = fixture.kafkaBatchCopy();
            batches[i] = direct ? ByteBuffer.allocateDirect(heap.remaining()).put(heap.duplicate()).flip() : heap;
            uncompressed += fixture.sectionBytes();
            wire += heap.remaining();
            recordCount += fixture.recordCount();
        }
        this.uncompressedBytes = uncompressed;
        this.wireBytes = wire;
        this.records = recordCount;
    }

    /** The next batch, round-robin: position 0, limit its size. */
    public ByteBuffer next() {
        ByteBuffer batch = batches[next];
        next = next + 1 == batches.length ? 0 : next + 1;
        return batch;
    }

    public int size() {
        return batches.length;
    }

    /** Mean bytes of one batch as stored (header included, compressed when the codec compresses). */
    public double meanWireBytes() {
        return wireBytes / (double) batches.length;
    }

    /** Mean bytes of one batch's uncompressed record section. */
    public double meanUncompressedBytes() {
        return uncompressedBytes / (double) batches.length;
    }

    /** Mean records of one batch. */
    public double meanRecords() {
        return records / (double) batches.length;
    }
}
