package dev.varve.engine.api;

/**
 * What one append did: the offsets it assigned, its largest timestamp and where that timestamp sits,
 * the log append time it stamped (or -1), and how many records, batches and bytes it stored.
 */
public record AppendResult(
        long firstOffset,
        long lastOffset,
        long maxTimestamp,
        long offsetOfMaxTimestamp,
        long logAppendTime,
        int recordCount,
        int batchCount,
        int sizeInBytes) {
}
