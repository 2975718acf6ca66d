package dev.varve.engine.record.codec;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.quicktheories.core.Gen;

/**
 * A reproducible test payload: its kind, length and seed print on failure and regenerate the same
 * bytes. Kinds cover incompressible, highly compressible and record-like data.
 */
public final class Payload {
    /** The shapes of data a record section holds. */
    public enum Kind { RANDOM, RUNS, TEXT, RECORDS }

    private static final String[] WORDS = {"offset", "partition", "timestamp", "key", "value", "varve", "kafka",
        "{\"id\":", "\"event\":\"click\"", ",", " ", "\n", "0", "42", "user-", "session"};

    public final Kind kind;
    public final int length;
    public final long seed;

    public Payload(Kind kind, int length, long seed) {
        this.kind = kind;
        this.length = length;
        this.seed = seed;
    }

    /** Payloads mostly up to 4 KiB, a third up to {@code maxLength}. */
    public static Gen<Payload> upTo(int maxLength) {
        Gen<Integer> lengths = integers().between(0, Math.min(4096, maxLength)).mix(integers().between(0, maxLength), 33);
        return integers().between(0, Kind.values().length - 1)
                .zip(lengths, longs().all(), (kind, length, seed) -> new Payload(Kind.values()[kind], length, seed));
    }

    public byte[] bytes() {
        Random random = new Random(seed);
        byte[] bytes = new byte[length];
        switch (kind) {
            case RANDOM:
                random.nextBytes(bytes);
                break;
            case RUNS:
                for (int i = 0; i < length; ) {
                    int run = Math.min(length - i, 1 + random.nextInt(2000));
                    byte b = (byte) random.nextInt(4);
                    for (int j = 0; j < run; j++) {
                        bytes[i++] = b;
                    }
                }
                break;
            case TEXT:
            case RECORDS:
                int i = 0;
                while (i < length) {
                    byte[] word = kind == Kind.TEXT
                            ? WORDS[random.nextInt(WORDS.length)].getBytes(StandardCharsets.UTF_8)
                            : ("{\"offset\":" + random.nextInt(1_000_000) + ",\"user\":\"u" + random.nextInt(500)
                                    + "\",\"token\":\"" + Long.toHexString(random.nextLong()) + "\"}\n")
                                    .getBytes(StandardCharsets.UTF_8);
                    int n = Math.min(word.length, length - i);
                    System.arraycopy(word, 0, bytes, i, n);
                    i += n;
                }
                break;
            default:
                throw new AssertionError(kind);
        }
        return bytes;
    }

    @Override
    public String toString() {
        return "Payload(" + kind + ", length=" + length + ", seed=" + seed + "L)";
    }
}
