package dev.varve.compaction;

/** The running counts of one pass, turned into a {@link CleaningResult} at the end. Not thread-safe. */
final class CleaningStats {
    long batchesRead;
    long batchesWritten;
    long emptyBatchesKept;
    long recordsRead;
    long recordsKept;
    long tombstonesKept;
    long tombstonesRemoved;
    long keylessRemoved;
}
