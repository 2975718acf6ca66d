package dev.varve.bench;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Incompressible records: values of uniformly random bytes ({@link Random#nextBytes}), their length
 * drawn from {@code mean - mean/8 .. mean + mean/8 - 1}; keys {@code u-} and 8 random digits (10 bytes),
 * like {@link PayloadGenerator}'s; timestamps rising by 0..49 ms from
 * {@link PayloadGenerator#BASE_TIMESTAMP_MS}. The same seed gives the same records on every JVM. Not
 * thread-safe.
 */
public final class RandomBytesGenerator implements RecordSource {
    private final Random random;
    private final int minBytes;
    private final int spreadBytes;
    private long timestampMs = PayloadGenerator.BASE_TIMESTAMP_MS;
    private byte[] key;
    private byte[] value;

    /** A generator of values of about {@code meanValueBytes} (at least 1). */
    public RandomBytesGenerator(long seed, int meanValueBytes) {
        if (meanValueBytes < 1) {
            throw new IllegalArgumentException("meanValueBytes=" + meanValueBytes + " is below 1");
        }
        this.random = new Random(seed);
        this.minBytes = Math.max(1, meanValueBytes - meanValueBytes / 8);
        this.spreadBytes = Math.max(1, meanValueBytes / 4);
    }

    @Override
    public RandomBytesGenerator next() {
        timestampMs += random.nextInt(50);
        value = new byte[minBytes + random.nextInt(spreadBytes)];
        random.nextBytes(value);
        key = String.format("u-%08d", random.nextInt(100_000_000)).getBytes(StandardCharsets.US_ASCII);
        return this;
    }

    @Override
    public byte[] key() {
        return key;
    }

    @Override
    public byte[] value() {
        return value;
    }

    @Override
    public long timestampMs() {
        return timestampMs;
    }
}
