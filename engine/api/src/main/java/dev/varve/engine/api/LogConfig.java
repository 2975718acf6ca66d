package dev.varve.engine.api;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A topic's log configuration: Kafka's defaults ({@link LogConfigKey}) overridden by the values set
 * for the topic. Immutable and validated on construction, so a log never runs with a value Kafka
 * would refuse.
 */
public final class LogConfig {
    private static final LogConfig DEFAULTS = new LogConfig(Map.of());

    private final Map<String, String> overrides;

    private LogConfig(Map<String, String> overrides) {
        this.overrides = overrides;
    }

    /** Kafka's defaults, no overrides. */
    public static LogConfig defaults() {
        return DEFAULTS;
    }

    /**
     * Defaults overridden by {@code overrides} (Kafka names to values).
     *
     * @throws IllegalArgumentException naming the first unknown key or invalid value
     */
    public static LogConfig of(Map<String, String> overrides) {
        return DEFAULTS.with(overrides);
    }

    /** This configuration with more overrides applied on top; validated like {@link #of}. */
    public LogConfig with(Map<String, String> more) {
        Map<String, String> merged = new TreeMap<>(overrides);
        for (Map.Entry<String, String> entry : more.entrySet()) {
            LogConfigKey key = LogConfigKey.forName(entry.getKey());
            if (key == null) {
                throw new IllegalArgumentException("unknown topic config '" + entry.getKey() + "'");
            }
            merged.put(key.configName(), key.validate(entry.getValue()));
        }
        LogConfig config = new LogConfig(Collections.unmodifiableMap(merged));
        config.checkRemoteStorage();
        return config;
    }

    /**
     * Kafka's cross-checks of a tiered topic ({@code LogConfig.validateTopicLogConfigValues}): no
     * {@code compact} policy, and each local limit neither -1 nor above its total limit when that is set.
     */
    private void checkRemoteStorage() {
        if (!remoteStorageEnabled()) {
            return;
        }
        if (compacted()) {
            throw new IllegalArgumentException("invalid value for remote.storage.enable: 'true': remote log storage"
                    + " only supports topics with cleanup.policy=delete, not '" + get(LogConfigKey.CLEANUP_POLICY) + "'");
        }
        checkLocalLimit(LogConfigKey.LOCAL_RETENTION_MS, LogConfigKey.RETENTION_MS);
        checkLocalLimit(LogConfigKey.LOCAL_RETENTION_BYTES, LogConfigKey.RETENTION_BYTES);
    }

    private void checkLocalLimit(LogConfigKey localKey, LogConfigKey totalKey) {
        long local = getLong(localKey);
        long total = getLong(totalKey);
        if (total == -1 || local == -2) {
            return;
        }
        if (local == -1) {
            throw new IllegalArgumentException("invalid value for " + localKey.configName() + ": '-1': must not be -1 as "
                    + totalKey.configName() + " is set to " + total);
        }
        if (local > total) {
            throw new IllegalArgumentException("invalid value for " + localKey.configName() + ": '" + local
                    + "': must not be more than " + totalKey.configName() + " (" + total + ")");
        }
    }

    /** The values set explicitly, by Kafka name, sorted. */
    public Map<String, String> overrides() {
        return overrides;
    }

    /** The effective value of {@code key} as text. */
    public String get(LogConfigKey key) {
        return overrides.getOrDefault(key.configName(), key.defaultValue());
    }

    public int getInt(LogConfigKey key) {
        return Integer.parseInt(get(key));
    }

    public long getLong(LogConfigKey key) {
        return Long.parseLong(get(key));
    }

    public double getDouble(LogConfigKey key) {
        return Double.parseDouble(get(key));
    }

    public boolean getBoolean(LogConfigKey key) {
        return Boolean.parseBoolean(get(key));
    }

    public int segmentBytes() {
        return getInt(LogConfigKey.SEGMENT_BYTES);
    }

    public long segmentMs() {
        return getLong(LogConfigKey.SEGMENT_MS);
    }

    public int segmentIndexBytes() {
        return getInt(LogConfigKey.SEGMENT_INDEX_BYTES);
    }

    public int indexIntervalBytes() {
        return getInt(LogConfigKey.INDEX_INTERVAL_BYTES);
    }

    public long retentionMs() {
        return getLong(LogConfigKey.RETENTION_MS);
    }

    public long retentionBytes() {
        return getLong(LogConfigKey.RETENTION_BYTES);
    }

    /** Whether closed segments are tiered to remote storage ({@code remote.storage.enable}). */
    public boolean remoteStorageEnabled() {
        return getBoolean(LogConfigKey.REMOTE_STORAGE_ENABLE);
    }

    /** The effective {@code local.retention.ms}: its value, or {@code retention.ms} when it is -2. */
    public long localRetentionMs() {
        long local = getLong(LogConfigKey.LOCAL_RETENTION_MS);
        return local == -2 ? retentionMs() : local;
    }

    /** The effective {@code local.retention.bytes}: its value, or {@code retention.bytes} when it is -2. */
    public long localRetentionBytes() {
        long local = getLong(LogConfigKey.LOCAL_RETENTION_BYTES);
        return local == -2 ? retentionBytes() : local;
    }

    public int maxMessageBytes() {
        return getInt(LogConfigKey.MAX_MESSAGE_BYTES);
    }

    /** Whether the broker stamps LogAppendTime on append ({@code message.timestamp.type=LogAppendTime}). */
    public boolean logAppendTime() {
        return get(LogConfigKey.MESSAGE_TIMESTAMP_TYPE).equals("LogAppendTime");
    }

    /** Whether {@code cleanup.policy} includes {@code compact}: records then need a key. */
    public boolean compacted() {
        for (String policy : get(LogConfigKey.CLEANUP_POLICY).split(",")) {
            if (policy.trim().equals("compact")) {
                return true;
            }
        }
        return false;
    }

    public long flushMessages() {
        return getLong(LogConfigKey.FLUSH_MESSAGES);
    }

    public long flushMs() {
        return getLong(LogConfigKey.FLUSH_MS);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LogConfig that && overrides.equals(that.overrides);
    }

    @Override
    public int hashCode() {
        return overrides.hashCode();
    }

    @Override
    public String toString() {
        return "LogConfig" + overrides;
    }
}
