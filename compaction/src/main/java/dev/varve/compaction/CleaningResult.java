package dev.varve.compaction;

import java.nio.file.Path;

/**
 * What one {@link SegmentCleaner#clean} pass read and wrote: the three {@code .cleaned} files, and
 * counts of batches, records, tombstones and bytes. {@code keylessRemoved} counts records without a
 * key in the covered range, which compaction drops (Kafka counts them as invalid). Immutable.
 */
public record CleaningResult(
        Path cleanedLog,
        Path cleanedOffsetIndex,
        Path cleanedTimeIndex,
        int segmentsRead,
        long batchesRead,
        long batchesWritten,
        long emptyBatchesKept,
        long recordsRead,
        long recordsKept,
        long tombstonesKept,
        long tombstonesRemoved,
        long keylessRemoved,
        long bytesRead,
        long bytesWritten) {

    /** Records the pass removed: superseded values, expired tombstones, keyless records. */
    public long recordsRemoved() {
        return recordsRead - recordsKept;
    }
}
