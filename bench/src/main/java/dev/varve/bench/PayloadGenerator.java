package dev.varve.bench;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

/**
 * Deterministic, realistic record payloads: JSON-like application events of about 1 KiB, the kind of
 * data a Kafka topic of logs or clickstream carries, so codec ratios and speeds are the ones a real
 * producer sees (not the extremes of zeros or random bytes).
 *
 * <p>One value is one JSON object on one line (UTF-8, ASCII only), with the fields always in this order:
 * <pre>
 * {"ts":1767225600123,              epoch millis, rising by 0..49 ms per event
 *  "event":"page_view",             enum-like: 8 event names
 *  "level":"INFO",                  enum-like: 4 levels, skewed towards INFO
 *  "service":"checkout",            enum-like: 8 service names
 *  "region":"eu-west-1",            enum-like: 5 regions
 *  "host":"checkout-7",             service name plus a small number
 *  "user_id":"u-00482913",          random id, 8 decimal digits
 *  "session_id":"s-5f3a9c21",       random id, 8 hex digits
 *  "trace_id":"4bf92f35...",        32 random hex digits
 *  "span_id":"00f067aa0ba902b7",    16 random hex digits
 *  "status":200,                    enum-like HTTP status, mostly 200
 *  "latency_ms":37,                 random, 0..999
 *  "bytes":5120,                    random, 0..65535
 *  "token":"Zm9v...",               96 characters of base64 of 72 random bytes (incompressible)
 *  "tags":["mobile","beta"],        1 to 3 of 12 tags
 *  "message":"word salad ..."}      words from a 64-word vocabulary until the value reaches its target
 * </pre>
 * The target length of each value is drawn uniformly from 896..1151 bytes (mean about 1 KiB); the
 * message is cut at a word boundary so the value never exceeds its target. Keys are the user id's
 * bytes ({@code u-00482913}, 10 bytes), as a producer keyed by user would send.
 *
 * <p>Other sizes ({@link #PayloadGenerator(long, int)}, used by the {@code varve bench} study): the
 * target is drawn from {@code mean - mean/8 .. mean + mean/8 - 1}. A target smaller than the fixed
 * fields (about 400 bytes, e.g. the study's 100 B records) keeps the leading fields that fit whole and
 * closes the object after them ({@code {"ts":...,"event":"click","level":"INFO"}}); a larger one (10 KiB)
 * gets a longer message. The 1 KiB mean is {@link #PayloadGenerator(long)}, byte for byte.
 *
 * <p>Guarantee: the same seed gives the same sequence of keys and values on every JVM
 * ({@link java.util.Random}'s algorithm is fixed by its specification). Not thread-safe.
 */
public final class PayloadGenerator extends SeededRecordSource {
    /** Base timestamp of the first event: 2026-01-01T00:00:00Z. */
    public static final long BASE_TIMESTAMP_MS = 1_767_225_600_000L;
    /** Smallest and largest target value length in bytes. */
    public static final int MIN_VALUE_BYTES = 896;
    public static final int MAX_VALUE_BYTES = 1151;

    private static final String[] EVENTS = {
        "page_view", "click", "add_to_cart", "checkout", "login", "logout", "search", "purchase"};
    private static final String[] LEVELS = {"INFO", "INFO", "INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"};
    private static final String[] SERVICES = {
        "checkout", "catalog", "payments", "search", "auth", "gateway", "inventory", "shipping"};
    private static final String[] REGIONS = {"eu-west-1", "eu-central-1", "us-east-1", "us-west-2", "ap-south-1"};
    private static final int[] STATUSES = {200, 200, 200, 200, 200, 200, 201, 204, 301, 400, 404, 500};
    private static final String[] TAGS = {
        "mobile", "desktop", "beta", "canary", "eu", "us", "premium", "free", "ios", "android", "web", "api"};
    private static final String[] WORDS = (
            "the quick brown fox jumps over lazy dog request response cache miss hit latency user session "
            + "order cart item price stock warehouse parcel carrier retry timeout backoff token refresh "
            + "expired valid invalid payment card declined approved search query result page filter sort "
            + "region zone node pod container restart healthy degraded upstream downstream queue topic "
            + "partition offset").split(" ");
    /** Bytes the message field needs at least: {@code ,"message":""} and the closing brace. */
    private static final int MESSAGE_FIELD_MIN_BYTES = 14;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final int[] fieldEnds = new int[16];
    private final byte[] tokenBytes = new byte[72];
    private final StringBuilder line = new StringBuilder(MAX_VALUE_BYTES + 64);

