package dev.varve.tiered;

import dev.varve.engine.api.TopicPartition;
import dev.varve.engine.log.LogFileName;
import dev.varve.engine.log.LogFileType;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The object key of one file of one remote segment: the layout of the bucket, and its one definition.
 * <pre>
 *   [&lt;prefix&gt;/]&lt;topic&gt;-&lt;partition&gt;/&lt;20-digit base offset&gt;-&lt;segment id&gt;&lt;suffix&gt;
 *   e.g. varve/orders-3/00000000000000004096-Kw3x9cQmSkS2b1fRQf0Ytg.timeindex
 * </pre>
 * The partition folder and the offset prefix are Kafka's local names, so a listing sorts by partition
 * then offset. The segment id (1 to 64 of {@code [A-Za-z0-9_-]}, e.g. a Kafka-style base64 UUID) differs
 * per upload attempt, as KIP-405's {@code RemoteLogSegmentId} does: a retried or zombie upload never
 * overwrites a segment the metadata already points at. The suffix is the local file's
 * ({@link LogFileType#suffix()}: {@code .log}, {@code .index}, {@code .timeindex}, ...). The prefix (no
 * leading or trailing slash; may be empty) separates clusters sharing a bucket. Immutable.
 */
public record RemoteSegmentKey(TopicPartition topicPartition, long baseOffset, String segmentId, LogFileType type) {
    /** Longest accepted segment id. */
    public static final int MAX_SEGMENT_ID_LENGTH = 64;

    /**
     * @throws IllegalArgumentException for a negative base offset or a segment id outside the alphabet
     */
    public RemoteSegmentKey {
        Objects.requireNonNull(topicPartition, "topicPartition");
        Objects.requireNonNull(type, "type");
        if (baseOffset < 0) {
            throw new IllegalArgumentException("base offset must not be negative: baseOffset=" + baseOffset);
        }
        if (!isSegmentId(segmentId)) {
            throw new IllegalArgumentException("invalid segment id '" + segmentId + "': expected 1 to "
                    + MAX_SEGMENT_ID_LENGTH + " of [A-Za-z0-9_-]");
        }
    }

    /** The key of {@code type} for the upload attempt {@code id}: its id as 22 characters of URL-safe base64, as Kafka prints a Uuid. */
    public static RemoteSegmentKey of(TopicPartition topicPartition, long baseOffset, UUID id, LogFileType type) {
        ByteBuffer bytes = ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
        return new RemoteSegmentKey(topicPartition, baseOffset,
                Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array()), type);
    }

    /** The object key under {@code prefix}. */
    public String objectKey(String prefix) {
        return partitionPrefix(prefix, topicPartition) + LogFileName.prefix(baseOffset) + "-" + segmentId + type.suffix();
    }

    /** The prefix every object of the partition starts with: {@code [<prefix>/]<topic>-<partition>/}. */
    public static String partitionPrefix(String prefix, TopicPartition topicPartition) {
        return checkedPrefix(prefix) + topicPartition.folderName() + "/";
    }

    /**
     * Reads an object key back; empty when the key is not one {@link #objectKey(String)} could have made
     * under {@code prefix} (another tool's object, an unknown suffix).
     */
    public static Optional<RemoteSegmentKey> parse(String prefix, String key) {
        String start = checkedPrefix(prefix);
        int slash = key.lastIndexOf('/');
        if (!key.startsWith(start) || slash < start.length()) {
            return Optional.empty();
        }
        String name = key.substring(slash + 1);
        int dash = LogFileName.PREFIX_DIGITS;
        int dot = name.indexOf('.');
        if (dot <= dash + 1 || name.charAt(dash) != '-') {
            return Optional.empty();
        }
        Optional<LogFileName> file = LogFileName.parse(name.substring(0, dash) + name.substring(dot));
        String segmentId = name.substring(dash + 1, dot);
        if (file.isEmpty() || file.get().suffix() != LogFileName.Suffix.NONE || !isSegmentId(segmentId)) {
            return Optional.empty();
        }
        try {
            TopicPartition partition = TopicPartition.fromFolderName(key.substring(start.length(), slash));
            return Optional.of(new RemoteSegmentKey(partition, file.get().baseOffset(), segmentId, file.get().type()));
        } catch (IllegalArgumentException notAPartition) {
            return Optional.empty();
        }
    }

    private static String checkedPrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.startsWith("/") || prefix.endsWith("/")) {
            throw new IllegalArgumentException("key prefix must not start or end with '/': '" + prefix + "'");
        }
        return prefix.isEmpty() ? "" : prefix + "/";
    }

    private static boolean isSegmentId(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_SEGMENT_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return objectKey("");
    }
}
