package dev.varve.engine.segmented;

import dev.varve.engine.api.LogConfig;
import dev.varve.engine.api.LogConfigKey;
import dev.varve.engine.api.LogStorageException;
import java.io.IOException;
import java.nio.file.Files;

/**
 * Decides, oldest segment first, whether retention deletes a segment, as Kafka's
 * {@code deleteOldSegments} does: {@code retention.ms} against the segment's largest timestamp (its
 * file's modification time when no record has a timestamp), then {@code retention.bytes} against what
 * the partition would still hold without it. Both apply only when {@code cleanup.policy} includes
 * {@code delete} ({@code delete} or {@code compact,delete}); a {@code compact}-only log keeps its
 * segments for the cleaner (Kafka's KAFKA-7400 rule; the log-start rule applies to every log and
 * lives in the log). A tiered log ({@code remote.storage.enable}) keeps its local copy by
 * {@code local.retention.ms} and {@code local.retention.bytes} instead (-2: follow {@code retention.*}).
 * Stateful for one pass: it counts the bytes already deleted.
 */
final class RetentionPolicy {
    private final long retentionMs;
    private final long retentionBytes;
    private final long nowMs;
    private long remainingBytes;

    RetentionPolicy(LogConfig config, long nowMs, long partitionBytes) {
        boolean deletes = includesDelete(config);
        boolean tiered = config.remoteStorageEnabled();
        this.retentionMs = !deletes ? -1 : tiered ? config.localRetentionMs() : config.retentionMs();
        this.retentionBytes = !deletes ? -1 : tiered ? config.localRetentionBytes() : config.retentionBytes();
        this.nowMs = nowMs;
        this.remainingBytes = partitionBytes;
    }

    /** Whether {@code segment}, the oldest one left, is to be deleted; if so its bytes count as gone. */
    boolean expired(LogSegment segment) {
        boolean byTime = retentionMs >= 0 && nowMs - largestTimestamp(segment) > retentionMs;
        boolean bySize = retentionBytes >= 0 && remainingBytes - segment.sizeInBytes() >= retentionBytes;
        if (byTime || bySize) {
            remainingBytes -= segment.sizeInBytes();
            return true;
        }
        return false;
    }

    private static boolean includesDelete(LogConfig config) {
        for (String policy : config.get(LogConfigKey.CLEANUP_POLICY).split(",")) {
            if (policy.trim().equals("delete")) {
                return true;
            }
        }
        return false;
    }

    private static long largestTimestamp(LogSegment segment) {
        long largest = segment.largestTimestamp();
        if (largest >= 0) {
            return largest;
        }
        try {
            return Files.getLastModifiedTime(segment.file().path()).toMillis();
        } catch (IOException e) {
            throw new LogStorageException("read modification time", segment.file().path().toString(), e);
        }
    }
}