    /** A generator whose whole output is fixed by {@code seed}. */
    public PayloadGenerator(long seed) {
        this(seed, (MIN_VALUE_BYTES + MAX_VALUE_BYTES + 1) / 2);
    }

    /**
     * A generator whose values have a mean length of about {@code meanValueBytes} (at least 16), whole
     * output fixed by {@code seed}; {@code 1024} is {@link #PayloadGenerator(long)}.
     */
    public PayloadGenerator(long seed, int meanValueBytes) {
        super(seed, meanValueBytes, 16);
    }

    /** Generates the next event; read it with {@link #key()}, {@link #value()}, {@link #timestampMs()}. */
    @Override
    public PayloadGenerator next() {
        int target = advance();
        int fields = 0;
        String service = pick(SERVICES);
        String userId = "u-" + digits(8);
        line.setLength(0);
        line.append("{\"ts\":").append(timestampMs);
        fieldEnds[fields++] = line.length();
        line.append(",\"event\":\"").append(pick(EVENTS)).append('"');
        fieldEnds[fields++] = line.length();
        line.append(",\"level\":\"").append(pick(LEVELS)).append('"');
        fieldEnds[fields++] = line.length();
        line.append(",\"service\":\"").append(service).append('"');
        fieldEnds[fields++] = line.length();
        line.append(",\"region\":\"").append(pick(REGIONS)).append('"');
        fieldEnds[fields++] = line.length();
        line.append(",\"host\":\"").append(service).append('-').append(random.nextInt(16)).append('"');
        fieldEnds[fields++] = line.length();
        line.append(",\"user_id\":\"").append(userId).append('"');
        fieldEnds[fields++] = line.length();
        line.append(",\"session_id\":\"s-").append(hex(8)).append('"');
        fieldEnds[fields++] = line.length();
        line.append(",\"trace_id\":\"").append(hex(32)).append('"');
        fieldEnds[fields++] = line.length();
        line.append(",\"span_id\":\"").append(hex(16)).append('"');
        fieldEnds[fields++] = line.length();
        line.append(",\"status\":").append(STATUSES[random.nextInt(STATUSES.length)]);
        fieldEnds[fields++] = line.length();
        line.append(",\"latency_ms\":").append(random.nextInt(1000));
        fieldEnds[fields++] = line.length();
        line.append(",\"bytes\":").append(random.nextInt(65536));
        fieldEnds[fields++] = line.length();
        line.append(",\"token\":\"").append(token()).append('"');
        fieldEnds[fields++] = line.length();
        line.append(",\"tags\":[");
        int tagCount = 1 + random.nextInt(3);
        for (int i = 0; i < tagCount; i++) {
            line.append(i == 0 ? "\"" : ",\"").append(pick(TAGS)).append('"');
        }
        line.append(']');
        fieldEnds[fields++] = line.length();
        if (line.length() + MESSAGE_FIELD_MIN_BYTES > target) {
            cutAtField(fields, target);
            key = userId.getBytes(StandardCharsets.US_ASCII);
            value = line.toString().getBytes(StandardCharsets.US_ASCII);
            return this;
        }
        line.append(",\"message\":\"");
        int closing = 2; // "}
        boolean first = true;
        while (true) {
            String word = pick(WORDS);
            int needed = (first ? 0 : 1) + word.length();
            if (line.length() + needed + closing > target) {
                break;
            }
            line.append(first ? "" : " ").append(word);
            first = false;
        }
        line.append("\"}");
        key = userId.getBytes(StandardCharsets.US_ASCII);
        value = line.toString().getBytes(StandardCharsets.US_ASCII);
        return this;
    }

    /** Keeps the leading fields that fit {@code target} with the closing brace (at least the timestamp). */
    private void cutAtField(int fields, int target) {
        int end = fieldEnds[0];
        for (int i = 0; i < fields && fieldEnds[i] + 1 <= target; i++) {
            end = fieldEnds[i];
        }
        line.setLength(end);
        line.append('}');
    }




    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    private String digits(int count) {
        char[] out = new char[count];
        for (int i = 0; i < count; i++) {
            out[i] = (char) ('0' + random.nextInt(10));
        }
        return new String(out);
    }

    private String hex(int count) {
        char[] out = new char[count];
        for (int i = 0; i < count; i++) {
            out[i] = HEX[random.nextInt(16)];
        }
        return new String(out);
    }

    private String token() {
        random.nextBytes(tokenBytes);
        return Base64.getEncoder().encodeToString(tokenBytes);
    }
}
