package dev.varve.bench;

import java.util.Locale;

/**
 * The payloads of the {@code varve bench} study, by the name used on the command line and in results,
 * each a {@link RecordSource} fixed by a seed and a mean value size:
 * <ul>
 *   <li>{@link #JSON}: application events as JSON objects ({@link PayloadGenerator}); repeated field
 *       names and enum-like values, random ids and a random token: compresses about 3x;</li>
 *   <li>{@link #LOGS}: application log lines ({@link LogLineGenerator}): a timestamp, level, logger,
 *       thread and a templated message with ids; some ERROR lines carry a Java stack trace; very
 *       repetitive, compresses 4x or more;</li>
 *   <li>{@link #RANDOM}: incompressible bytes ({@link RandomBytesGenerator}), the worst case: every codec
 *       only costs time.</li>
 * </ul>
 */
public enum PayloadKind {
    JSON, LOGS, RANDOM;

    /** The command-line name: json, logs, random. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A new source of this payload with values of about {@code meanValueBytes}. */
    public RecordSource newSource(long seed, int meanValueBytes) {
        switch (this) {
            case JSON: return new PayloadGenerator(seed, meanValueBytes);
            case LOGS: return new LogLineGenerator(seed, meanValueBytes);
            default: return new RandomBytesGenerator(seed, meanValueBytes);
        }
    }

    /**
     * The payload named {@code name} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the valid names
     */
    public static PayloadKind forName(String name) {
        for (PayloadKind kind : values()) {
            if (kind.configName().equalsIgnoreCase(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown payload '" + name + "': expected json, logs or random");
    }
}
