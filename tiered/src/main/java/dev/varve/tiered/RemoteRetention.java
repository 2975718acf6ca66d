package dev.varve.tiered;

import dev.varve.engine.api.LogConfig;
import dev.varve.lmdb.RemoteSegmentMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * Which remote segments total retention deletes, as Kafka's {@code RLMExpirationTask} decides: oldest
 * first, a segment goes when its largest timestamp is older than {@code retention.ms}, or when the whole
 * log (remote segments plus the local bytes not uploaded) would still hold at least {@code retention.bytes}
 * without it; the first segment that stays ends the pass, so what remains is a suffix. Stateless.
 */
final class RemoteRetention {
    private RemoteRetention() {
    }

    /**
     * @param readable   the partition's readable remote segments, oldest first
     * @param localOnlyBytes bytes of the local log that are not in any remote segment (the active segment
     *                   and closed segments not uploaded yet)
     * @return the prefix of {@code readable} to delete
     */
    static List<RemoteSegmentMetadata> expired(List<RemoteSegmentMetadata> readable, LogConfig config, long nowMs,
            long localOnlyBytes) {
        long retentionMs = config.retentionMs();
        long retentionBytes = config.retentionBytes();
        long remaining = localOnlyBytes;
        for (RemoteSegmentMetadata segment : readable) {
            remaining += segment.sizeBytes();
        }
        List<RemoteSegmentMetadata> expired = new ArrayList<>();
        for (RemoteSegmentMetadata segment : readable) {
            boolean byTime = retentionMs >= 0 && segment.maxTimestampMs() >= 0 && nowMs - segment.maxTimestampMs() > retentionMs;
            boolean bySize = retentionBytes >= 0 && remaining - segment.sizeBytes() >= retentionBytes;
            if (!byTime && !bySize) {
                break;
            }
            remaining -= segment.sizeBytes();
            expired.add(segment);
        }
        return expired;
    }
}
