package dev.varve.compaction;

import dev.varve.engine.api.TopicPartition;

/**
 * What {@link LogCleaner#clean} did to one partition: the dirty section it covered
 * ({@code [firstDirtyOffset, cleanedUpTo)}, {@code cleanedUpTo} being the new checkpoint), segments and
 * bytes of the rewritten range before and after, distinct keys in the offset map, records read, kept
 * and removed, tombstones kept and removed, and the wall time. Nothing cleaned reads as zero segments.
 * Immutable.
 */
public record CleaningSummary(
        TopicPartition partition,
        long firstDirtyOffset,
        long cleanedUpTo,
        int segmentsBefore,
        int segmentsAfter,
        long bytesBefore,
        long bytesAfter,
        int distinctKeys,
        long recordsRead,
        long recordsKept,
        long tombstonesKept,
        long tombstonesRemoved,
        long durationNanos) {

    /** Records the pass removed. */
    public long recordsRemoved() {
        return recordsRead - recordsKept;
    }

    /** Whether the pass rewrote anything. */
    public boolean cleanedAnything() {
        return segmentsBefore > 0;
    }

    /** Bytes of the rewritten range read per second of wall time, in MB (10^6 bytes). */
    public double megabytesPerSecond() {
        return durationNanos == 0 ? 0 : bytesBefore / 1e6 / (durationNanos / 1e9);
    }
}
