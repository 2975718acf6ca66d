package dev.varve.tiered;

/**
 * What one {@link TieredStorage#run} did: segments and bytes uploaded, remote segments deleted by total
 * retention, local segments deleted by local retention, orphans cleaned. Immutable.
 */
public record TierRunSummary(int partitions, int segmentsUploaded, long bytesUploaded, int remoteSegmentsDeleted,
        int localSegmentsDeleted, int orphansCleaned) {
}
