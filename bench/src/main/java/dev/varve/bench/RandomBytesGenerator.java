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
public final class RandomBytesGenerator extends SeededRecordSource {

    /** A generator of values of about {@code meanValueBytes} (at least 1). */
    public RandomBytesGenerator(long seed, int meanValueBytes) {
        super(seed, meanValueBytes, 1);
    }

    @Override
    public RandomBytesGenerator next() {
        value = new byte[advance()];
        random.nextBytes(value);
        key = String.format("u-%08d", random.nextInt(100_000_000)).getBytes(StandardCharsets.US_ASCII);
        return this;
    }



}
