package dev.varve.engine.api;

import java.util.List;
import java.util.Locale;

/**
 * The per-topic log configs, by Kafka's names, with Kafka's defaults and accepted ranges: the one
 * table of them. {@link LogConfig} holds values; this says what each key means and accepts.
 */
public enum LogConfigKey {
    SEGMENT_BYTES("segment.bytes", Type.INT, "1073741824", 1024, Integer.MAX_VALUE,
            "size at which a segment rolls (Kafka's minimum is 1 MiB; Varve accepts 1 KiB for tests and studies)"),
    SEGMENT_MS("segment.ms", Type.LONG, "604800000", 1, Long.MAX_VALUE, "age at which a segment rolls"),
    SEGMENT_JITTER_MS("segment.jitter.ms", Type.LONG, "0", 0, Long.MAX_VALUE, "random jitter subtracted from segment.ms"),
    SEGMENT_INDEX_BYTES("segment.index.bytes", Type.INT, "10485760", 4, Integer.MAX_VALUE, "preallocated size of each index file"),
    INDEX_INTERVAL_BYTES("index.interval.bytes", Type.INT, "4096", 0, Integer.MAX_VALUE, "log bytes between offset index entries"),
    RETENTION_MS("retention.ms", Type.LONG, "604800000", -1, Long.MAX_VALUE, "age after which segments are deleted; -1 keeps them"),
    RETENTION_BYTES("retention.bytes", Type.LONG, "-1", -1, Long.MAX_VALUE, "partition size above which old segments are deleted; -1 keeps them"),
    FILE_DELETE_DELAY_MS("file.delete.delay.ms", Type.LONG, "60000", 0, Long.MAX_VALUE, "delay before a .deleted file is removed"),
    MAX_MESSAGE_BYTES("max.message.bytes", Type.INT, "1048588", 0, Integer.MAX_VALUE, "largest record batch accepted"),
    MESSAGE_TIMESTAMP_TYPE("message.timestamp.type", Type.STRING, "CreateTime", 0, 0, "CreateTime or LogAppendTime",
            "CreateTime", "LogAppendTime"),
    FLUSH_MESSAGES("flush.messages", Type.LONG, "9223372036854775807", 1, Long.MAX_VALUE, "records between forced fsyncs"),
    FLUSH_MS("flush.ms", Type.LONG, "9223372036854775807", 0, Long.MAX_VALUE, "milliseconds between forced fsyncs"),
    PREALLOCATE("preallocate", Type.BOOLEAN, "false", 0, 0, "preallocate segment files"),
    CLEANUP_POLICY("cleanup.policy", Type.LIST, "delete", 0, 0, "delete, compact, or both", "delete", "compact"),
    COMPRESSION_TYPE("compression.type", Type.STRING, "producer", 0, 0, "codec the log stores batches in",
            "producer", "uncompressed", "none", "gzip", "snappy", "lz4", "zstd"),
    MIN_CLEANABLE_DIRTY_RATIO("min.cleanable.dirty.ratio", Type.DOUBLE, "0.5", 0, 1, "dirty ratio at which compaction starts"),
    MIN_COMPACTION_LAG_MS("min.compaction.lag.ms", Type.LONG, "0", 0, Long.MAX_VALUE, "minimum age of a record before compaction"),
    MAX_COMPACTION_LAG_MS("max.compaction.lag.ms", Type.LONG, "9223372036854775807", 1, Long.MAX_VALUE, "age that forces compaction"),
    DELETE_RETENTION_MS("delete.retention.ms", Type.LONG, "86400000", 0, Long.MAX_VALUE, "how long tombstones stay after cleaning"),
    MIN_INSYNC_REPLICAS("min.insync.replicas", Type.INT, "1", 1, Integer.MAX_VALUE, "in-sync replicas an acks=all write needs"),
    UNCLEAN_LEADER_ELECTION_ENABLE("unclean.leader.election.enable", Type.BOOLEAN, "false", 0, 0, "allow out-of-sync leaders"),
    REMOTE_STORAGE_ENABLE("remote.storage.enable", Type.BOOLEAN, "false", 0, 0, "tier closed segments to object storage"),
    LOCAL_RETENTION_MS("local.retention.ms", Type.LONG, "-2", -2, Long.MAX_VALUE, "local age limit of a tiered log; -2 follows retention.ms"),
    LOCAL_RETENTION_BYTES("local.retention.bytes", Type.LONG, "-2", -2, Long.MAX_VALUE, "local size limit of a tiered log; -2 follows retention.bytes");

    /** How a key's value is parsed. */
    public enum Type { INT, LONG, DOUBLE, BOOLEAN, STRING, LIST }

    private final String configName;
    private final Type type;
    private final String defaultValue;
    private final double min;
    private final double max;
    private final String doc;
    private final List<String> allowed;

    LogConfigKey(String configName, Type type, String defaultValue, double min, double max, String doc, String... allowed) {
        this.configName = configName;
        this.type = type;
        this.defaultValue = defaultValue;
        this.min = min;
        this.max = max;
        this.doc = doc;
        this.allowed = List.of(allowed);
    }

    /** Kafka's name for the key, e.g. {@code segment.bytes}. */
    public String configName() {
        return configName;
    }

    public Type type() {
        return type;
    }

    /** Kafka's default, as text. */
    public String defaultValue() {
        return defaultValue;
    }

    public String doc() {
        return doc;
    }

    /** The key with this Kafka name, or null. */
    public static LogConfigKey forName(String name) {
        for (LogConfigKey key : values()) {
            if (key.configName.equals(name)) {
                return key;
            }
        }
        return null;
    }

    /**
     * Checks {@code value} against this key's type and range; returns it normalised.
     *
     * @throws IllegalArgumentException with a message naming the key, the value and what is accepted
     */
    public String validate(String value) {
        if (value == null) {
            throw invalid(value, "a value is required");
        }
        String trimmed = value.trim();
        try {
            switch (type) {
                case INT, LONG -> checkRange(Long.parseLong(trimmed));
                case DOUBLE -> checkRange(Double.parseDouble(trimmed));
                case BOOLEAN -> {
                    if (!trimmed.equalsIgnoreCase("true") && !trimmed.equalsIgnoreCase("false")) {
                        throw invalid(value, "expected true or false");
                    }
                    return trimmed.toLowerCase(Locale.ROOT);
                }
                case STRING -> checkAllowed(value, trimmed);
                case LIST -> {
                    for (String item : trimmed.split(",")) {
                        checkAllowed(value, item.trim());
                    }
                }
            }
        } catch (NumberFormatException e) {
            throw invalid(value, "expected a " + type.name().toLowerCase(Locale.ROOT));
        }
        return trimmed;
    }

    private void checkRange(double number) {
        boolean integral = type == Type.INT || type == Type.LONG;
        if (number < min || number > max) {
            String range = integral ? (long) min + ".." + (long) max : min + ".." + max;
            String shown = integral ? Long.toString((long) number) : Double.toString(number);
            throw invalid(shown, "expected " + range);
        }
    }

    private void checkAllowed(String value, String item) {
        if (!allowed.isEmpty() && !allowed.contains(item)) {
            throw invalid(value, "expected one of " + String.join(", ", allowed));
        }
    }

    private IllegalArgumentException invalid(String value, String expected) {
        return new IllegalArgumentException("invalid value for " + configName + ": '" + value + "': " + expected);
    }
}
