package dev.varve.cli.produce;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Synthetic record values of an exact size, fixed by a seed: {@code random} bytes (incompressible) or
 * {@code json}, one application event per value ({@code {"ts":..,"event":"click","user":"u-00012345",
 * "status":200,"latency_ms":37,"msg":"word salad"}}), the message padded with words from a small
 * vocabulary and cut so the value is exactly {@code size} bytes (an object still closed when {@code size}
 * leaves room for it; a tiny size cuts the object short). Values are written into one reused array.
 * Not thread-safe.
 *
 * <p>Kept minimal on purpose: {@code bench/} has a richer generator on its branch; when it reaches main,
 * a shared one should replace this.
 */
final class SyntheticPayload {
    private static final String[] EVENTS = {"page_view", "click", "add_to_cart", "checkout", "login", "search", "purchase"};
    private static final int[] STATUSES = {200, 200, 200, 200, 200, 201, 204, 400, 404, 500};
    private static final String[] WORDS = ("the quick brown fox jumps over lazy dog request response cache miss hit "
            + "latency user session order cart item price stock retry timeout token search page region node queue "
            + "topic partition offset").split(" ");

    /** The kinds of payload. */
    enum Kind { JSON, RANDOM }

    private final Kind kind;
    private final Random random;
    private final byte[] value;
    private final StringBuilder text;
    private long timestampMs = 1_767_225_600_000L;

    SyntheticPayload(Kind kind, int size, long seed) {
        this.kind = kind;
        this.random = new Random(seed);
        this.value = new byte[size];
        this.text = new StringBuilder(size + 32);
    }

    /** Fills and returns the next value (the same array each time). */
    byte[] next() {
        if (kind == Kind.RANDOM) {
            random.nextBytes(value);
            return value;
        }
        timestampMs += random.nextInt(50);
        text.setLength(0);
        text.append("{\"ts\":").append(timestampMs)
                .append(",\"event\":\"").append(EVENTS[random.nextInt(EVENTS.length)])
                .append("\",\"user\":\"u-");
        String user = Integer.toString(random.nextInt(100_000_000));
        text.append("00000000", user.length(), 8).append(user)
                .append("\",\"status\":").append(STATUSES[random.nextInt(STATUSES.length)])
                .append(",\"latency_ms\":").append(random.nextInt(1000))
                .append(",\"msg\":\"");
        while (text.length() < value.length) {
            text.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
        }
        int closing = 2;
        if (value.length >= text.indexOf("\"msg\":\"") + 7 + closing) {
            text.setLength(value.length - closing);
            text.append("\"}");
        }
        byte[] ascii = text.toString().getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(ascii, 0, value, 0, value.length);
        return value;
    }
}
