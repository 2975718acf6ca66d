package dev.varve.bench;

import java.util.Random;

/**
 * What the seeded record generators share: one {@link Random} fixed by the seed, timestamps rising by
 * 0..49 ms from {@link PayloadGenerator#BASE_TIMESTAMP_MS}, value lengths drawn from
 * {@code mean - mean/8 .. mean + mean/8 - 1}, and the current record's key and value. Subclasses build
 * the value in {@link #next()} after calling {@link #advance()}. Not thread-safe.
 */
abstract class SeededRecordSource implements RecordSource {
    protected final Random random;
    private final int minBytes;
    private final int spreadBytes;
    protected long timestampMs = PayloadGenerator.BASE_TIMESTAMP_MS;
    protected byte[] key;
    protected byte[] value;

    SeededRecordSource(long seed, int meanValueBytes, int smallestMean) {
        if (meanValueBytes < smallestMean) {
            throw new IllegalArgumentException("meanValueBytes=" + meanValueBytes + " is below " + smallestMean);
        }
        this.random = new Random(seed);
        this.minBytes = Math.max(1, meanValueBytes - meanValueBytes / 8);
        this.spreadBytes = Math.max(1, meanValueBytes / 4);
    }

    /** Moves the clock 0..49 ms on and draws the next value's target length, in that order. */
    protected final int advance() {
        timestampMs += random.nextInt(50);
        return minBytes + random.nextInt(spreadBytes);
    }

    @Override
    public final byte[] key() {
        return key;
    }

    @Override
    public final byte[] value() {
        return value;
    }

    @Override
    public final long timestampMs() {
        return timestampMs;
    }
}
